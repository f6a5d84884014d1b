package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Registers {@link MiaVerifier} as {@code mia}; settings {@code feature}, {@code attack} and {@code minSamples}. */
public final class MiaVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA = SettingsSchema.of(MiaVerifier.NAME,
            List.of(VerifierSettings.FEATURE_SETTING, VerifierSettings.ATTACK_SETTING,
                    VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap. */
    public MiaVerifierProvider() {}

    @Override
    public String name() {
        return MiaVerifier.NAME;
    }

    @Override
    public String description() {
        return "membership-inference efficacy: share of the forget set a threshold attack calls non-member, and its AUC";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new MiaVerifier(settings.get(VerifierSettings.FEATURE_SETTING),
                settings.get(VerifierSettings.ATTACK_SETTING), settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return MetricCatalog.standardOf(name());
    }
}
