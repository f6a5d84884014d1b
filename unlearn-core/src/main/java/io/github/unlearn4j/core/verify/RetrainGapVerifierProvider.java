package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Registers {@link RetrainGapVerifier} as {@code retrain-gap}; settings {@code feature}, {@code minSamples}. */
public final class RetrainGapVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA = SettingsSchema.of(RetrainGapVerifier.NAME,
            List.of(VerifierSettings.FEATURE_SETTING, VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap. */
    public RetrainGapVerifierProvider() {}

    @Override
    public String name() {
        return RetrainGapVerifier.NAME;
    }

    @Override
    public String description() {
        return "gaps to a retrained reference: |UA|, |RA|, |TA|, |MIA| gaps, Avg. Gap, KL on forget and test sets";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new RetrainGapVerifier(settings.get(VerifierSettings.FEATURE_SETTING),
                settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return MetricCatalog.standardOf(name());
    }
}
