package io.github.unlearn4j.api.model;

/**
 * Applies the masked SGD update of {@link SgdConfig} to a model, using the gradient accumulated
 * by {@link TrainableModel#accumulateGradient}. Holds the momentum buffers; one updater per run.
 * Close it to free them.
 */
public interface ParameterUpdater extends AutoCloseable {
    /**
     * One update step; see {@link SgdConfig} for the formula. Does not zero the gradient.
     *
     * @param learningRate η &gt; 0
     * @param l1Strength λ ≥ 0, the ℓ1 coefficient for this step
     */
    void step(double learningRate, double l1Strength);

    /** Frees the momentum buffers. */
    @Override
    void close();
}
