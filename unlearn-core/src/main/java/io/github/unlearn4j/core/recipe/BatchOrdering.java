package io.github.unlearn4j.core.recipe;

/** How a phase interleaves retain and forget batches when it has terms on both. */
public enum BatchOrdering {
    /**
     * One update per retain batch, each on the sum of the retain terms and the forget terms of a
     * forget batch; the forget set is cycled (NegGrad+, the regularized FT variants).
     */
    PAIRED,
    /** Alternate: one update on a forget batch, then one on a retain batch, per retain batch. */
    ALTERNATING,
    /** Each epoch: a pass of updates over the forget set, then a pass over the retain set (RL, SCRUB). */
    FORGET_FIRST,
    /**
     * Mixed batches: each step draws one batch from the retain and forget rows shuffled together;
     * each row gets the terms of its own role (its own labels, teacher and target), so the step's
     * loss is the mean over the batch's rows: {@code (n_r/n) · Σ retain terms on its rows +
     * (n_f/n) · Σ forget terms on its rows}. An epoch is one pass over both (bad-teacher
     * distillation). Needs every forget epoch ({@code forgetEpochs = 0}).
     */
    MIXED
}
