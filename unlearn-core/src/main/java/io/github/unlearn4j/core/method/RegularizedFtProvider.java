package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.LabelMode;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * The paper's v1 "discriminative regularization" of FT: {@code CE(θ; B_r) + α · F(θ; B_f)} over
 * paired batches (forget set cycled), where the forget term F pushes forget samples away from their
 * labels. The three subclasses differ only in F.
 *
 * <p>Defaults: α = 0.5 (provisional: v1 states α ∈ (0, 1] but its value was not available), learning
 * rate 0.01, 10 epochs, batch 256, momentum 0.9, weight decay 5e-4 (FT's).
 */
public abstract class RegularizedFtProvider extends RecipeProvider {
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 10, 256, 0.9, 5e-4);
    private static final Setting<Double> ALPHA = Setting.real("alpha", 0.5, 0, 1000, "weight of the forget-set term");

    private final ObjectiveTerm forgetTerm;

    /**
     * Creates the provider.
     *
     * @param name the method name
     * @param description one line
     * @param kind the forget term's loss
     * @param labels the forget term's labels
     */
    protected RegularizedFtProvider(String name, String description, TermKind kind, LabelMode labels) {
        super(name, description, TrainingSettings.declareWithSchedule(DEFAULTS, ALPHA));
        this.forgetTerm = new ObjectiveTerm(DataRole.FORGET, kind, 1.0, labels);
    }

    @Override
    protected final Recipe recipe(ResolvedSettings s) {
        double alpha = s.get(ALPHA);
        ObjectiveTerm f = new ObjectiveTerm(DataRole.FORGET, forgetTerm.kind(), alpha, forgetTerm.labels());
        return Recipe.unmasked(false, Phase.simple(name(), TrainingSettings.from(s), BatchOrdering.PAIRED,
                        ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1.0), f)
                .withSchedule(TrainingSettings.schedule(s)));
    }
}
