package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.Objects;

/**
 * One weighted term of a phase's objective: {@code weight · loss(role's batch, labels)}. A negative
 * weight ascends the loss.
 *
 * @param role retain or forget data
 * @param kind the loss
 * @param weight the coefficient, finite
 * @param labels which labels the loss uses
 */
public record ObjectiveTerm(DataRole role, TermKind kind, double weight, LabelMode labels) {
    /**
     * Validates.
     *
     * @param role role
     * @param kind kind
     * @param weight weight
     * @param labels labels
     */
    public ObjectiveTerm {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labels, "labels");
        if (!Double.isFinite(weight)) {
            throw InvalidRequestException.of("weight", weight, "must be finite");
        }
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
