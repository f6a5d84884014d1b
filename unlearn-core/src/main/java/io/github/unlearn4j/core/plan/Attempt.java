package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.verify.Measurements;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of an escalation plan: the method, its cost and its verdict.
 *
 * @param index the attempt's position, from 0
 * @param method the method name
 * @param settings its settings, defaults included
 * @param seed the run's seed
 * @param fallback true for the retrain run appended because every step failed
 * @param reusedReference true when this retrain attempt reused the plan's reference model instead of
 *     training again; its cost is then the reference's, counted once in the plan's total
 * @param provenance the run's provenance, or null when it failed before producing a model
 * @param elapsed its unlearning wall-clock time (the reference's when reused)
 * @param optimizerSteps its optimizer steps
 * @param verifyElapsed the time to measure and judge it
 * @param verdict PASS, FAIL, or INCONCLUSIVE; FAIL when the run itself failed
 * @param policyVerdict the policy's lines, or null when the run failed
 * @param measurements every metric measured on its model (empty when the run failed)
 * @param modelSha256 its model's parameter fingerprint, or null when the run failed
 * @param error the failure that ended the run (divergence, a plugin error), or null
 */
public record Attempt(
        int index,
        String method,
        Map<String, String> settings,
        long seed,
        boolean fallback,
        boolean reusedReference,
        Provenance provenance,
        Duration elapsed,
        long optimizerSteps,
        Duration verifyElapsed,
        Verdict verdict,
        PolicyVerdict policyVerdict,
        Measurements measurements,
        String modelSha256,
        String error) {

    /**
     * Validates.
     *
     * @param index index
     * @param method method
     * @param settings settings
     * @param seed seed
     * @param fallback fallback
     * @param reusedReference reused
     * @param provenance provenance, or null
     * @param elapsed elapsed
     * @param optimizerSteps steps
     * @param verifyElapsed verify time
     * @param verdict verdict
     * @param policyVerdict policy verdict, or null
     * @param measurements measurements
     * @param modelSha256 fingerprint, or null
     * @param error error, or null
     */
    public Attempt {
        Objects.requireNonNull(method, "method");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(verifyElapsed, "verifyElapsed");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(measurements, "measurements");
    }

    /** @return true if the policy passed this attempt */
    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /**
     * The speed-up against retraining: the reference's training time over this attempt's.
     *
     * @param retrainTime the reference's training time
     * @return the ratio; empty when either time is zero or unknown
     */
    public Optional<Double> speedUp(Duration retrainTime) {
        if (retrainTime == null || retrainTime.isZero() || elapsed.isZero()) {
            return Optional.empty();
        }
        return Optional.of((double) retrainTime.toNanos() / elapsed.toNanos());
    }

    /** @return one line: method, verdict, cost */
    public String text() {
        return "#" + index + " " + method + (fallback ? " (fallback)" : "") + ": " + verdict
                + (error != null ? " (" + error + ")" : "") + ", " + elapsed.toMillis() + " ms, " + optimizerSteps
                + " steps" + (reusedReference ? " (reused the reference)" : "") + ", verified in "
                + verifyElapsed.toMillis() + " ms";
    }
}
