package io.github.unlearn4j.api.model;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.Objects;

/**
 * One term of a training objective, evaluated by a backend on a batch as a mean over its rows.
 * Core assembles objectives from terms and weights (what to compute); each backend implements the
 * terms (how). Gradient ascent is a negative weight; random labels are replacement labels in the
 * {@link io.github.unlearn4j.api.data.Batch}. A backend given a term it does not implement throws
 * {@link io.github.unlearn4j.api.BackendException} naming the term.
 *
 * <p>The built-in terms are implemented natively by each backend. A plugin defines its own loss by
 * implementing {@link LogitLoss}: an engine-neutral function of the logits, the label and an
 * optional target distribution, which every classification backend runs without changes.
 *
 * <p>Notation: p = softmax(z) are the model's class probabilities on a row, y the row's (possibly
 * replacement) label, C the number of classes.
 */
public sealed interface LossTerm
        permits LossTerm.TaskLoss, LossTerm.InverseCrossEntropy, LossTerm.KlToUniform, LossTerm.KlToTeacher,
                LogitLoss {
    /** @return a short name for logs and provenance */
    String name();

    /**
     * The model's task loss: cross-entropy {@code −log p_y} for classification,
     * {@code (f(x) − y)²} for regression.
     */
    LossTerm TASK = new TaskLoss();

    /** Inverse cross-entropy {@code −log(1 − p_y)}: pushes p_y towards 0 (classification only). */
    LossTerm INVERSE_CE = new InverseCrossEntropy();

    /**
     * KL divergence from the uniform distribution u to p, {@code KL(u ‖ p) = −log C − (1/C) Σ_c log p_c}:
     * pushes p towards uniform (classification only).
     */
    LossTerm KL_UNIFORM = new KlToUniform();

    /** The task loss, see {@link LossTerm#TASK}. */
    record TaskLoss() implements LossTerm {
        @Override
        public String name() {
            return "task";
        }
    }

    /** Inverse cross-entropy, see {@link LossTerm#INVERSE_CE}. */
    record InverseCrossEntropy() implements LossTerm {
        @Override
        public String name() {
            return "inverse-ce";
        }
    }

    /** KL to uniform, see {@link LossTerm#KL_UNIFORM}. */
    record KlToUniform() implements LossTerm {
        @Override
        public String name() {
            return "kl-uniform";
        }
    }

    /**
     * Distillation towards a frozen teacher at temperature T, as in SCRUB's {@code DistillKL}:
     * {@code T² · KL(q ‖ p_T)}, where {@code q = softmax(z_teacher / T)} and
     * {@code p_T = softmax(z_student / T)}. The teacher must be a model of the same backend and
     * shape; it is only read (classification only).
     *
     * @param teacher the frozen teacher
     * @param temperature T &gt; 0
     */
    record KlToTeacher(TrainableModel teacher, double temperature) implements LossTerm {
        /**
         * Validates.
         *
         * @param teacher the teacher
         * @param temperature T
         */
        public KlToTeacher {
            Objects.requireNonNull(teacher, "teacher");
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw InvalidRequestException.of("temperature", temperature, "must be a finite number > 0");
            }
        }

        @Override
        public String name() {
            return "kl-teacher(T=" + temperature + ")";
        }
    }
}
