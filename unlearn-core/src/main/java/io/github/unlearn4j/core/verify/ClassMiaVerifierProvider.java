package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Registers {@link ClassMiaVerifier} as {@code class-mia}; setting {@code minSamples}. */
public final class ClassMiaVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    private static final SettingsSchema SCHEMA = SettingsSchema.of(ClassMiaVerifier.NAME,
            List.of(VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap. */
    public ClassMiaVerifierProvider() {}

    @Override
    public String name() {
        return ClassMiaVerifier.NAME;
    }

    @Override
    public String description() {
        return "class-wise attack: can the remaining-class probabilities on forget rows tell the model from retraining";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings settings) {
        return new ClassMiaVerifier(settings.get(VerifierSettings.MIN_SAMPLES_SETTING));
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        return List.of(
                new MetricSpec("classMiaAuc", ClassMiaVerifier.NAME, 0, 1, MetricSpec.CLASSIFICATION, false, true, null,
                        true, "AUC of telling the model's remaining-class probabilities on forget rows from retraining's"
                                + " (0.5 = cannot)"),
                new MetricSpec("classMiaKl", ClassMiaVerifier.NAME, 0, Double.POSITIVE_INFINITY,
                        MetricSpec.CLASSIFICATION, false, true, null, true,
                        "mean KL(reference || model) over the remaining classes on forget rows, nats"));
    }
}
