package io.github.unlearn4j.core.recipe;

/** How the per-parameter saliency on a data view is computed. */
public enum SaliencySource {
    /**
     * {@code |Σ_b ∇θ L(θ_o; b)|}: the gradient of the task loss summed over the view's batches, then
     * the absolute value (SalUn's {@code generate_mask.py}).
     */
    GRADIENT,
    /** {@code Σ_b (∇θ L(θ_o; b))²}: a batch-level estimate of the Fisher diagonal. */
    FISHER,
    /**
     * How much the data uses each parameter's input feature ({@code Σ_i |x_ij|}), for models that
     * offer {@link io.github.unlearn4j.core.capability.FeatureUsageModel}. The saliency of the
     * paper's linear theory: unlike the gradient, it is not zero when θ_o interpolates the data.
     */
    FEATURE_USAGE,
    /**
     * Chosen per run by {@link SaliencyMask#resolve}: {@link #FEATURE_USAGE} when the model offers it
     * and the scored data leaves some parameter unused (sparse features, the linear theory's
     * setting), else {@link #FISHER}. Only methods that document it accept it.
     */
    AUTO
}
