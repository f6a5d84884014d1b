package io.github.unlearn4j.core.recipe;

/** Which data a saliency score measures. */
public enum SaliencyScore {
    /** Saliency on the forget set (SalUn): the weights that serve D_f. */
    FORGET,
    /** Saliency on the retain set (RBM): the weights that serve D_r. */
    RETAIN,
    /**
     * Forget saliency over retain saliency, {@code s_f / (s_r + ε)}: the weights that serve D_f but
     * not D_r. ε is 1e-12 times the largest retain saliency (at least 1e-30).
     */
    RATIO
}
