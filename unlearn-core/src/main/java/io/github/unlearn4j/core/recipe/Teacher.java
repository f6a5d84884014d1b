package io.github.unlearn4j.core.recipe;

/**
 * The frozen model a {@link TermKind#KL_TEACHER} term distils from. Each teacher a recipe names is
 * made once per run, before the mask and the phases, and closed at the end.
 */
public enum Teacher {
    /** A frozen copy of the input model θ_o (SCRUB, the "competent" teacher). */
    INPUT,
    /**
     * A freshly initialized model of the same architecture, drawn from the run's seed: the
     * "incompetent" teacher of bad-teacher distillation (Chundawat et al. 2023), whose outputs on
     * forget rows carry no knowledge of them.
     */
    RANDOM_INIT
}
