package io.github.unlearn4j.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * The negative control of a verdict: the policy's forgetting thresholds judged on the untouched
 * original model. A threshold set that the original meets too cannot tell forgetting from doing
 * nothing, so a model is only judged PASS when the original fails at least one forgetting threshold
 * that the model meets ({@link Status#DISCRIMINATES}).
 *
 * <p>Forgetting thresholds are those on metrics that show what a model still knows of the forget
 * set ({@link io.github.unlearn4j.core.verify.MetricSpec#forgettingEvidence()}: UA, MIA, miaAuc,
 * forget confidence and loss, the accuracy on the forgotten classes' test rows, distances to the
 * retrained reference); utility thresholds (RA, TA, losses on retained or test data) are not
 * judged on the original, since an untouched model keeps its utility by definition.
 *
 * @param status what the control showed
 * @param lines the forgetting thresholds judged on the original, in policy order; empty when the
 *     original was not measured or no forgetting threshold applies
 * @param note one sentence: what the control showed and what it means for the verdict
 */
public record NegativeControl(Status status, List<VerdictLine> lines, String note) {
    /** The sentence of a control whose thresholds the original meets too. */
    public static final String CANNOT_TELL = "the untouched original meets these forgetting thresholds too;"
            + " they cannot tell forgetting from a no-op on this data";

    /**
     * Copies the lines.
     *
     * @param status status
     * @param lines lines
     * @param note note
     */
    public NegativeControl {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(note, "note");
        lines = List.copyOf(lines);
    }

    /** What the negative control showed. */
    public enum Status {
        /** The original fails at least one forgetting threshold: the thresholds can tell forgetting from a no-op. */
        DISCRIMINATES,
        /**
         * The original meets every applicable forgetting threshold (or they could not be judged on
         * it): a model that did nothing would be judged like the one at hand. Typical for random
         * rows forgotten from a model that generalizes: the original already looks like the
         * retrained model on every output statistic.
         */
        DOES_NOT_DISCRIMINATE,
        /** The original model was not measured, so nothing shows that the thresholds can tell forgetting from a no-op. */
        NOT_MEASURED,
        /** No forgetting threshold applies to this model and forget set; utility alone cannot show forgetting. */
        NO_FORGETTING_THRESHOLD
    }

    /** @return true when the control allows a PASS */
    public boolean discriminates() {
        return status == Status.DISCRIMINATES;
    }
}
