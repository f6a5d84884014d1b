package io.github.unlearn4j.core.recipe;

/** How a mask selects parameters from their scores. */
public enum Ranking {
    /** The top fraction of all parameters, ranked together. */
    GLOBAL,
    /** The top fraction within each parameter tensor. */
    PER_TENSOR,
    /** Every parameter whose score is above the threshold. */
    THRESHOLD
}
