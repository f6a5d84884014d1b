package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
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
 * {@code rbm}: Retention-Based Masking, the paper's method (DESIGN.md §2), as a recipe. The saliency
 * map comes from the <em>retain</em> data, unlike SalUn's: the weights that matter to D_r are kept;
 * the forget components are removed from the rest; then the model is fine-tuned. In order:
 *
 * <ol>
 *   <li>resolve: {@code saliency = auto} and {@code ranking = auto} are decided on θ_o and the data
 *       ({@link SaliencyMask#resolve}): feature usage ({@code Σ_i |x_ij|}) with threshold ranking
 *       when the model offers it and some weight is unused by D_r (sparse features, the theory's
 *       setting); on a network that offers activation usage (DJL dense and conv2d networks),
 *       activation usage ranked globally; else the Fisher diagonal (accumulated squared gradient)
 *       ranked globally;
 *   <li>score every weight by retain saliency s_r at θ_o; keep K = the top {@code keepFraction}
 *       (ranked globally or per tensor) or every weight with s_r &gt; {@code threshold}; U = the rest;
 *   <li>{@code variant = reset-ft} (and {@code auto}): set U to zero (or re-initialize it,
 *       {@code unkept}), then FT on D_r over all weights,
 *       {@code θ ← θ − η v, v ← μ v + ∇CE(θ; B_r) + λθ}. In the linear theory this removes exactly the
 *       forget-only components of w_o and reaches the golden model.
 *       <br>{@code variant = masked-rl}: apply the RL objective (random labels on D_f, then CE on
 *       D_r, each epoch) to U only; K stays bit-identical. {@code randomLabels} chooses the forget
 *       labels: {@code any} (default) uniform over all C classes, {@code other} over the C − 1
 *       wrong ones ({@code y' ≠ y}); it is read only by masked-rl, and reset-ft ignores it.
 * </ol>
 *
 * <p><b>Saliency sources</b> ({@code saliency}): {@code auto} (above); {@code gradient}
 * {@code |Σ_b ∇θ L(θ_o; b)|}, which vanishes when θ_o interpolates D_r (the theory's caveat);
 * {@code fisher} {@code Σ_b (∇θ L(θ_o; b))²} over batches; {@code per-example-fisher}
 * {@code Σ_i (∇θ ℓ(θ_o; x_i))²}, one backward pass per retain row (on the Fashion-MNIST MLP on DJL
 * CPU with one PyTorch thread, about 1 ms per row: 9 s for 9,000 rows, against 0.2 s for
 * {@code fisher}; up to 30 ms per row when two intra-op threads share two busy cores), which
 * {@code saliencyRows} caps (evenly spaced rows, the sum scaled to all
 * rows; see {@link SaliencyMask#maxRows()}); {@code feature-usage}
 * {@code Σ_i |x_ij|} (reference linear models); {@code activation-usage}, the layer-wise analogue
 * of feature usage, {@code s_ij = E_{D_r} |a_j|} for a weight on input activation a_j, and
 * {@code activation-usage-weighted}, {@code E_{D_r} |a_j| · |w_ij|} (DJL networks of dense and
 * conv2d layers, and the reference linear models). Only {@code auto} is resolved per run (feature
 * usage, activation usage or Fisher, above); the other sources are used as named.
 *
 * <p><b>Biases and the output layer</b> are ranked with everything else (global ranking: one
 * ranking over all parameters; per-tensor: each bias vector and each output-layer tensor keeps its
 * own top {@code keepFraction}; threshold: one cut), and an unkept one is treated like any unkept
 * weight: zeroed or re-drawn by reset-ft, trained by masked-rl. What each source gives them: a bias
 * scores its own gradient under the gradient sources, the row count N under feature usage (so
 * biases rank at the top and threshold 0 keeps them all), 1 under activation usage (the usage of
 * a constant input 1: always used) and {@code |b_i|} under its weighted form; output-layer
 * weights score like any layer's. See {@link SaliencyMask} for the details.
 *
 * <p>The paper's hyperparameters were not available; every choice is a setting. The deep-model
 * defaults (saliency auto = activation usage on networks, global ranking, keepFraction 0.8,
 * reset-ft with unkept weights re-initialized, learning rate 0.01, 20 epochs, batch 256, momentum
 * 0.9, weight decay 5e-4) are what the protocol of {@code unlearn-bench/run-table} chose
 * (Fashion-MNIST MLP; a 72-configuration full factorial over saliency × keepFraction × ranking ×
 * variant × unkept, then the learning-rate × epochs grid shared by every fine-tuning method; the
 * smallest mean Avg. Gap to retrain over 4 validation setups: seeds 1000 and 1001 × classes 5 and
 * 2, never the reported ones; mean validation Avg. Gap 0.17). In random forgetting (2 validation
 * setups) it chose the same saliency, variant, treatment and epochs, with keepFraction 0.3
 * per-tensor and learning rate 0.03; set those for random deletions. How these compare with FT and
 * SalUn on the reported seeds is in the README's Results. The linear theory
 * ({@code ./unlearn4j theory}) sets its own (feature usage, unkept weights zeroed). The defaults do
 * not transfer to every model: on the reference backend's softmax regression trained to memorize
 * rows ({@code NoOpNeverPassesTest}), keep 0.8 with re-initialized unkept weights leaves the rows
 * memorized, where keep 0.5 with zeroed unkept weights forgets them.
 */
public final class RbmProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "rbm";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 20, 256, 0.9, 5e-4);

    /** What happens to the unkept weights. */
    public enum Variant {
        /** {@link #RESET_FT}. */
        AUTO,
        /** Reset the unkept weights, then fine-tune every weight on D_r. */
        RESET_FT,
        /** Random-label objective on the unkept weights only. */
        MASKED_RL
    }

    static final Setting<SaliencySource> SALIENCY = Setting.choice("saliency", SaliencySource.class,
            SaliencySource.AUTO, "retain saliency source");
    static final Setting<Ranking> RANKING = Setting.choice("ranking", Ranking.class,
            Ranking.AUTO, "how kept weights are selected");
    static final Setting<Double> KEEP_FRACTION =
            Setting.fraction("keepFraction", 0.8, "share of weights kept by retain saliency (global/per-tensor)");
    static final Setting<Double> THRESHOLD =
            Setting.real("threshold", 0, 0, Double.MAX_VALUE, "retain saliency above which a weight is kept (threshold)");
    static final Setting<Variant> VARIANT = Setting.choice("variant", Variant.class,
            Variant.AUTO, "reset-ft: reset unkept then FT; masked-rl: RL on unkept weights only");
    static final Setting<Integer> SALIENCY_ROWS = Setting.integer("saliencyRows", 0, 0, Integer.MAX_VALUE,
            "per-example-fisher: score at most this many evenly spaced rows (sum scaled to all rows); 0 = all");
    static final Setting<RandomLabels> RANDOM_LABELS = RandomLabels.setting(
            "variant=masked-rl forget-set labels: any (uniform over all classes) or other (never the true one)");
    static final Setting<WeightTreatment> UNKEPT = Setting.choice("unkept", WeightTreatment.class,
            WeightTreatment.REINITIALIZE, "what reset-ft does to unkept weights (reset-zero or reinitialize)",
            EnumSet.of(WeightTreatment.RESET_ZERO, WeightTreatment.REINITIALIZE));

    /** Creates the provider; cheap. */
    public RbmProvider() {
        super(NAME, "retention-based masking: keep weights salient to the retain set, remove forget components from the rest",
                TrainingSettings.declareWithSchedule(DEFAULTS, SALIENCY, RANKING, KEEP_FRACTION, THRESHOLD, VARIANT,
                        UNKEPT, RANDOM_LABELS, SALIENCY_ROWS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        WeightTreatment unkept = s.get(UNKEPT);
        TrainingSettings t = TrainingSettings.from(s);
        SaliencyMask mask = new SaliencyMask(SaliencyScore.RETAIN, s.get(SALIENCY), s.get(RANKING),
                s.get(KEEP_FRACTION), s.get(THRESHOLD), t.batchSize(), s.get(SALIENCY_ROWS));
        if (s.get(VARIANT) == Variant.MASKED_RL) {
            return new Recipe(false, mask, WeightTreatment.KEEP, WeightTreatment.KEEP,
                    List.of(Phases.randomLabels(NAME, t, TrainingSettings.schedule(s), s.get(RANDOM_LABELS).mode())
                            .withScope(TrainScope.UNSELECTED)));
        }
        return new Recipe(false, mask, WeightTreatment.KEEP, unkept,
                List.of(Phases.retainFineTune(NAME, t, TrainingSettings.schedule(s))));
    }
}
