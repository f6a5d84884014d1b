package io.github.unlearn4j.core.policy;

/** The unit of a relative threshold's tolerance. */
public enum ToleranceUnit {
    /** The metric's own units, e.g. percentage points for UA: {@code UA within 2 of reference}. */
    METRIC_UNITS,
    /**
     * A fraction of the target's magnitude, written as a percentage: {@code forgetLoss >= reference -
     * 10%} means forgetLoss ≥ ref − 0.1·|ref|. For metrics without a natural scale, such as losses.
     */
    FRACTION_OF_TARGET
}
