package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.data.TaskType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a policy needs to know about a metric before any compute: who produces it, its range, and
 * what it needs to exist.
 *
 * @param name the metric's name, as in {@link io.github.unlearn4j.api.verify.Metric#name()}
 * @param verifier the registered name of the verifier that produces it
 * @param min the smallest possible value
 * @param max the largest possible value ({@code +∞} when unbounded)
 * @param tasks the tasks it exists for
 * @param needsTestSet whether it exists only when the split has a test set
 * @param needsReference whether it compares with a retrained reference (and so needs one)
 * @param unseenCounterpart the name of the same quantity measured on unseen test rows of the forget
 *     classes, for bounds relative to the test set; null when there is none
 * @param description one line, with the unit
 */
public record MetricSpec(
        String name,
        String verifier,
        double min,
        double max,
        Set<TaskType> tasks,
        boolean needsTestSet,
        boolean needsReference,
        String unseenCounterpart,
        String description) {

    /**
     * Validates and copies.
     *
     * @param name name
     * @param verifier verifier
     * @param min min
     * @param max max
     * @param tasks tasks
     * @param needsTestSet needs a test set
     * @param needsReference needs a reference
     * @param unseenCounterpart counterpart, or null
     * @param description description
     */
    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(description, "description");
        if (!(min <= max)) {
            throw new IllegalArgumentException("metric " + name + ": min " + min + " > max " + max);
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("metric " + name + " exists for no task");
        }
        tasks = Set.copyOf(tasks);
    }

    /** Task sets for the common cases. */
    static final Set<TaskType> CLASSIFICATION = EnumSet.of(TaskType.CLASSIFICATION);
    /** Both tasks. */
    static final Set<TaskType> BOTH = EnumSet.allOf(TaskType.class);
    /** Regression only. */
    static final Set<TaskType> REGRESSION = EnumSet.of(TaskType.REGRESSION);

    /**
     * Whether a value is within the range.
     *
     * @param value a value
     * @return true if {@code min ≤ value ≤ max}
     */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** @return the range as {@code [min, max]} */
    public String range() {
        return "[" + fmt(min) + ", " + (max == Double.POSITIVE_INFINITY ? "inf" : fmt(max)) + "]";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
