package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.verify.Metric;
import java.util.Objects;

/**
 * A metric as measured, with what a policy needs to judge it: the verifier that produced it and
 * the sample count below which it is not solid.
 *
 * @param name the metric's name
 * @param value its value
 * @param sampleCount the samples it was computed on
 * @param minSamples the count below which it is flagged (0 for exact quantities)
 * @param verifier the verifier that produced it
 * @param description one line
 */
public record Measurement(String name, double value, long sampleCount, int minSamples, String verifier,
        String description) {

    /**
     * Validates.
     *
     * @param name name
     * @param value value
     * @param sampleCount samples
     * @param minSamples minimum samples
     * @param verifier verifier
     * @param description description
     */
    public Measurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Wraps an api metric.
     *
     * @param metric the metric
     * @param verifier who produced it
     * @param minSamples its minimum sample count
     * @return the measurement
     */
    public static Measurement of(Metric metric, String verifier, int minSamples) {
        return new Measurement(metric.name(), metric.value(), metric.sampleCount(), minSamples, verifier,
                metric.description());
    }

    /** @return true when computed on at least {@code minSamples} samples; a flagged metric is not solid */
    public boolean solid() {
        return sampleCount >= minSamples;
    }

    /** @return the api metric */
    public Metric toMetric() {
        return new Metric(name, value, sampleCount, description);
    }
}
