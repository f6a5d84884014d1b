package io.github.unlearn4j.core.recipe;

/** The loss of an objective term; see {@link io.github.unlearn4j.api.model.LossTerm} for the formulas. */
public enum TermKind {
    /** Cross-entropy (classification) or squared error (regression). */
    TASK,
    /** Inverse cross-entropy −log(1 − p_y). */
    INVERSE_CE,
    /** T²·KL(uniform ‖ p_T) at the phase's temperature T (KL(uniform ‖ p) at T = 1). */
    KL_UNIFORM,
    /**
     * T²·KL(teacher ‖ student) at the phase's temperature T; the teacher is frozen, the input model
     * unless the term names another ({@link ObjectiveTerm#teacher()}).
     */
    KL_TEACHER,
    /**
     * A plugin's own {@link io.github.unlearn4j.api.model.LogitLoss}, carried by the term (see
     * {@link ObjectiveTerm#custom}); classification only.
     */
    CUSTOM
}
