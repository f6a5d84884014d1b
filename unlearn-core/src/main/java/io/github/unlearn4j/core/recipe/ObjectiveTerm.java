package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.LogitLoss;
import java.util.Objects;

/**
 * One weighted term of a phase's objective: {@code weight · loss(role's batch, labels)}. A negative
 * weight ascends the loss.
 *
 * @param role retain or forget data
 * @param kind the loss
 * @param weight the coefficient, finite
 * @param labels which labels the loss uses
 * @param custom the plugin's loss when {@code kind} is {@link TermKind#CUSTOM}, else null
 * @param teacher the model a {@link TermKind#KL_TEACHER} term distils from; {@link Teacher#INPUT}
 *     for every other kind
 */
public record ObjectiveTerm(
        DataRole role, TermKind kind, double weight, LabelMode labels, LogitLoss custom, Teacher teacher) {
    /**
     * Validates.
     *
     * @param role role
     * @param kind kind
     * @param weight weight
     * @param labels labels
     * @param custom the plugin's loss, exactly when kind is {@link TermKind#CUSTOM}
     * @param teacher the teacher; other than {@link Teacher#INPUT} only for {@link TermKind#KL_TEACHER}
     */
    public ObjectiveTerm {
        Objects.requireNonNull(teacher, "teacher");
        if (teacher != Teacher.INPUT && kind != TermKind.KL_TEACHER) {
            throw InvalidRequestException.of("teacher", teacher, "only a KL_TEACHER term distils from a teacher; this term is "
                    + kind);
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labels, "labels");
        if (!Double.isFinite(weight)) {
            throw InvalidRequestException.of("weight", weight, "must be finite");
        }
        if ((kind == TermKind.CUSTOM) != (custom != null)) {
            throw InvalidRequestException.of("custom", custom == null ? "null" : custom.name(),
                    "a term of kind " + kind + (kind == TermKind.CUSTOM ? " needs" : " takes no") + " custom loss");
        }
    }

    /**
     * A term whose KL_TEACHER distils from the input model.
     *
     * @param role role
     * @param kind kind
     * @param weight weight
     * @param labels labels
     * @param custom the plugin's loss, exactly when kind is {@link TermKind#CUSTOM}
     */
    public ObjectiveTerm(DataRole role, TermKind kind, double weight, LabelMode labels, LogitLoss custom) {
        this(role, kind, weight, labels, custom, Teacher.INPUT);
    }

    /**
     * A distillation term: {@code weight · T² KL(teacher_T ‖ student_T)} on the role's rows, at the
     * phase's temperature T.
     *
     * @param role whose rows
     * @param teacher which frozen model's probabilities are the target
     * @param weight weight
     * @return the term
     */
    public static ObjectiveTerm distill(DataRole role, Teacher teacher, double weight) {
        return new ObjectiveTerm(role, TermKind.KL_TEACHER, weight, LabelMode.TRUE, null, teacher);
    }

    /**
     * A term of a built-in kind.
     *
     * @param role role
     * @param kind kind, not {@link TermKind#CUSTOM}
     * @param weight weight
     * @param labels labels
     */
    public ObjectiveTerm(DataRole role, TermKind kind, double weight, LabelMode labels) {
        this(role, kind, weight, labels, null);
    }

    /**
     * A term with a plugin's own loss, on the dataset's labels.
     *
     * @param role role
     * @param loss the loss; its teacher, if any, is its own (not the recipe's input model)
     * @param weight weight
     * @return the term
     */
    public static ObjectiveTerm custom(DataRole role, LogitLoss loss, double weight) {
        return new ObjectiveTerm(role, TermKind.CUSTOM, weight, LabelMode.TRUE, Objects.requireNonNull(loss, "loss"));
    }

    /**
     * A term with the dataset's labels.
     *
     * @param role role
     * @param kind kind
     * @param weight weight
     * @return the term
     */
    public static ObjectiveTerm of(DataRole role, TermKind kind, double weight) {
        return new ObjectiveTerm(role, kind, weight, LabelMode.TRUE);
    }

    /** @return whether the term needs class probabilities (a classification model) */
    public boolean needsClassification() {
        return kind != TermKind.TASK || labels != LabelMode.TRUE;
    }
}
