package io.github.unlearn4j.core.recipe;

/**
 * How the per-parameter saliency on a data view is computed. For how biases and the output layer
 * score under each source, see {@link SaliencyMask}.
 */
public enum SaliencySource {
    /**
     * {@code |Σ_b ∇θ L(θ_o; b)|}: the gradient of the task loss summed over the view's batches, then
     * the absolute value (SalUn's {@code generate_mask.py}). Near zero everywhere when θ_o
     * interpolates the view.
     */
    GRADIENT,
    /** {@code Σ_b (∇θ L(θ_o; b))²}: a batch-level estimate of the Fisher diagonal. */
    FISHER,
    /**
     * {@code Σ_i (∇θ ℓ(θ_o; x_i))²}: the empirical Fisher diagonal from per-example gradients, one
     * row per gradient (FISHER with batches of one row). Unlike the batch-level estimate, the
     * per-row gradients do not cancel, so it stays non-zero on a model that fits each row only
     * approximately. Cost: one forward and backward pass per row.
     */
    PER_EXAMPLE_FISHER,
    /**
     * How much the data uses each parameter's input feature ({@code Σ_i |x_ij|}), for models that
     * offer {@link io.github.unlearn4j.core.capability.FeatureUsageModel}. The saliency of the
     * paper's linear theory: unlike the gradient, it is not zero when θ_o interpolates the data.
     */
    FEATURE_USAGE,
    /**
     * The layer-wise analogue of {@link #FEATURE_USAGE}: for a weight {@code w_ij} (output i, input
     * j), {@code s_ij = E_{x ∈ view} |a_j(x)|}, the mean magnitude of the weight's input activation;
     * for a bias, {@code 1} (see
     * {@link io.github.unlearn4j.core.capability.ActivationUsageModel#activationUsage}). For models
     * that offer {@link io.github.unlearn4j.core.capability.ActivationUsageModel}. Like feature
     * usage, it does not vanish when θ_o interpolates the data.
     */
    ACTIVATION_USAGE,
    /**
     * {@link #ACTIVATION_USAGE} times the weight's magnitude at θ_o: {@code s_ij = E|a_j| · |w_ij|},
     * the mean magnitude of the weight's contribution to its output; for a bias {@code |b_i|}.
     */
    ACTIVATION_USAGE_WEIGHTED,
    /**
     * Chosen per run by {@link SaliencyMask#resolve}: {@link #FEATURE_USAGE} when the model offers it
     * and the scored data leaves some parameter unused (sparse features, the linear theory's
     * setting); for a network that offers activation usage and not feature usage (DJL dense and
     * convolution networks), {@link #ACTIVATION_USAGE} (the harness's protocol chose it for RBM in
     * both scenarios, README Results); else {@link #FISHER}. Only methods that document it accept it.
     */
    AUTO
}
