package com.example.unlearnplugin;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.verify.MetricDeclaring;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.VerifierSettings;
import java.util.List;

/**
 * Registers {@link PredictionEntropyVerifier} under {@value PredictionEntropyVerifier#NAME}, with one
 * setting, core's shared {@code minSamples}, and declares its two metrics
 * ({@link MetricDeclaring}) so that {@code --policy "forgetEntropy ..."} is accepted before any
 * compute.
 */
public final class PredictionEntropyVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(PredictionEntropyVerifier.NAME, List.of(VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public PredictionEntropyVerifierProvider() {}

    /** @return the two metrics of {@link PredictionEntropyVerifier#specs()} */
    @Override
    public List<MetricSpec> metricSpecs() {
        return PredictionEntropyVerifier.specs();
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new PredictionEntropyVerifier(settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public String description() {
        return "mean prediction entropy on the forget and retain sets, % of ln C (higher on D_f: less certain)";
    }

    @Override
    public String name() {
        return PredictionEntropyVerifier.NAME;
    }
}
