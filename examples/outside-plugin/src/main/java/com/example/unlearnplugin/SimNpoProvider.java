package com.example.unlearnplugin;

import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.method.RecipeProvider;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import java.util.List;

/**
 * {@code simnpo}: from the trained θ_o, minimize
 *
 * <pre>
 *   L(θ) = mean_{(x,y) ∈ B_f} ℓ_SimNPO(z_θ(x), y) + λ · CE(θ; B_r)
 * </pre>
 *
 * with AdamW, one step per retain batch B_r, each paired with a forget batch B_f (the forget set
 * cycled), for {@code epochs} passes over the retain set. {@link SimNpoLoss} is the forget term:
 * it lowers the forget rows' true-class probability and stops by itself once they are no longer
 * predicted with confidence; the retain cross-entropy keeps what the model knows of the rest.
 * This is the SimNPO objective of Fan et al. (2024) with a retain regularizer, as in that paper.
 *
 * <p>A {@link RecipeProvider}: the method is one {@link Phase} of two {@link ObjectiveTerm}s,
 * {@code ObjectiveTerm.custom(FORGET, new SimNpoLoss(β, γ), 1)} and the built-in retain task term,
 * with {@code Phase.withOptimizer(new AdamWConfig(0.9, 0.999, 1e-8, weightDecay))}. Every backend
 * runs it (the loss is a {@link io.github.unlearn4j.api.model.LogitLoss}; AdamW is native on both
 * backends). Classification models only.
 *
 * <p>Settings (defaults): {@code learningRate} (1e-3, Adam's usual step), {@code epochs} (5),
 * {@code batchSize} (64), {@code weightDecay} (0, AdamW's decoupled decay), {@code beta} (2.5, as
 * in the paper), {@code gamma} (0) and {@code retainWeight} (λ, 1).
 */
public final class SimNpoProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "simnpo";
    /** The AdamW learning rate. */
    public static final Setting<Double> LEARNING_RATE =
            Setting.positiveReal(TrainingSettings.LEARNING_RATE, 1e-3, "AdamW learning rate");
    /** Passes over the retain set. */
    public static final Setting<Integer> EPOCHS =
            Setting.integer(TrainingSettings.EPOCHS, 5, 1, 1_000_000, "passes over the retain set");
    /** Rows per retain batch and per forget batch. */
    public static final Setting<Integer> BATCH_SIZE = Setting.integer(TrainingSettings.BATCH_SIZE, 64, 1, 1 << 24,
            "rows per retain batch and per forget batch");
    /** AdamW's decoupled weight decay. */
    public static final Setting<Double> WEIGHT_DECAY =
            Setting.real(TrainingSettings.WEIGHT_DECAY, 0.0, 0, 1, "AdamW decoupled weight decay");
    /** β of {@link SimNpoLoss}. */
    public static final Setting<Double> BETA = Setting.positiveReal("beta", 2.5,
            "SimNPO inverse temperature: larger stops pushing a forget row sooner");
    /** γ of {@link SimNpoLoss}. */
    public static final Setting<Double> GAMMA = Setting.real("gamma", 0.0, 0, 10,
            "SimNPO reward margin: larger keeps pushing forget rows longer");
    /** λ, the weight of the retain cross-entropy. */
    public static final Setting<Double> RETAIN_WEIGHT = Setting.real("retainWeight", 1.0, 0, 100,
            "weight of the retain-set cross-entropy");

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public SimNpoProvider() {
        super(NAME, "SimNPO on the forget set (self-stopping ascent) + CE on the retain set, with AdamW",
                List.of(LEARNING_RATE, EPOCHS, BATCH_SIZE, WEIGHT_DECAY, BETA, GAMMA, RETAIN_WEIGHT));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        // TrainingSettings' momentum and weight decay belong to the default SGD, which AdamW replaces
        TrainingSettings training = new TrainingSettings(s.get(LEARNING_RATE), s.get(EPOCHS), s.get(BATCH_SIZE), 0, 0);
        SimNpoLoss forget = new SimNpoLoss(s.get(BETA), s.get(GAMMA));
        Phase phase = Phase.simple(NAME, training, BatchOrdering.PAIRED,
                        ObjectiveTerm.custom(DataRole.FORGET, forget, 1.0),
                        ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, s.get(RETAIN_WEIGHT)))
                .withOptimizer(new AdamWConfig(0.9, 0.999, 1e-8, s.get(WEIGHT_DECAY)));
        return Recipe.unmasked(false, phase);
    }
}
