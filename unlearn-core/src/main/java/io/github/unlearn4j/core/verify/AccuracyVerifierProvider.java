package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Registers {@link AccuracyVerifier} as {@code accuracy}; setting {@code minSamples}. */
public final class AccuracyVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(AccuracyVerifier.NAME, List.of(VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap. */
    public AccuracyVerifierProvider() {}

    @Override
    public String name() {
        return AccuracyVerifier.NAME;
    }

    @Override
    public String description() {
        return "UA, RA and TA, forget-set confidence, the same on unseen test rows of the forget classes, and the mean losses";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new AccuracyVerifier(settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return MetricCatalog.standardOf(name());
    }
}
