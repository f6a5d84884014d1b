package io.github.unlearn4j.core.capability;

import io.github.unlearn4j.api.data.DataView;

/**
 * A model that can say how much the data uses each parameter's input: the layer-wise analogue of
 * the linear theory's feature usage ({@link FeatureUsageModel}, DESIGN.md §2). A weight is "used"
 * by a row as much as its input activation is non-zero on that row; unlike the gradient of the
 * loss, this does not vanish when the model interpolates the data.
 *
 * <p>Offered by the reference backend's linear and softmax-regression models (where it is the
 * feature usage divided by the number of rows) and by the DJL backend's networks made of dense
 * and 2-d convolution layers.
 */
public interface ActivationUsageModel {
    /**
     * Per-parameter activation usage on a view, in flat parameter order, at the current parameters.
     *
     * <ul>
     *   <li>a weight {@code w_ij} of a dense layer (output i, input j):
     *       {@code s_ij = (1/N) Σ_{x ∈ view} |a_j(x)|}, where {@code a_j(x)} is the layer's input
     *       activation j on row x (for the first layer, input feature j) and N the number of rows;
     *   <li>a weight {@code w_ocuv} of a convolution (output channel o, input channel c, kernel
     *       offset (u, v)): the same mean of {@code |a|} over rows and over the input positions
     *       that offset reads, one per output position ({@code |a| = 0} on padding);
     *   <li>a bias {@code b_i}: {@code 1}. A bias is the weight of a constant input 1, which every
     *       row uses fully; so biases are always used, as in {@link FeatureUsageModel}, where a bias
     *       scores the number of rows.
     * </ul>
     *
     * An empty view gives zeros.
     *
     * @param view the rows
     * @return one non-negative value per parameter, in flat order
     * @throws io.github.unlearn4j.api.InvalidRequestException if {@link #checkActivationUsage()} does,
     *     or the view does not fit the model
     */
    double[] activationUsage(DataView view);

    /**
     * Checks, before any compute, that {@link #activationUsage} can run on this model: a backend
     * whose support depends on the architecture refuses the ones it cannot map. The default
     * accepts.
     *
     * @throws io.github.unlearn4j.api.InvalidRequestException naming the architecture and the layer
     *     it cannot map
     */
    default void checkActivationUsage() {}
}
