package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.verify.MetricDeclaring;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.VerifierSettings;
import java.util.List;

/**
 * Registers {@link ConfidenceGapVerifier} as {@code confidence-gap}, with the core verifiers' setting
 * {@code minSamples} (default {@value VerifierSettings#DEFAULT_MIN_SAMPLES}), and declares its metrics
 * so that a policy can name them.
 */
public final class ConfidenceGapVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(ConfidenceGapVerifier.NAME, List.of(VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public ConfidenceGapVerifierProvider() {}

    @Override
    public String name() {
        return ConfidenceGapVerifier.NAME;
    }

    @Override
    public String description() {
        return "forget-set minus unseen-test-row confidence in the true class, in points (near 0: looks unseen)";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new ConfidenceGapVerifier(settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return ConfidenceGapVerifier.metricSpecs();
    }
}
