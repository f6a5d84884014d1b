package io.github.unlearn4j.core.theory;

/** How the forget and retain samples use the feature coordinates (DESIGN.md §2). */
public enum FeatureRegime {
    /** Forget and retain samples are non-zero on disjoint coordinates. */
    DISTINCT,
    /** Forget and retain samples share {@code dOverlap} coordinates; the rest are their own. */
    OVERLAPPING
}
