package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * {@code retrain}: the golden reference. Re-initialize the model from the run's seed, then minimize
 * the task loss on D_r by SGD (the update of {@code ft}). Exact but slow: every other method is
 * judged by its distance to this one and its cost against it.
 *
 * <p>Defaults (learning rate 0.01, 30 epochs, batch 256, momentum 0.9, weight decay 5e-4, constant
 * schedule) are a generic recipe; to reproduce your original training, set them to its recipe.
 */
public final class RetrainProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "retrain";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 30, 256, 0.9, 5e-4);

    /** Creates the provider; cheap. */
    public RetrainProvider() {
        super(NAME, "re-initialize and train on the retain set only (the golden reference; slow)",
                TrainingSettings.declareWithSchedule(DEFAULTS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        return Recipe.unmasked(true, Phases.retainFineTune(NAME, TrainingSettings.from(s), TrainingSettings.schedule(s)));
    }
}
