package io.github.unlearn4j.api.verify;

import java.util.List;
import java.util.Optional;

/**
 * A verifier's metrics.
 *
 * @param verifier the verifier's name
 * @param metrics the metrics, in a stable order
 */
public record VerificationReport(String verifier, List<Metric> metrics) {
    /**
     * Copies the list.
     *
     * @param verifier name
     * @param metrics metrics
     */
    public VerificationReport {
        metrics = List.copyOf(metrics);
    }

    /**
     * Finds a metric by name.
     *
     * @param name the name
     * @return the metric, if present
     */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
