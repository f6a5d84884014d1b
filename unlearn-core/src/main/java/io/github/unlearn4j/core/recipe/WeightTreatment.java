package io.github.unlearn4j.core.recipe;

/** What happens to a group of weights once, after the mask is computed and before any phase runs. */
public enum WeightTreatment {
    /** Leave them as trained. */
    KEEP,
    /** Set them to zero. */
    RESET_ZERO,
    /** Set them to the values of a freshly initialized model (seeded by the run). */
    REINITIALIZE
}
