package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.List;

/**
 * {@code l1-sparse}: fine-tuning with a decaying ℓ1 penalty, {@code CE(θ; D_r) + α_t ‖θ‖₁} with
 * {@code α_t = α (1 − epoch / epochs)}, i.e. the subgradient {@code α_t sign(θ)} in the SGD update
 * (l1-sparse's {@code FT_l1}).
 *
 * <p>Defaults: α = 5e-4 (the l1-sparse paper's γ, from memory; the code's command-line default is
 * dataset-specific), learning rate 0.01, 10 epochs, batch 256, momentum 0.9, weight decay 5e-4.
 */
public final class L1SparseProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "l1-sparse";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 10, 256, 0.9, 5e-4);
    private static final Setting<Double> ALPHA =
            Setting.real("alpha", 5e-4, 0, 10, "initial l1 strength, decaying linearly to 0 over the epochs");

    /** Creates the provider; cheap. */
    public L1SparseProvider() {
        super(NAME, "fine-tune with an l1 penalty decaying linearly to 0 (sparser weights)",
                TrainingSettings.declareWithSchedule(DEFAULTS, ALPHA));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        LearningRateSchedule schedule = TrainingSettings.schedule(s);
        return Recipe.unmasked(false, new Phase(NAME, TrainingSettings.from(s), schedule,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1.0)), BatchOrdering.PAIRED, 0,
                s.get(ALPHA), 1, io.github.unlearn4j.core.recipe.TrainScope.ALL));
    }
}
