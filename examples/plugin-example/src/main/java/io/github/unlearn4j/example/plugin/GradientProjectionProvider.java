package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.method.FineTuneProvider;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * Registers {@link GradientProjectionUnlearner} as {@code ft-gradproj}; see it for the update rule.
 *
 * <p>Settings: {@code learningRate}, {@code epochs}, {@code batchSize}, {@code momentum},
 * {@code weightDecay} and {@code schedule}, with the defaults of {@code ft}
 * ({@link FineTuneProvider#DEFAULTS}: learning rate 0.01, 10 epochs, batch 256, momentum 0.9, weight
 * decay 5e-4, constant schedule), so that {@code ft-gradproj} and {@code ft} differ only in the
 * projection. The forget batches have the same size as the retain batches.
 */
public final class GradientProjectionProvider implements UnlearnerProvider {
    /** The registered name. */
    public static final String NAME = "ft-gradproj";

    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(NAME, TrainingSettings.declareWithSchedule(FineTuneProvider.DEFAULTS));

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public GradientProjectionProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fine-tune on the retain set, removing from each retain gradient its component along the forget gradient";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        return new GradientProjectionUnlearner(NAME, settings);
    }
}
