package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Selects parameters by saliency: the score ({@link SaliencyScore}) from a source
 * ({@link SaliencySource}), then a selection rule ({@link Ranking}): the top {@code fraction}
 * globally or per tensor, or every score above {@code threshold}. Ties at the cut are broken by
 * parameter index, so the selection is deterministic.
 *
 * @param score forget, retain or their ratio
 * @param source gradient, Fisher or feature usage
 * @param ranking global, per tensor or threshold
 * @param fraction the share selected by top rankings, in (0, 1]
 * @param threshold the cut of the threshold ranking
 * @param batchSize rows per gradient batch
 */
public record SaliencyMask(
        SaliencyScore score, SaliencySource source, Ranking ranking, double fraction, double threshold, int batchSize)
        implements MaskStrategy {
    /**
     * Validates.
     *
     * @param score score
     * @param source source
     * @param ranking ranking
     * @param fraction fraction
     * @param threshold threshold
     * @param batchSize batch size
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
            s = model instanceof FeatureUsageModel usage && leavesUnused(usage, scoredView(data))
                    ? SaliencySource.FEATURE_USAGE
                    : SaliencySource.FISHER;
        }
        Ranking r = ranking;
        if (r == Ranking.AUTO) {
            r = s == SaliencySource.FEATURE_USAGE ? Ranking.THRESHOLD : Ranking.GLOBAL;
        }
        return s == source && r == ranking ? this : new SaliencyMask(score, s, r, fraction, threshold, batchSize);
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

    /** Refuses feature-usage saliency on a model without a feature-to-parameter map. */
    @Override
    public void check(TrainableModel model) {
        if (source == SaliencySource.FEATURE_USAGE && !(model instanceof FeatureUsageModel)) {
            throw InvalidRequestException.of("saliency", "feature-usage", "model "
                    + model.description().architecture()
                    + " has no feature-to-parameter map (only linear reference models do); use gradient or fisher");
        }
    }

    /** Resolves {@code AUTO} ({@link #resolve}), then selects. */
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
        return selected;
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
            case FORGET -> Saliency.compute(model, data.forget(), source, batchSize);
            case RETAIN -> Saliency.compute(model, data.retain(), source, batchSize);
            case RATIO -> {
                double[] f = Saliency.compute(model, data.forget(), source, batchSize);
                double[] r = Saliency.compute(model, data.retain(), source, batchSize);
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
        return score.name().toLowerCase(Locale.ROOT) + " " + source.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " saliency, " + rule;
    }
}
