package io.github.unlearn4j.core.policy;

/** The outcome of one threshold. */
public enum LineStatus {
    /** Measured on enough samples, and the threshold held. */
    HELD,
    /** Measured on enough samples, and the threshold did not hold. */
    FAILED,
    /**
     * Could not be judged: too few samples, no reference available, or the metric (or its target)
     * was not measured.
     */
    INCONCLUSIVE,
    /**
     * The threshold does not apply to this model and data (its task differs, or its metric needs a
     * test set the split lacks); it is ignored, with a note.
     */
    NOT_APPLICABLE
}
