package io.github.unlearn4j.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy's verdict on one model: PASS, FAIL or INCONCLUSIVE, with one line per threshold.
 *
 * @param policy the policy's name
 * @param verdict the overall verdict
 * @param lines one line per threshold, in policy order
 * @param summary one sentence: the verdict and the count of lines per status
 */
public record PolicyVerdict(String policy, Verdict verdict, List<VerdictLine> lines, String summary) {
    /**
     * Copies the lines.
     *
     * @param policy policy name
     * @param verdict verdict
     * @param lines lines
     * @param summary summary
     */
    public PolicyVerdict {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        lines = List.copyOf(lines);
    }

    /** @return true on PASS */
    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /**
     * The lines of one status.
     *
     * @param status the status
     * @return those lines, in policy order
     */
    public List<VerdictLine> lines(LineStatus status) {
        return lines.stream().filter(l -> l.status() == status).toList();
    }

    /**
     * Finds the first line on a metric.
     *
     * @param metric the metric's name
     * @return the line
     * @throws IllegalArgumentException if the policy has no threshold on it
     */
    public VerdictLine line(String metric) {
        return lines.stream().filter(l -> l.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("policy " + policy + " has no threshold on " + metric));
    }

    /** @return the summary, then every line, one per row */
    public String text() {
        StringBuilder sb = new StringBuilder(summary);
        for (VerdictLine l : lines) {
            sb.append('\n').append("  ").append(l.text());
        }
        return sb.toString();
    }
}
