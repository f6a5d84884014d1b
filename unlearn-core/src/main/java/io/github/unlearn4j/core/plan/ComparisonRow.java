package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.Measurements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One method's row of a {@link MethodComparison}: what ran, what it cost, what was measured and
 * how it was judged, or why it failed.
 *
 * @param method the method's name
 * @param settings its settings, defaults included
 * @param seed the run's seed
 * @param reference true for the retrained reference itself: it is not judged against itself, so
 *     {@code policyVerdict} is null
 * @param accuracy forget, retain and test accuracy of its model in percent; null when it failed
 * @param measurements what the policy's verifiers measured (empty without a policy or on failure)
 * @param policyVerdict the policy's verdict, or null (no policy, the reference row, or a failure)
 * @param startedAt when the run started
 * @param elapsed its unlearning wall-clock time (zero when it failed)
 * @param optimizerSteps its optimizer steps
 * @param verifyElapsed the time spent measuring and judging it
 * @param speedUp the reference's training time over this row's time, or null when either is
 *     unknown or the row failed; 1 for the reference row
 * @param modelSha256 its model's parameter fingerprint, or null when it failed
 * @param error why the run failed (for example divergence), or null
 */
public record ComparisonRow(
        String method,
        Map<String, String> settings,
        long seed,
        boolean reference,
        Accuracy accuracy,
        Measurements measurements,
        PolicyVerdict policyVerdict,
        Instant startedAt,
        Duration elapsed,
        long optimizerSteps,
        Duration verifyElapsed,
        Double speedUp,
        String modelSha256,
        String error) {

    /**
     * Forget, retain and test accuracy, in percent.
     *
     * @param forget accuracy on the forget set
     * @param retain accuracy on the retain set
     * @param test accuracy on the test set, NaN without one
     */
    public record Accuracy(double forget, double retain, double test) {}

    /**
     * Validates.
     *
     * @param method method
     * @param settings settings
     * @param seed seed
     * @param reference reference
     * @param accuracy accuracy, or null
     * @param measurements measurements
     * @param policyVerdict verdict, or null
     * @param startedAt start
     * @param elapsed elapsed
     * @param optimizerSteps steps
     * @param verifyElapsed verify time
     * @param speedUp speed-up, or null
     * @param modelSha256 fingerprint, or null
     * @param error error, or null
     */
    public ComparisonRow {
        Objects.requireNonNull(method, "method");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(measurements, "measurements");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(verifyElapsed, "verifyElapsed");
        if ((error == null) == (modelSha256 == null)) {
            throw new IllegalArgumentException("row " + method + ": exactly one of modelSha256 and error must be set"
                    + " (modelSha256 = " + modelSha256 + ", error = " + error + ")");
        }
    }

    /** @return true when the run failed; {@link #error()} says why */
    public boolean failed() {
        return error != null;
    }

    /** @return the verdict, empty when the row was not judged (no policy, the reference, a failure) */
    public Optional<Verdict> verdict() {
        return failed() ? Optional.of(Verdict.FAIL)
                : Optional.ofNullable(policyVerdict).map(PolicyVerdict::verdict);
    }

    /**
     * Every metric by name: the verifiers' measurements, in their order.
     *
     * @return the metrics
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Measurement x : measurements.all()) {
            m.put(x.name(), x.value());
        }
        return m;
    }

    /**
     * The verdict's lines, then the negative control's line; empty when not judged.
     *
     * @return the lines, as text
     */
    public List<String> verdictLines() {
        if (policyVerdict == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        policyVerdict.lines().forEach(l -> lines.add(l.text()));
        lines.add("negative control (" + policyVerdict.control().status() + "): " + policyVerdict.control().note());
        return lines;
    }
}
