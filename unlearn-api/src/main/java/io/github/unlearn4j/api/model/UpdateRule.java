package io.github.unlearn4j.api.model;

/**
 * A plugin's own update rule, engine-neutral: a function over flat float arrays that every backend
 * can run. The backend gathers the gradient and the parameters that the mask lets move into dense
 * arrays (in {@link ModelDescription#groups()} order, skipping masked ones), calls
 * {@link #step}, and writes the parameters back. So a masked parameter never reaches the rule: it
 * never moves, and its state never exists. The reference backend does this on the host without
 * copying whole tensors; DJL copies every parameter and gradient to the host and back on each step,
 * which is slow for large models but gives the same result.
 *
 * <p>Order of calls, for one {@link ParameterUpdater}: the backend allocates
 * {@link #stateSize()} zeroed state arrays of the trainable length once; then each
 * {@link ParameterUpdater#step} calls {@link #step} once with {@code t} = 1, 2, …. The rule must be
 * stateless itself (all state lives in the arrays it is given), so one instance can serve many
 * runs and threads.
 */
public non-sealed interface UpdateRule extends OptimizerSpec {
    /** @return how many state values the rule keeps per trainable parameter, ≥ 0 */
    int stateSize();

    /**
     * One update, in place.
     *
     * @param params θ of the trainable parameters, updated in place
     * @param grads the accumulated gradient of the same parameters; read only
     * @param state {@link #stateSize()} arrays of the same length, zero before the first step,
     *     updated in place
     * @param t the step number in this run, from 1
     * @param learningRate η &gt; 0 for this step (after the schedule)
     * @param l1Strength λ₁ ≥ 0 for this step; a rule that has no ℓ1 term may ignore it
     */
    void step(float[] params, float[] grads, float[][] state, long t, double learningRate, double l1Strength);
}
