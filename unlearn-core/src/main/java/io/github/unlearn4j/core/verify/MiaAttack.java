package io.github.unlearn4j.core.verify;

/** The membership-inference attack of {@code mia} (setting {@code attack}). */
public enum MiaAttack {
    /** A threshold on one feature ({@code feature}), chosen by balanced accuracy on the shadow data. */
    THRESHOLD,
    /**
     * A logistic regression on four features together, loss {@code −log p_y}, confidence
     * {@code p_y}, entropy and modified entropy, standardized on the shadow data, fitted on it with
     * a small L2 penalty; its score then gets a threshold the same way ({@link MultiFeatureScore}).
     */
    MULTI_FEATURE
}
