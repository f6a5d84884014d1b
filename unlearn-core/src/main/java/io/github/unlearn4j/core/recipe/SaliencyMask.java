package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.capability.ActivationUsageModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects parameters by saliency: the score ({@link SaliencyScore}) from a source
 * ({@link SaliencySource}), then a selection rule ({@link Ranking}): the top {@code fraction}
 * globally or per tensor, or every score above {@code threshold}. Ties at the cut are broken by
 * parameter index, so the selection is deterministic. Each selection logs, at INFO, one line per
 * parameter tensor with its selected count and size; {@link #selectedFractions} gives the same
 * shares to callers.
 *
 * <p><b>Biases and the output layer.</b> No parameter is special-cased: every parameter, biases and
 * the output layer's weights included, gets a score from the source and enters the same ranking.
 * What the sources give them:
 *
 * <ul>
 *   <li>{@code gradient}, {@code fisher}, {@code per-example-fisher}: a bias scores its own
 *       (squared) loss gradient, {@code ∂L/∂b_i = (1/n) Σ_rows ∂ℓ/∂z_i} for the layer's output
 *       {@code z_i}, like any weight; the output layer scores its gradients, not rescaled;
 *   <li>{@code feature-usage}: a bias scores the number of rows N, a weight {@code Σ_i |x_ij|}, so
 *       with features in [−1, 1] biases rank at the top, and {@code threshold = 0} always keeps
 *       them;
 *   <li>{@code activation-usage}: a bias scores 1 (the usage of a constant input 1), a weight the
 *       mean magnitude {@code E|a_j|} of its input activation; output-layer weights score the last
 *       hidden layer's activations like any other layer. With inputs in [0, 1] (scaled pixels)
 *       biases outrank first-layer weights; hidden ReLU activations may be above or below 1, so
 *       global ranking compares scales that differ from layer to layer; per-tensor ranking does
 *       not. {@code threshold = 0} keeps every bias and every weight whose input is ever non-zero;
 *   <li>{@code activation-usage-weighted}: a bias scores {@code |b_i|}, a weight
 *       {@code E|a_j| · |w_ij|}.
 * </ul>
 *
 * Rankings: {@code global} ranks all parameters together; {@code per-tensor} selects the top
 * fraction of each tensor (DJL: each layer's weight and each bias vector) separately, so every
 * bias vector and the output layer keep ⌈fraction·size⌉ entries; {@code threshold} applies one cut
 * to all. What happens to the unselected parameters is the recipe's choice, and it too treats
 * biases and the output layer like every other parameter: {@code rbm}'s reset-ft resets each
 * unkept one (zero or re-drawn), its masked-rl trains them, and {@code salun} leaves its
 * unselected ones bit-identical.
 *
 * @param score forget, retain or their ratio
 * @param source gradient, Fisher (per batch or per example), feature or activation usage
 * @param ranking global, per tensor or threshold
 * @param fraction the share selected by top rankings, in (0, 1]
 * @param threshold the cut of the threshold ranking
 * @param batchSize rows per gradient batch
 * @param maxRows the most rows that {@link SaliencySource#PER_EXAMPLE_FISHER} scores per view, 0
 *     for all: a view of n &gt; maxRows rows is scored on m = maxRows evenly spaced rows (row
 *     {@code ⌊k·n/m⌋} of the view, k = 0…m−1; no randomness, and spread over the whole row order),
 *     and the sum is scaled by n/m to estimate the sum over all rows. Other sources ignore it.
 */
public record SaliencyMask(
        SaliencyScore score,
        SaliencySource source,
        Ranking ranking,
        double fraction,
        double threshold,
        int batchSize,
        int maxRows)
        implements MaskStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(SaliencyMask.class);

    /**
     * Validates.
     *
     * @param score score
     * @param source source
     * @param ranking ranking
     * @param fraction fraction
     * @param threshold threshold
     * @param batchSize batch size
     * @param maxRows per-example row cap, 0 for none
     */
    public SaliencyMask {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ranking, "ranking");
        if (!(fraction > 0 && fraction <= 1)) {
            throw InvalidRequestException.of("fraction", fraction, "must be in (0, 1]");
        }
        if (!Double.isFinite(threshold)) {
            throw InvalidRequestException.of("threshold", threshold, "must be finite");
        }
        if (batchSize < 1) {
            throw InvalidRequestException.of("batchSize", batchSize, "must be >= 1");
        }
        if (maxRows < 0) {
            throw InvalidRequestException.of("maxRows", maxRows, "must be >= 0 (0: every row)");
        }
    }

    /**
     * A mask that scores every row ({@code maxRows = 0}).
     *
     * @param score forget, retain or their ratio
     * @param source the saliency source
     * @param ranking the selection rule
     * @param fraction the share selected by top rankings, in (0, 1]
     * @param threshold the cut of the threshold ranking
     * @param batchSize rows per gradient batch
     */
    public SaliencyMask(
            SaliencyScore score, SaliencySource source, Ranking ranking, double fraction, double threshold,
            int batchSize) {
        this(score, source, ranking, fraction, threshold, batchSize, 0);
    }

    /**
     * This mask with {@link SaliencySource#AUTO} and {@link Ranking#AUTO} replaced by what they
     * mean for this model and data (see those constants); a mask without {@code AUTO} is returned
     * as it is.
     *
     * @param model the model at θ_o
     * @param data the split
     * @return the resolved mask
     */
    public SaliencyMask resolve(TrainableModel model, DataSplit data) {
        SaliencySource s = source;
        if (s == SaliencySource.AUTO) {
            if (model instanceof FeatureUsageModel usage && leavesUnused(usage, scoredView(data))) {
                s = SaliencySource.FEATURE_USAGE;
            } else if (!(model instanceof FeatureUsageModel) && model instanceof ActivationUsageModel a
                    && supportsActivationUsage(a)) {
                s = SaliencySource.ACTIVATION_USAGE;
            } else {
                s = SaliencySource.FISHER;
            }
        }
        Ranking r = ranking;
        if (r == Ranking.AUTO) {
            r = s == SaliencySource.FEATURE_USAGE ? Ranking.THRESHOLD : Ranking.GLOBAL;
        }
        return s == source && r == ranking ? this : new SaliencyMask(score, s, r, fraction, threshold, batchSize, maxRows);
    }

    private static boolean supportsActivationUsage(ActivationUsageModel model) {
        try {
            model.checkActivationUsage();
            return true;
        } catch (io.github.unlearn4j.api.InvalidRequestException unsupported) {
            return false;
        }
    }

    private DataView scoredView(DataSplit data) {
        return score == SaliencyScore.FORGET ? data.forget() : data.retain();
    }

    private static boolean leavesUnused(FeatureUsageModel usage, DataView view) {
        for (double u : usage.featureUsage(view)) {
            if (u == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses, before any compute, feature-usage saliency on a model without a feature-to-parameter
     * map ({@link FeatureUsageModel}), and activation-usage saliency on a model that cannot compute
     * it ({@link io.github.unlearn4j.core.capability.ActivationUsageModel}, including its
     * architecture check).
     */
    @Override
    public void check(TrainableModel model) {
        Saliency.check(model, source);
    }

    /** Resolves {@code AUTO} ({@link #resolve}), then selects; logs the selected share per tensor. */
    @Override
    public boolean[] select(TrainableModel model, DataSplit data) {
        SaliencyMask resolved = resolve(model, data);
        if (resolved != this) {
            return resolved.select(model, data);
        }
        double[] scores = scores(model, data);
        boolean[] selected = new boolean[scores.length];
        switch (ranking) {
            case THRESHOLD -> {
                for (int i = 0; i < scores.length; i++) {
                    selected[i] = scores[i] > threshold;
                }
            }
            case GLOBAL -> selectTop(scores, 0, scores.length, fraction, selected);
            case PER_TENSOR -> {
                for (ParameterGroup g : model.description().groups()) {
                    selectTop(scores, Math.toIntExact(g.offset()), Math.toIntExact(g.offset() + g.size()), fraction,
                            selected);
                }
            }
            default -> throw new IllegalStateException("ranking " + ranking);
        }
        if (LOG.isInfoEnabled()) {
            String what = describe();
            for (ParameterGroup g : model.description().groups()) {
                int count = selectedIn(selected, g);
                LOG.info("{}: {} selected {}/{} ({})", what, g.name(), count, g.size(),
                        String.format(Locale.ROOT, "%.4f", g.size() == 0 ? 0.0 : (double) count / g.size()));
            }
        }
        return selected;
    }

    /**
     * The share of each parameter tensor that a selection holds: for group g,
     * {@code |{i ∈ g : selected[i]}| / |g|}. For {@code rbm} that is the kept fraction, for
     * {@code salun} the trained fraction.
     *
     * @param description the model's description, whose groups partition the flat parameters
     * @param selected a selection, as {@link #select} returns, one entry per parameter
     * @return group name to fraction in [0, 1], in group order; unmodifiable
     * @throws InvalidRequestException if the selection's length is not the parameter count
     */
    public static Map<String, Double> selectedFractions(ModelDescription description, boolean[] selected) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(selected, "selected");
        if (selected.length != description.parameterCount()) {
            throw InvalidRequestException.of("selected.length", selected.length,
                    "model " + description.architecture() + " has " + description.parameterCount() + " parameters");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (ParameterGroup g : description.groups()) {
            out.put(g.name(), g.size() == 0 ? 0.0 : (double) selectedIn(selected, g) / g.size());
        }
        return Collections.unmodifiableMap(out);
    }

    private static int selectedIn(boolean[] selected, ParameterGroup g) {
        int from = Math.toIntExact(g.offset());
        int count = 0;
        for (int i = from; i < from + g.size(); i++) {
            count += selected[i] ? 1 : 0;
        }
        return count;
    }

    /**
     * The scores this mask ranks.
     *
     * @param model the model at θ_o
     * @param data the split
     * @return one score per parameter
     */
    public double[] scores(TrainableModel model, DataSplit data) {
        SaliencyMask resolved = resolve(model, data);
        if (resolved != this) {
            return resolved.scores(model, data);
        }
        return switch (score) {
            case FORGET -> Saliency.compute(model, data.forget(), source, batchSize, maxRows);
            case RETAIN -> Saliency.compute(model, data.retain(), source, batchSize, maxRows);
            case RATIO -> {
                double[] f = Saliency.compute(model, data.forget(), source, batchSize, maxRows);
                double[] r = Saliency.compute(model, data.retain(), source, batchSize, maxRows);
                double max = 0;
                for (double v : r) {
                    max = Math.max(max, v);
                }
                double eps = Math.max(1e-30, 1e-12 * max);
                double[] out = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    out[i] = f[i] / (r[i] + eps);
                }
                yield out;
            }
        };
    }

    /**
     * Marks the top ⌈fraction·n⌉ of {@code scores[from, to)}, ties broken by lower index.
     *
     * @param scores the scores
     * @param from first index
     * @param to end index, exclusive
     * @param fraction the share to select
     * @param out set to true where selected
     */
    public static void selectTop(double[] scores, int from, int to, double fraction, boolean[] out) {
        int n = to - from;
        int k = (int) Math.min(n, Math.ceil(fraction * n - 1e-9));
        if (k <= 0) {
            return;
        }
        double[] sorted = Arrays.copyOfRange(scores, from, to);
        Arrays.sort(sorted);
        double cut = sorted[n - k];
        int above = 0;
        for (int i = from; i < to; i++) {
            if (scores[i] > cut) {
                out[i] = true;
                above++;
            }
        }
        for (int i = from; i < to && above < k; i++) {
            if (scores[i] == cut) {
                out[i] = true;
                above++;
            }
        }
    }

    /** Says what is selected; {@code AUTO} parts are named as such until {@link #resolve}d. */
    @Override
    public String describe() {
        String rule = switch (ranking) {
            case THRESHOLD -> "score > " + threshold;
            case PER_TENSOR -> "top " + fraction + " per tensor";
            case GLOBAL -> "top " + fraction + " globally";
            case AUTO -> "auto ranking (score > " + threshold + " for feature usage, else top " + fraction + " globally)";
        };
        String rows = maxRows > 0 && source == SaliencySource.PER_EXAMPLE_FISHER ? " on at most " + maxRows + " rows"
                : "";
        return score.name().toLowerCase(Locale.ROOT) + " " + source.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " saliency" + rows + ", " + rule;
    }
}
