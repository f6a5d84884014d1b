package io.github.unlearn4j.api.model;

/**
 * One term of a training objective, evaluated by a backend on a batch. Core assembles objectives
 * from terms (what to compute); each backend implements the terms it supports (how). A backend
 * given a term it does not implement throws {@link io.github.unlearn4j.api.BackendException}
 * naming the term.
 */
public interface LossTerm {
    /** @return a short name for logs and provenance */
    String name();

    /**
     * The model's task loss on the batch labels: mean cross-entropy for classification,
     * {@code (1/n) Σ (f(x_i) − y_i)²} for regression.
     */
    LossTerm TASK = new TaskLoss();

    /** The task loss, see {@link LossTerm#TASK}. */
    record TaskLoss() implements LossTerm {
        @Override
        public String name() {
            return "task";
        }
    }
}
