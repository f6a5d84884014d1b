package io.github.unlearn4j.core.policy;

import java.util.Objects;

/**
 * The outcome of one threshold: what was measured, against what, and whether it held, or why it
 * could not be judged.
 *
 * @param threshold the threshold's text, e.g. {@code UA within 2 of reference}
 * @param metric the metric's name
 * @param status held, failed, inconclusive or not applicable
 * @param value the measured value, NaN when not measured
 * @param sampleCount the samples it was measured on, 0 when not measured
 * @param target the target's value (reference, unseen or original), NaN for absolute bounds or when unknown
 * @param limit the effective bound the value was compared with: the bound itself, the target ±
 *     tolerance, or for {@code within} the largest allowed |value − target|; NaN when not judged
 * @param note why the line is inconclusive or not applicable; empty when judged
 */
public record VerdictLine(String threshold, String metric, LineStatus status, double value, long sampleCount,
        double target, double limit, String note) {

    /**
     * Validates.
     *
     * @param threshold threshold text
     * @param metric metric
     * @param status status
     * @param value value
     * @param sampleCount samples
     * @param target target
     * @param limit limit
     * @param note note
     */
    public VerdictLine {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(note, "note");
    }

    /** @return true if the threshold was judged and held */
    public boolean held() {
        return status == LineStatus.HELD;
    }

    /**
     * One human-readable line, e.g. {@code [FAILED] forgetLoss >= reference - 10%: measured 1.2e-12
     * (n=10); target 61.9, limit 55.71}.
     *
     * @return the line
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(status == LineStatus.NOT_APPLICABLE ? "N/A" : status.name()).append("] ")
                .append(threshold).append(": ");
        boolean judged = status == LineStatus.HELD || status == LineStatus.FAILED;
        if (!judged) {
            sb.append(note);
            if (!Double.isNaN(value)) {
                sb.append("; measured ").append(Numbers.fmt(value)).append(" (n=").append(sampleCount).append(')');
            }
            return sb.toString();
        }
        sb.append("measured ").append(Numbers.fmt(value)).append(" (n=").append(sampleCount).append(')');
        if (!Double.isNaN(target)) {
            sb.append("; target ").append(Numbers.fmt(target));
            if (threshold.contains(" within ")) {
                sb.append(", |difference| ").append(Numbers.fmt(Math.abs(value - target))).append(" vs at most ")
                        .append(Numbers.fmt(limit));
            } else {
                sb.append(", limit ").append(Numbers.fmt(limit));
            }
        }
        if (!note.isEmpty()) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }
}
