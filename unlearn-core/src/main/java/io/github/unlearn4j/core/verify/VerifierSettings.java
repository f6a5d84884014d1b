package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.Setting;

/** The settings that the core verifiers share, under the same names everywhere. */
public final class VerifierSettings {
    /** Name of the minimum-sample setting. */
    public static final String MIN_SAMPLES = "minSamples";
    /** Name of the MIA feature setting. */
    public static final String FEATURE = "feature";
    /** The default minimum number of samples below which a metric is not solid. */
    public static final int DEFAULT_MIN_SAMPLES = 30;

    /**
     * {@code minSamples}: a metric computed on fewer samples is flagged, and a policy threshold on it
     * is INCONCLUSIVE rather than held or failed.
     */
    public static final Setting<Integer> MIN_SAMPLES_SETTING = Setting.integer(MIN_SAMPLES, DEFAULT_MIN_SAMPLES, 1,
            1_000_000_000, "metrics computed on fewer samples are flagged, and a policy calls them inconclusive");

    /** {@code feature}: the per-sample feature of the membership-inference attack. */
    public static final Setting<MiaFeature> FEATURE_SETTING = Setting.choice(FEATURE, MiaFeature.class,
            MiaFeature.CONFIDENCE, "membership-inference feature: confidence, entropy, modified-entropy or correctness");

    /** {@code attack}: the membership-inference attack of {@code mia}. */
    public static final Setting<MiaAttack> ATTACK_SETTING = Setting.choice("attack", MiaAttack.class,
            MiaAttack.THRESHOLD, "membership-inference attack: threshold (one feature) or multi-feature (logistic"
                    + " regression on loss, confidence, entropy, modified entropy)");

    private VerifierSettings() {}
}
