package io.github.unlearn4j.core.recipe;

/** How a mask selects parameters from their scores. */
public enum Ranking {
    /** The top fraction of all parameters, ranked together. */
    GLOBAL,
    /** The top fraction within each parameter tensor. */
    PER_TENSOR,
    /** Every parameter whose score is above the threshold. */
    THRESHOLD,
    /**
     * Chosen per run by {@link SaliencyMask#resolve}: {@link #THRESHOLD} (score &gt; threshold) for
     * feature-usage saliency, {@link #GLOBAL} otherwise. Only methods that document it accept it.
     */
    AUTO
}
