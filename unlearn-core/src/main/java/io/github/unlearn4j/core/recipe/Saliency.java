package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.capability.ActivationUsageModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import io.github.unlearn4j.core.train.Gradients;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-parameter saliency of a model on a view, engine-neutral: gradients come from
 * {@link TrainableModel#accumulateGradient}, batch by batch in row order; usage sources from the
 * model's capability interfaces. Leaves the model's parameters untouched; its gradient buffer is
 * zeroed afterwards.
 */
final class Saliency {
    private Saliency() {}

    /**
     * Computes saliency on every row of the view.
     *
     * @param model the model, at θ_o
     * @param view the rows
     * @param source how
     * @param batchSize rows per gradient batch ({@code PER_EXAMPLE_FISHER} uses one row)
     * @return one value per parameter, non-negative
     * @throws InvalidRequestException if a usage source is asked of a model that lacks it
     */
    public static double[] compute(TrainableModel model, DataView view, SaliencySource source, int batchSize) {
        return compute(model, view, source, batchSize, 0);
    }

    /**
     * Computes saliency.
     *
     * @param model the model, at θ_o
     * @param view the rows
     * @param source how
     * @param batchSize rows per gradient batch ({@code PER_EXAMPLE_FISHER} uses one row)
     * @param maxRows {@code PER_EXAMPLE_FISHER} only: score at most this many evenly spaced rows and
     *     scale the sum by n/m (see {@link SaliencyMask#maxRows()}); 0 for all rows
     * @return one value per parameter, non-negative
     * @throws InvalidRequestException if a usage source is asked of a model that lacks it
     */
    public static double[] compute(
            TrainableModel model, DataView view, SaliencySource source, int batchSize, int maxRows) {
        switch (source) {
            case FEATURE_USAGE:
                return featureUsageOf(model).featureUsage(view);
            case ACTIVATION_USAGE:
                return activationUsageOf(model, source).activationUsage(view);
            case ACTIVATION_USAGE_WEIGHTED: {
                double[] usage = activationUsageOf(model, source).activationUsage(view);
                float[] w = model.parameters();
                for (int i = 0; i < usage.length; i++) {
                    usage[i] *= Math.abs(w[i]);
                }
                return usage;
            }
            case AUTO:
                throw new IllegalArgumentException("saliency source AUTO must be resolved first (SaliencyMask.resolve)");
            case GRADIENT: {
                int p = Math.toIntExact(model.description().parameterCount());
                double[] out = new double[p];
                float[] g = Gradients.meanTaskGradient(model, view, batchSize);
                for (int i = 0; i < p; i++) {
                    out[i] = Math.abs(g[i]);
                }
                return out;
            }
            case FISHER:
                return squaredGradientSum(model, view, batchSize);
            case PER_EXAMPLE_FISHER: {
                if (maxRows == 0 || view.size() <= maxRows) {
                    return squaredGradientSum(model, view, 1);
                }
                double[] sum = squaredGradientSum(model, evenlySpaced(view, maxRows), 1);
                double scale = (double) view.size() / maxRows;
                for (int i = 0; i < sum.length; i++) {
                    sum[i] *= scale;
                }
                return sum;
            }
            default:
                throw new IllegalStateException("saliency source " + source);
        }
    }

    /** Rows {@code ⌊k·n/m⌋}, k = 0…m−1, of a view of n rows: m rows spread over the whole row order. */
    static DataView evenlySpaced(DataView view, int m) {
        int[] rows = view.rows();
        int[] picked = new int[m];
        for (int k = 0; k < m; k++) {
            picked[k] = rows[(int) ((long) k * rows.length / m)];
        }
        return new DataView(view.source(), picked);
    }

    /** {@code Σ_b (∇θ L(θ; b))²} over consecutive batches of {@code batchSize} rows of the view. */
    private static double[] squaredGradientSum(TrainableModel model, DataView view, int batchSize) {
        int p = Math.toIntExact(model.description().parameterCount());
        double[] sum = new double[p];
        int[] rows = view.rows();
        for (int start = 0; start < rows.length; start += batchSize) {
            int[] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize));
            model.zeroGradients();
            model.accumulateGradient(Batch.of(view.source(), batch), LossTerm.TASK, 1.0);
            float[] g = model.gradients();
            for (int i = 0; i < p; i++) {
                sum[i] += (double) g[i] * g[i];
            }
        }
        model.zeroGradients();
        return sum;
    }

    /**
     * Refuses, before any compute, a usage source on a model that cannot give it; other sources
     * run on every model.
     *
     * @param model the model
     * @param source the source
     * @throws InvalidRequestException naming the source and the model's architecture
     */
    static void check(TrainableModel model, SaliencySource source) {
        if (source == SaliencySource.FEATURE_USAGE) {
            featureUsageOf(model);
        } else if (source == SaliencySource.ACTIVATION_USAGE || source == SaliencySource.ACTIVATION_USAGE_WEIGHTED) {
            activationUsageOf(model, source).checkActivationUsage();
        }
    }

    private static FeatureUsageModel featureUsageOf(TrainableModel model) {
        if (model instanceof FeatureUsageModel usage) {
            return usage;
        }
        throw InvalidRequestException.of("saliency", "feature-usage", "model " + model.description().architecture()
                + " has no feature-to-parameter map (only linear reference models do); use activation-usage,"
                + " gradient, fisher or per-example-fisher");
    }

    private static ActivationUsageModel activationUsageOf(TrainableModel model, SaliencySource source) {
        if (model instanceof ActivationUsageModel usage) {
            return usage;
        }
        throw InvalidRequestException.of("saliency", source.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                "model " + model.description().architecture() + " (" + model.getClass().getSimpleName()
                        + ") cannot compute activation usage (the reference linear models and DJL networks of"
                        + " dense and conv2d layers can); use gradient, fisher or per-example-fisher");
    }
}
