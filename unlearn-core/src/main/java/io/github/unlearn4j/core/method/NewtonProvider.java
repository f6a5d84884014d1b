package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.util.List;

/** Registers {@link NewtonUnlearner} as {@code newton}; see it for the update rule and defaults. */
public final class NewtonProvider implements UnlearnerProvider {
    /** The registered name. */
    public static final String NAME = "newton";

    static final Setting<Double> RIDGE =
            Setting.real("ridge", 1e-3, 0, 1e6, "ridge coefficient lambda of the remaining objective");
    static final Setting<Integer> STEPS = Setting.integer("steps", 1, 1, 100, "Newton steps");
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batchSize", 1024, 1, 1 << 24, "rows per gradient batch");
    private static final SettingsSchema SCHEMA = SettingsSchema.of(NAME, List.of(RIDGE, STEPS, BATCH_SIZE));

    /** Creates the provider; cheap. */
    public NewtonProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "one Newton step on the ridge-regularized retain objective (linear models; exact for ridge regression)";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        return new NewtonUnlearner(settings);
    }
}
