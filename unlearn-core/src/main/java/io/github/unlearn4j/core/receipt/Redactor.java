package io.github.unlearn4j.core.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@link ReceiptDisclosure#RULE} to a receipt's metrics and verdict lines, and remembers
 * what it suppressed. One per receipt; not thread-safe.
 */
final class Redactor {
    private final int forgetSetSize;
    private final int minForgetSetSize;
    private final Set<String> suppressed = new TreeSet<>();

    Redactor(int forgetSetSize, int minForgetSetSize) {
        this.forgetSetSize = forgetSetSize;
        this.minForgetSetSize = minForgetSetSize;
    }

    private boolean hides(String metric) {
        boolean hide = !ReceiptDisclosure.shown(metric, forgetSetSize, minForgetSetSize);
        if (hide) {
            suppressed.add(metric);
        }
        return hide;
    }

    private String why() {
        return "suppressed: the forget set has " + forgetSetSize + " rows, fewer than the disclosure minimum "
                + minForgetSetSize + " (see disclosure.rule)";
    }

    List<UnlearningReceipt.MetricEntry> metrics(List<UnlearningReceipt.MetricEntry> metrics) {
        List<UnlearningReceipt.MetricEntry> out = new ArrayList<>();
        for (UnlearningReceipt.MetricEntry m : metrics) {
            out.add(hides(m.name())
                    ? new UnlearningReceipt.MetricEntry(m.name(), null, null, m.minSamples(), null, m.verifier(),
                            m.description(), true)
                    : m);
        }
        return out;
    }

    UnlearningReceipt.VerdictEntry verdict(UnlearningReceipt.VerdictEntry v) {
        if (v == null) {
            return null;
        }
        UnlearningReceipt.ControlEntry c = v.control();
        // the control's lines are the untouched original's outputs on the same forget rows
        return new UnlearningReceipt.VerdictEntry(v.policy(), v.verdict(), v.summary(), lines(v.lines()),
                v.forgetKind(), c == null ? null : new UnlearningReceipt.ControlEntry(c.status(), c.note(), lines(c.lines())));
    }

    List<UnlearningReceipt.LineEntry> lines(List<UnlearningReceipt.LineEntry> lines) {
        List<UnlearningReceipt.LineEntry> out = new ArrayList<>();
        for (UnlearningReceipt.LineEntry l : lines) {
            if (!hides(l.metric())) {
                out.add(l);
                continue;
            }
            String label = "NOT_APPLICABLE".equals(l.status()) ? "N/A" : l.status();
            String note = why();
            out.add(new UnlearningReceipt.LineEntry(l.threshold(), l.metric(), l.status(), null, null, null, null,
                    note, "[" + label + "] " + l.threshold() + ": " + note, true));
        }
        return out;
    }

    UnlearningReceipt.Plan plan(UnlearningReceipt.Plan p) {
        if (p == null) {
            return null;
        }
        List<UnlearningReceipt.Attempt> attempts = new ArrayList<>();
        for (UnlearningReceipt.Attempt a : p.attempts()) {
            attempts.add(new UnlearningReceipt.Attempt(a.index(), a.method(), a.settings(), a.seed(), a.fallback(),
                    a.reusedReference(), a.elapsedMs(), a.optimizerSteps(), a.speedUpVsRetrain(), a.verifyMs(),
                    a.verdict(), a.summary(), lines(a.lines()), a.modelSha256(), a.error(), metrics(a.metrics())));
        }
        return new UnlearningReceipt.Plan(p.policy(), p.outcome(), p.note(), p.acceptedAttempt(), attempts,
                p.costAccounting());
    }

    UnlearningReceipt.Disclosure disclosure() {
        return new UnlearningReceipt.Disclosure(minForgetSetSize, !suppressed.isEmpty(), List.copyOf(suppressed),
                ReceiptDisclosure.RULE);
    }
}
