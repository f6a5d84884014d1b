package io.github.unlearn4j.api;

import io.github.unlearn4j.api.settings.ResolvedSettings;

/**
 * An unlearning method with its settings fixed. Create one through
 * {@link io.github.unlearn4j.api.registry.UnlearnerRegistry}.
 *
 * <p>Contract of {@link #unlearn}:
 *
 * <ol>
 *   <li>Validate the request (model compatible with the data) before any compute.
 *   <li>Work on a copy of {@code request.model()}; never modify the input model.
 *   <li>Check {@code request.cancellation()} before every optimizer step and report through
 *       {@code request.progress()}.
 *   <li>On any failure (bad input, divergence, cancellation, an exception), close the copy and
 *       throw; the caller still has the original, unchanged.
 *   <li>On success, return the new model with its {@link Provenance}.
 * </ol>
 *
 * Same seed, same inputs and same backend give the same result, bit for bit on CPU.
 */
public interface Unlearner {
    /** @return the registered name, e.g. {@code "ft"} */
    String name();

    /** @return every setting of this instance, defaults included */
    ResolvedSettings settings();

    /**
     * Checks, before any compute, that this method can run on the request's model and data (for
     * example: a method that needs an exact Hessian refuses a neural network here). Orchestration
     * (a plan, a comparison, a command line) calls it for every method before the first training
     * step, so that a run that would be refused later fails at once. {@link #unlearn} performs the
     * same checks. The default checks nothing; a method with model or data requirements overrides it.
     *
     * @param request the model, the data and the run options
     * @throws InvalidRequestException naming the field and the value
     */
    default void check(UnlearnRequest request) {}

    /**
     * Runs the method.
     *
     * @param request the model, the data and the run options
     * @return the unlearned model and its provenance
     * @throws InvalidRequestException on bad input, before any compute
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws UnlearningCancelledException if cancelled
     */
    UnlearnResult unlearn(UnlearnRequest request);
}
