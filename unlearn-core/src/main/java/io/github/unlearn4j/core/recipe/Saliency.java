package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import io.github.unlearn4j.core.train.Gradients;

/**
 * Per-parameter saliency of a model on a view, engine-neutral: gradients come from
 * {@link TrainableModel#accumulateGradient}, batch by batch in row order. Leaves the model's
 * parameters untouched; its gradient buffer is zeroed afterwards.
 */
final class Saliency {
    private Saliency() {}

    /**
     * Computes saliency.
     *
     * @param model the model, at θ_o
     * @param view the rows
     * @param source how
     * @param batchSize rows per gradient batch
     * @return one value per parameter, non-negative
     * @throws InvalidRequestException if {@code FEATURE_USAGE} is asked of a model that lacks it
     */
    public static double[] compute(TrainableModel model, DataView view, SaliencySource source, int batchSize) {
        if (source == SaliencySource.FEATURE_USAGE) {
            if (!(model instanceof FeatureUsageModel usage)) {
                throw InvalidRequestException.of("saliency", "feature-usage",
                        "model " + model.description().architecture()
                                + " has no feature-to-parameter map; use gradient or fisher");
            }
            return usage.featureUsage(view);
        }
        if (source == SaliencySource.AUTO) {
            throw new IllegalArgumentException("saliency source AUTO must be resolved first (SaliencyMask.resolve)");
        }
        int p = Math.toIntExact(model.description().parameterCount());
        double[] sum = new double[p];
        if (source == SaliencySource.GRADIENT) {
            float[] g = Gradients.meanTaskGradient(model, view, batchSize);
            for (int i = 0; i < p; i++) {
                sum[i] = Math.abs(g[i]);
            }
            return sum;
        }
        int[] rows = view.rows();
        for (int start = 0; start < rows.length; start += batchSize) {
            int[] batch = java.util.Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize));
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
}
