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

/**
 * {@code neggrad+}: minimize {@code β·CE(θ; B_r) − (1 − β)·CE(θ; B_f)} over paired batches, one
 * retain batch B_r with one forget batch B_f per step, the forget set cycled (SCRUB's
 * {@code train_negrad}).
 *
 * <p>Defaults: β = 0.95 (our provisional choice; the reference code takes β as an argument),
 * learning rate 0.01, 5 epochs, batch 256, momentum 0.9, weight decay 5e-4.
 */
public final class NegGradPlusProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "neggrad+";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 5, 256, 0.9, 5e-4);
    private static final Setting<Double> BETA =
            Setting.real("beta", 0.95, 0, 1, "weight of the retain CE; the forget CE is ascended with 1 - beta");

    /** Creates the provider; cheap. */
    public NegGradPlusProvider() {
        super(NAME, "beta*CE(D_r) - (1-beta)*CE(D_f) on paired batches",
                TrainingSettings.declareWithSchedule(DEFAULTS, BETA));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        double beta = s.get(BETA);
        return Recipe.unmasked(false, Phase.simple(NAME, TrainingSettings.from(s), BatchOrdering.PAIRED,
                        ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, beta),
                        ObjectiveTerm.of(DataRole.FORGET, TermKind.TASK, -(1 - beta)))
                .withSchedule(TrainingSettings.schedule(s)));
    }
}
