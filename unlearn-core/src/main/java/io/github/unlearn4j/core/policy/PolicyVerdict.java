package io.github.unlearn4j.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A policy's verdict on one model: PASS, FAIL or INCONCLUSIVE, with one line per threshold, the
 * kind of forget set it was judged for, and the negative control (the forgetting thresholds judged
 * on the untouched original).
 *
 * @param policy the policy's name
 * @param verdict the overall verdict
 * @param forgetKind the kind of forget set the thresholds were chosen for
 * @param lines one line per threshold, in policy order
 * @param control the negative control
 * @param summary one sentence: the verdict, the kind of forget set, the count of lines per status,
 *     and what the control showed
 */
public record PolicyVerdict(String policy, Verdict verdict, ForgetKind forgetKind, List<VerdictLine> lines,
        NegativeControl control, String summary) {
    /**
     * Copies the lines.
     *
     * @param policy policy name
     * @param verdict verdict
     * @param forgetKind kind of forget set
     * @param lines lines
     * @param control negative control
     * @param summary summary
     */
    public PolicyVerdict {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(forgetKind, "forgetKind");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(summary, "summary");
        lines = List.copyOf(lines);
    }

    /** @return true on PASS */
    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /**
     * Whether the negative control alone kept this verdict from PASS: every applicable threshold was
     * judged and held, but the control did not discriminate.
     *
     * @return true when INCONCLUSIVE only because of the control
     */
    public boolean inconclusiveByControl() {
        return verdict == Verdict.INCONCLUSIVE && !control.discriminates()
                && lines.stream().anyMatch(VerdictLine::held)
                && lines.stream().allMatch(l -> l.held() || l.status() == LineStatus.NOT_APPLICABLE);
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
     * Finds the line on a metric: the first that applies to this model and forget set, else the
     * first on the metric (a preset may hold one threshold on a metric per kind of forget set).
     *
     * @param metric the metric's name
     * @return the line
     * @throws IllegalArgumentException if the policy has no threshold on it
     */
    public VerdictLine line(String metric) {
        return lines.stream().filter(l -> l.metric().equals(metric) && l.status() != LineStatus.NOT_APPLICABLE)
                .findFirst()
                .or(() -> lines.stream().filter(l -> l.metric().equals(metric)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("policy " + policy + " has no threshold on " + metric));
    }

    /** @return the summary, then every line, one per row, then the control's lines */
    public String text() {
        StringBuilder sb = new StringBuilder(summary);
        for (VerdictLine l : lines) {
            sb.append('\n').append("  ").append(l.text());
        }
        if (!control.lines().isEmpty()) {
            sb.append('\n').append("  negative control, the untouched original:");
            for (VerdictLine l : control.lines()) {
                sb.append('\n').append("    ").append(l.text());
            }
        }
        return sb.toString();
    }
}
