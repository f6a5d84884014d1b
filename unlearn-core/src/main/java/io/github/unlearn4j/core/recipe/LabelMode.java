package io.github.unlearn4j.core.recipe;

/** Which labels a term trains against. */
public enum LabelMode {
    /** The dataset's labels. */
    TRUE,
    /** A label drawn uniformly from all C classes per row and step; it may equal the true one (as the reference RL code). */
    RANDOM,
    /** A label drawn uniformly from the C − 1 wrong classes per row and step. */
    RANDOM_OTHER
}
