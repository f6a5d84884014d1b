package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;

/** Registers {@link FineTuneUnlearner} as {@code ft}. */
public final class FineTuneProvider implements UnlearnerProvider {
    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(FineTuneUnlearner.NAME, TrainingSettings.declare(FineTuneUnlearner.DEFAULTS));

    /** Creates the provider; cheap. */
    public FineTuneProvider() {}

    @Override
    public String name() {
        return FineTuneUnlearner.NAME;
    }

    @Override
    public String description() {
        return "fine-tune on the retain set with SGD (fast; leaves traces of the forget set)";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        return new FineTuneUnlearner(settings);
    }
}
