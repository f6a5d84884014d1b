package io.github.unlearn4j.api.model;

/**
 * An optimizer: the rule that turns the accumulated gradient into a parameter update, with its own
 * per-parameter state (Tribuo's split of the gradient from the update rule; DJL's
 * {@code Optimizer}). A spec is an immutable description; {@link TrainableModel#newUpdater} turns
 * it into a {@link ParameterUpdater} that holds the state for one run.
 *
 * <p>Two rules are built in, and every backend implements them natively (the reference backend on
 * float arrays, DJL in place on the device):
 * <ul>
 *   <li>{@link SgdConfig}: SGD with momentum, weight decay and an ℓ1 term;
 *   <li>{@link AdamWConfig}: Adam with decoupled weight decay.
 * </ul>
 * A plugin adds its own rule by implementing {@link UpdateRule}: an engine-neutral rule over flat
 * float arrays that every backend can run (DJL by copying to the host and back: slow, but correct).
 *
 * <p>For every rule, a parameter outside the {@link ParameterMask} never moves and its state never
 * changes.
 */
public sealed interface OptimizerSpec permits SgdConfig, AdamWConfig, UpdateRule {
    /** @return a short name for logs and provenance, such as {@code "sgd"} or {@code "adamw"} */
    String name();
}
