package io.github.unlearn4j.core.capability;

import io.github.unlearn4j.api.data.DataView;

/**
 * A model whose parameters map to input features, so that "how much the data uses a parameter"
 * can be read off the features: the saliency of the paper's linear theory. Linear and
 * softmax-regression models of the reference backend offer it.
 */
public interface FeatureUsageModel {
    /**
     * Per-parameter feature usage on a view: for a weight on feature j, {@code Σ_i |x_ij|} over the
     * view's rows; for a bias, the number of rows.
     *
     * @param view the rows
     * @return one non-negative value per parameter, in flat order
     */
    double[] featureUsage(DataView view);
}
