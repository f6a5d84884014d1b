package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * {@code ft}: fine-tuning. From the trained θ_o, minimize the task loss on D_r by SGD:
 * {@code θ ← θ − η v, v ← μ v + ∇CE(θ; B_r) + λ θ} over retain batches B_r. Fast and accurate, but it
 * does not forget: in linear regression it converges to {@code w_t = (I − P_r) w_o + X_r⁺ y_r},
 * which keeps the part of w_o outside the retain data's row space (DESIGN.md §2).
 *
 * <p>Defaults: learning rate 0.01, 10 epochs, batch 256, momentum 0.9, weight decay 5e-4, constant
 * schedule; from the public reference code of SalUn / l1-sparse ({@code unlearn/FT.py}).
 */
public final class FineTuneProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "ft";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 10, 256, 0.9, 5e-4);

    /** Creates the provider; cheap. */
    public FineTuneProvider() {
        super(NAME, "fine-tune on the retain set with SGD (fast; leaves traces of the forget set)",
                TrainingSettings.declareWithSchedule(DEFAULTS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        return Recipe.unmasked(false, Phases.retainFineTune(NAME, TrainingSettings.from(s), TrainingSettings.schedule(s)));
    }
}
