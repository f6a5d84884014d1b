package io.github.unlearn4j.core.attack;

/** How the likelihood-ratio test of {@code ulira} estimates its Gaussians' variances. */
public enum UliraVariance {
    /**
     * One variance per hypothesis, pooled over the target examples (the within-example variance
     * about each example's own mean). With few shadow runs per example (8 "unlearned" observations
     * at 16 runs) a per-example variance is itself noisy; Carlini et al. (2022) report that the
     * pooled ("fixed") variance is the better choice below about 64 shadow models.
     */
    POOLED,
    /** One variance per example and hypothesis; an example whose observations agree borrows the pooled one. */
    PER_EXAMPLE
}
