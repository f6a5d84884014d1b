package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.core.verify.Measurements;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The retrained reference a plan verified against: trained once by the plan, or given by the
 * caller.
 *
 * @param method its method ({@code retrain}, or {@code external})
 * @param settings its settings
 * @param seed its seed
 * @param elapsed its training time, or null when given from outside
 * @param optimizerSteps its optimizer steps (0 when external)
 * @param sha256 its parameter fingerprint
 * @param external whether the caller gave it
 * @param measurements its own metrics, as the policy's relative bounds read them
 */
public record ReferenceRun(String method, Map<String, String> settings, long seed, Duration elapsed,
        long optimizerSteps, String sha256, boolean external, Measurements measurements) {
    /**
     * Validates.
     *
     * @param method method
     * @param settings settings
     * @param seed seed
     * @param elapsed elapsed, or null
     * @param optimizerSteps steps
     * @param sha256 fingerprint
     * @param external external
     * @param measurements measurements
     */
    public ReferenceRun {
        Objects.requireNonNull(method, "method");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(measurements, "measurements");
    }

    /**
     * Describes a reference trained by an unlearning run.
     *
     * @param result the retrain run
     * @param sha256 its model's fingerprint
     * @param measurements its metrics
     * @return the description
     */
    public static ReferenceRun of(UnlearnResult result, String sha256, Measurements measurements) {
        var p = result.provenance();
        return new ReferenceRun(p.method(), p.settings(), p.seed(), p.elapsed(), p.optimizerSteps(), sha256, false,
                measurements);
    }
}
