package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * {@code ga}: gradient ascent on the forget set, minimizing {@code −CE(θ; D_f)} by SGD over forget
 * batches. It raises the forget loss quickly and, unchecked, the retain loss with it.
 *
 * <p>Defaults: learning rate 1e-4, 5 epochs, batch 256, momentum 0.9, weight decay 5e-4; from the
 * l1-sparse README (GA: 5 epochs, lr 1e-4).
 */
public final class GradientAscentProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "ga";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(1e-4, 5, 256, 0.9, 5e-4);

    /** Creates the provider; cheap. */
    public GradientAscentProvider() {
        super(NAME, "gradient ascent on the forget set: minimize -CE(D_f)", TrainingSettings.declareWithSchedule(DEFAULTS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        return Recipe.unmasked(false, Phase.simple(NAME, TrainingSettings.from(s), BatchOrdering.PAIRED,
                        ObjectiveTerm.of(DataRole.FORGET, TermKind.TASK, -1.0))
                .withSchedule(TrainingSettings.schedule(s)));
    }
}
