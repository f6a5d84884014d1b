package io.github.unlearn4j.core.policy;

/** What a threshold's bound is relative to. */
public enum BoundKind {
    /** A fixed number in the metric's units: {@code miaAuc <= 0.6}. */
    ABSOLUTE("absolute"),
    /**
     * The same metric measured on the retrained reference model: {@code UA within 2 of reference}
     * means |UA − UA_ref| ≤ 2.
     */
    RELATIVE_TO_REFERENCE("reference"),
    /**
     * The same quantity measured on unseen data, the test rows of the forget set's classes (see
     * {@link io.github.unlearn4j.core.verify.MetricSpec#unseenCounterpart()}):
     * {@code UA >= unseen - 5} means "the model does no better on the forget set than on unseen
     * data of the same classes, within 5 points". Needs no reference.
     */
    RELATIVE_TO_TEST("unseen"),
    /**
     * The same metric measured on the original model, before unlearning: {@code RA >= original - 5}
     * bounds the utility lost. Needs no reference.
     */
    RELATIVE_TO_ORIGINAL("original");

    private final String word;

    BoundKind(String word) {
        this.word = word;
    }

    /** @return how threshold texts name the target: {@code reference}, {@code unseen} or {@code original} */
    public String word() {
        return word;
    }
}
