package io.github.unlearn4j.api.model;

/**
 * Applies an optimizer's masked update ({@link SgdConfig}, {@link AdamWConfig} or a plugin's
 * {@link UpdateRule}) to a model, using the gradient accumulated by
 * {@link TrainableModel#accumulateGradient}. Holds the optimizer's state (momentum, moments, the
 * step count); one updater per run. Close it to free them.
 */
public interface ParameterUpdater extends AutoCloseable {
    /**
     * One update step; see the optimizer ({@link SgdConfig}, {@link AdamWConfig},
     * {@link UpdateRule}) for the formula. Does not zero the gradient.
     *
     * @param learningRate η &gt; 0
     * @param l1Strength λ ≥ 0, the ℓ1 coefficient for this step
     */
    void step(double learningRate, double l1Strength);

    /** Frees the optimizer's state. */
    @Override
    void close();
}
