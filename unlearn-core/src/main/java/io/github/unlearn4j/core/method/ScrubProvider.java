package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainScope;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import java.util.List;

/**
 * {@code scrub}: the student starts from θ_o; the teacher is θ_o, frozen. Each epoch, while
 * epoch &lt; {@code maxSteps}, a max pass over D_f minimizes {@code −KL_T(teacher ‖ student)}; then a
 * min pass over D_r minimizes {@code γ·CE + α·KL_T(teacher ‖ student)}, with
 * {@code KL_T = T²·KL(softmax(z_t/T) ‖ softmax(z_s/T))} (SCRUB's {@code DistillKL}).
 *
 * <p>Defaults from SCRUB's large-scale notebook and {@code train_distill}: γ = 0.99, α = 0.001,
 * T = 4, maxSteps = 2, 3 epochs, learning rate 5e-4, momentum 0.9, weight decay 5e-4; batch 256.
 */
public final class ScrubProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "scrub";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(5e-4, 3, 256, 0.9, 5e-4);
    private static final Setting<Double> ALPHA = Setting.real("alpha", 0.001, 0, 1000, "weight of KL on the retain set");
    private static final Setting<Double> GAMMA = Setting.real("gamma", 0.99, 0, 1000, "weight of CE on the retain set");
    private static final Setting<Double> TEMPERATURE =
            Setting.positiveReal("temperature", 4, "distillation temperature T");
    private static final Setting<Integer> MAX_STEPS =
            Setting.integer("maxSteps", 2, 0, 1_000_000, "epochs that include the max pass over the forget set");

    /** Creates the provider; cheap. */
    public ScrubProvider() {
        super(NAME, "teacher-student: push away from the frozen teacher on D_f, stay close on D_r",
                TrainingSettings.declareWithSchedule(DEFAULTS, ALPHA, GAMMA, TEMPERATURE, MAX_STEPS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        int maxSteps = s.get(MAX_STEPS);
        List<ObjectiveTerm> terms = new java.util.ArrayList<>(List.of(
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, s.get(GAMMA)),
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.KL_TEACHER, s.get(ALPHA))));
        if (maxSteps > 0) {
            terms.add(0, ObjectiveTerm.of(DataRole.FORGET, TermKind.KL_TEACHER, -1.0));
        }
        TrainingSettings t = TrainingSettings.from(s);
        int forgetEpochs = Math.min(maxSteps, t.epochs());
        Phase phase = new Phase(NAME, t, TrainingSettings.schedule(s), terms, BatchOrdering.FORGET_FIRST,
                forgetEpochs == t.epochs() ? 0 : forgetEpochs, 0, s.get(TEMPERATURE), TrainScope.ALL);
        return Recipe.unmasked(false, phase);
    }
}
