package io.github.unlearn4j.core.recipe;

/**
 * Which parameters a phase's updates may move, relative to the recipe's mask. The others stay
 * bit-identical, which is the same as restoring them after every step.
 */
public enum TrainScope {
    /** Every parameter. */
    ALL,
    /** Only the parameters the mask selected. */
    SELECTED,
    /** Only the parameters the mask did not select. */
    UNSELECTED
}
