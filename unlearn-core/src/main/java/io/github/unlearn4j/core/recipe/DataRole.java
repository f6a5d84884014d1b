package io.github.unlearn4j.core.recipe;

/** Which part of the training data an objective term is evaluated on. */
public enum DataRole {
    /** The retain set D_r. */
    RETAIN,
    /** The forget set D_f. */
    FORGET
}
