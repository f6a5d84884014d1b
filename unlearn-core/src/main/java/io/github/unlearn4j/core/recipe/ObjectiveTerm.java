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
 */
public record ObjectiveTerm(DataRole role, TermKind kind, double weight, LabelMode labels, LogitLoss custom) {
    /**
     * Validates.
     *
     * @param role role
     * @param kind kind
     * @param weight weight
     * @param labels labels
     * @param custom the plugin's loss, exactly when kind is {@link TermKind#CUSTOM}
     */
    public ObjectiveTerm {
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
