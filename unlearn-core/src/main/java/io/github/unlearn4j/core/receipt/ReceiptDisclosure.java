package io.github.unlearn4j.core.receipt;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which metrics a receipt may show for a small forget set ({@link #RULE}).
 *
 * <p>A metric computed on the forget set is an average over its rows; with one row it <em>is</em>
 * that row's model output (its loss, its true-class probability, whether the membership attack
 * flags it). The "unseen" metrics are computed on the test rows of the forget set's classes, so
 * their sample counts, and their values, tell which classes the forget set holds: with one row, its
 * label. Below {@link #DEFAULT_MIN_FORGET_SET_SIZE} rows (configurable with
 * {@link ReceiptBuilder#minDisclosedForgetSetSize(int)}) such metrics are therefore suppressed.
 *
 * <p>The list of metrics shown below the minimum is an allow-list, not a deny-list: a metric from a
 * third-party verifier, whose dependence on the forget set is unknown, is suppressed too. The
 * allowed ones are computed on the retain set, the test set, or the parameters only.
 *
 * <p>Why 30: it is the default {@code minSamples} below which a metric is flagged as not solid, so
 * a forget set large enough to judge a metric on is also large enough to report it; and from 30
 * rows on, one row moves a bounded mean (an accuracy, a confidence) by at most 1/30 of its range,
 * so the receipt no longer reads as any one record's outputs. It is a threshold, not a formal
 * guarantee: that would take differential privacy, and a reader who knows all rows but one could
 * still reason about the last.
 */
public final class ReceiptDisclosure {
    /** The default smallest forget set whose forget-derived metrics a receipt shows. */
    public static final int DEFAULT_MIN_FORGET_SET_SIZE = 30;

    /**
     * Metrics shown whatever the forget set's size: they are computed on the retain set, the test
     * set, the membership attack's shadow data (retain rows against test rows) or the parameters, and
     * the likelihood-ratio attack's size and cost (its shadow runs and their seconds).
     */
    public static final Set<String> ALWAYS_SHOWN = Set.of("RA", "TA", "retainLoss", "testLoss", "miaAttackAccuracy",
            "gapRA", "gapTA", "gapRetainLoss", "gapTestLoss", "klTest", "predictionMseTest", "weightDistance",
            "uliraShadows", "uliraSeconds", "uliraSecondsNow");

    /** The rule, as written in receipts. */
    public static final String RULE = "when the forget set has fewer rows than minForgetSetSize, every metric except"
            + " those computed on the retain set, the test set or the parameters, and an attack's size and cost (" + String.join(", ", sortedShown())
            + ") is suppressed: metrics on the forget set (UA, forgetConfidence, forgetLoss, MIA, miaAuc, klForget,"
            + " predictionMseForget and the gaps built on them, avgGap included) because with few rows they are those"
            + " rows' own model outputs, and the unseen metrics (unseenUA, unseenConfidence, unseenLoss) because their"
            + " sample counts and values reveal the forget rows' labels; metrics from other verifiers are suppressed"
            + " too. A suppressed metric keeps its name, verifier and description; its value, sampleCount and solid"
            + " are null. A verdict line on a suppressed metric keeps its threshold and status (HELD, FAILED,"
            + " INCONCLUSIVE, NOT_APPLICABLE); its value, sampleCount, target and limit are null and its note and text"
            + " say it was suppressed. This applies to the plan's attempts too.";

    private ReceiptDisclosure() {}

    private static List<String> sortedShown() {
        List<String> names = new ArrayList<>(ALWAYS_SHOWN);
        names.sort(null);
        return names;
    }

    /**
     * Checks a minimum.
     *
     * @param minForgetSetSize the smallest forget set shown in full
     * @return it
     * @throws InvalidRequestException when below 1
     */
    static int checkMinimum(int minForgetSetSize) {
        if (minForgetSetSize < 1) {
            throw InvalidRequestException.of("minDisclosedForgetSetSize", minForgetSetSize,
                    "must be at least 1 (1 shows every metric whatever the size; the default is "
                            + DEFAULT_MIN_FORGET_SET_SIZE + ")");
        }
        return minForgetSetSize;
    }

    /**
     * Whether a metric is shown for a forget set of the given size.
     *
     * @param metric the metric's name
     * @param forgetSetSize the number of rows forgotten
     * @param minForgetSetSize the smallest forget set shown in full
     * @return true when the metric's value may appear in the receipt
     */
    public static boolean shown(String metric, int forgetSetSize, int minForgetSetSize) {
        return forgetSetSize >= minForgetSetSize || ALWAYS_SHOWN.contains(metric);
    }
}
