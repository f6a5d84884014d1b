package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;

/** Registers {@link RetrainUnlearner} as {@code retrain}. */
public final class RetrainProvider implements UnlearnerProvider {
    private static final SettingsSchema SCHEMA =
            SettingsSchema.of(RetrainUnlearner.NAME, TrainingSettings.declare(RetrainUnlearner.DEFAULTS));

    /** Creates the provider; cheap. */
    public RetrainProvider() {}

    @Override
    public String name() {
        return RetrainUnlearner.NAME;
    }

    @Override
    public String description() {
        return "re-initialize and train on the retain set only (the golden reference; slow)";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        return new RetrainUnlearner(settings);
    }
}
