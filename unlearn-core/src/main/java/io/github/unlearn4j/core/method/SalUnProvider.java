package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.RandomLabels;
import io.github.unlearn4j.core.recipe.Ranking;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.SaliencyMask;
import io.github.unlearn4j.core.recipe.SaliencyScore;
import io.github.unlearn4j.core.recipe.SaliencySource;
import io.github.unlearn4j.core.recipe.TrainScope;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.recipe.WeightTreatment;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code salun}: saliency unlearning (Fan et al.). The mask m selects the top {@code fraction} of
 * parameters by forget saliency {@code |∇θ(−CE(θ_o; D_f))|}, ranked globally; the unlearned model is
 * {@code θ = m ⊙ (θ_o + Δ) + (1 − m) ⊙ θ_o}: only the selected weights move (the others are left
 * bit-identical, as restoring them after every step does), under the RL objective (random labels on
 * D_f, then CE on D_r, each epoch).
 *
 * <p>Defaults: fraction 0.5, gradient saliency, global ranking, learning rate 0.013, 10 epochs,
 * batch 256, momentum 0.9, weight decay 5e-4: the reference example run
 * ({@code --unlearn RL --unlearn_epochs 10 --unlearn_lr 0.013 --mask_path with_0.5.pt}).
 * {@code score = ratio} ranks by forget over retain saliency instead; {@code objective = ft} trains
 * the selected weights on D_r only (the regression form used by {@code ./unlearn4j theory});
 * {@code selected = reset-zero} zeroes the selected weights first. {@code saliency} may also be
 * {@code fisher}, {@code per-example-fisher}, {@code feature-usage} (reference linear models),
 * {@code activation-usage} or {@code activation-usage-weighted} (see {@link SaliencySource}; how
 * each scores biases and the output layer is in {@link SaliencyMask}); {@code saliencyRows} caps the
 * rows that {@code per-example-fisher} scores (one backward pass per row). {@code randomLabels = other}
 * draws the forget labels from the C − 1 wrong classes ({@code y' ≠ y}, the paper's formula); the
 * default {@code any} draws from all C, as the reference code's {@code RL} does.
 */
public final class SalUnProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "salun";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.013, 10, 256, 0.9, 5e-4);

    /** The objective applied to the selected weights. */
    public enum Objective {
        /** Random labels on D_f, then CE on D_r, each epoch. */
        RL,
        /** CE on D_r only. */
        FT
    }

    static final Setting<Double> FRACTION = Setting.fraction("fraction", 0.5, "share of parameters selected");
    static final Setting<SaliencySource> SALIENCY =
            Setting.choice("saliency", SaliencySource.class, SaliencySource.GRADIENT, "saliency source",
                    EnumSet.complementOf(EnumSet.of(SaliencySource.AUTO)));
    static final Setting<SaliencyScore> SCORE =
            Setting.choice("score", SaliencyScore.class, SaliencyScore.FORGET, "forget saliency, or forget/retain ratio");
    static final Setting<Ranking> RANKING = Setting.choice("ranking", Ranking.class, Ranking.GLOBAL, "selection rule",
            EnumSet.complementOf(EnumSet.of(Ranking.AUTO)));
    static final Setting<Double> THRESHOLD =
            Setting.real("threshold", 0, 0, Double.MAX_VALUE, "score cut for ranking=threshold");
    static final Setting<WeightTreatment> SELECTED = Setting.choice("selected", WeightTreatment.class,
            WeightTreatment.KEEP, "what happens to the selected weights before training");
    static final Setting<Objective> OBJECTIVE =
            Setting.choice("objective", Objective.class, Objective.RL, "objective on the selected weights");
    static final Setting<Integer> SALIENCY_ROWS = Setting.integer("saliencyRows", 0, 0, Integer.MAX_VALUE,
            "per-example-fisher: score at most this many evenly spaced rows (sum scaled to all rows); 0 = all");
    static final Setting<RandomLabels> RANDOM_LABELS = RandomLabels.setting(
            "objective=rl forget-set labels: any (uniform over all classes) or other (never the true one)");

    /** Creates the provider; cheap. */
    public SalUnProvider() {
        super(NAME, "forget-saliency mask (top fraction), then random labels on the masked weights only",
                TrainingSettings.declareWithSchedule(
                        DEFAULTS, FRACTION, SALIENCY, SCORE, RANKING, THRESHOLD, SELECTED, OBJECTIVE, RANDOM_LABELS,
                        SALIENCY_ROWS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        SaliencyMask mask = new SaliencyMask(s.get(SCORE), s.get(SALIENCY), s.get(RANKING), s.get(FRACTION),
                s.get(THRESHOLD), TrainingSettings.from(s).batchSize(), s.get(SALIENCY_ROWS));
        Phase phase = s.get(OBJECTIVE) == Objective.RL
                ? Phases.randomLabels(NAME, TrainingSettings.from(s), TrainingSettings.schedule(s),
                        s.get(RANDOM_LABELS).mode())
                : Phases.retainFineTune(NAME, TrainingSettings.from(s), TrainingSettings.schedule(s));
        return new Recipe(false, mask, s.get(SELECTED), WeightTreatment.KEEP,
                List.of(phase.withScope(TrainScope.SELECTED)));
    }
}
