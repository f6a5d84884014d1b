package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.recipe.WeightTreatment;

/** Registers {@link RbmUnlearner} as {@code rbm}; see it for the update rule and defaults. */
public final class RbmProvider implements UnlearnerProvider {
    /** The registered name. */
    public static final String NAME = "rbm";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.03, 10, 256, 0.9, 5e-4);

    static final Setting<RbmUnlearner.Saliency> SALIENCY = Setting.choice("saliency", RbmUnlearner.Saliency.class,
            RbmUnlearner.Saliency.AUTO, "retain saliency source");
    static final Setting<RbmUnlearner.Selection> RANKING = Setting.choice("ranking", RbmUnlearner.Selection.class,
            RbmUnlearner.Selection.AUTO, "how kept weights are selected");
    static final Setting<Double> KEEP_FRACTION =
            Setting.fraction("keepFraction", 0.5, "share of weights kept by retain saliency (global/per-tensor)");
    static final Setting<Double> THRESHOLD =
            Setting.real("threshold", 0, 0, Double.MAX_VALUE, "retain saliency above which a weight is kept (threshold)");
    static final Setting<RbmUnlearner.Variant> VARIANT = Setting.choice("variant", RbmUnlearner.Variant.class,
            RbmUnlearner.Variant.AUTO, "reset-ft: reset unkept then FT; masked-rl: RL on unkept weights only");
    static final Setting<WeightTreatment> UNKEPT = Setting.choice("unkept", WeightTreatment.class,
            WeightTreatment.RESET_ZERO, "what reset-ft does to unkept weights (reset-zero or reinitialize)");

    private static final SettingsSchema SCHEMA = SettingsSchema.of(NAME, TrainingSettings.declareWithSchedule(
            DEFAULTS, SALIENCY, RANKING, KEEP_FRACTION, THRESHOLD, VARIANT, UNKEPT));

    /** Creates the provider; cheap. */
    public RbmProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "retention-based masking: keep weights salient to the retain set, remove forget components from the rest";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        return new RbmUnlearner(settings);
    }
}
