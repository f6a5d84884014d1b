package io.github.unlearn4j.core.policy;

/** The outcome of judging a model against a policy. */
public enum Verdict {
    /** Every applicable threshold held, on solid measurements. */
    PASS,
    /** At least one threshold failed on a solid measurement. */
    FAIL,
    /** No threshold failed, but at least one could not be judged, or none applied. */
    INCONCLUSIVE
}
