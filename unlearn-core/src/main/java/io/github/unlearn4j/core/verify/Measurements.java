package io.github.unlearn4j.core.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric measured on one model by a {@link VerificationSuite}, by name, plus the verifiers
 * that could not run and why. Immutable.
 */
public final class Measurements {
    private static final Measurements EMPTY = new Measurements(List.of(), Map.of());

    private final Map<String, Measurement> byName;
    private final Map<String, String> skipped;

    private Measurements(List<Measurement> measurements, Map<String, String> skipped) {
        Map<String, Measurement> map = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            map.putIfAbsent(m.name(), m);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** @return no measurements */
    public static Measurements empty() {
        return EMPTY;
    }

    /**
     * Creates measurements. When two share a name, the first wins.
     *
     * @param measurements the measured metrics
     * @param skipped verifier name to the reason it did not run
     * @return the measurements
     */
    public static Measurements of(List<Measurement> measurements, Map<String, String> skipped) {
        return new Measurements(measurements, skipped);
    }

    /**
     * Finds a metric.
     *
     * @param name the metric's name
     * @return it, if measured
     */
    public Optional<Measurement> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return every measured metric, in measuring order */
    public List<Measurement> all() {
        return List.copyOf(byName.values());
    }

    /** @return verifier name to the reason it was skipped, in suite order */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** @return true if nothing was measured */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Measurement m : byName.values()) {
            sb.append(m.name()).append('=').append(m.value()).append(" (n=").append(m.sampleCount())
                    .append(m.solid() ? "" : ", below minSamples " + m.minSamples()).append(")\n");
        }
        skipped.forEach((v, why) -> sb.append(v).append(": skipped, ").append(why).append('\n'));
        return sb.toString();
    }
}
