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
 * @param forgettingEvidence whether the metric shows what the model still knows of the forget set
 *     (UA, MIA, forget confidence or loss, distance to the retrained model on the forget set or in
 *     weights), as opposed to utility (RA, TA, retain or test loss) or a diagnostic. A policy's
 *     negative control judges the untouched original on exactly these metrics' thresholds
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
        boolean forgettingEvidence,
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
     * @param forgettingEvidence whether it is evidence of forgetting
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

    /**
     * A metric that is not evidence of forgetting (utility or a diagnostic); the form third-party
     * verifiers used before {@code forgettingEvidence} existed.
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
    public MetricSpec(String name, String verifier, double min, double max, Set<TaskType> tasks,
            boolean needsTestSet, boolean needsReference, String unseenCounterpart, String description) {
        this(name, verifier, min, max, tasks, needsTestSet, needsReference, unseenCounterpart, false, description);
    }

    /** Classification only: the task set of a metric computed from class probabilities. */
    public static final Set<TaskType> CLASSIFICATION = Set.copyOf(EnumSet.of(TaskType.CLASSIFICATION));
    /** Both tasks: the task set of a metric computed from losses or parameters. */
    public static final Set<TaskType> BOTH = Set.copyOf(EnumSet.allOf(TaskType.class));
    /** Regression only: the task set of a metric computed from predicted values. */
    public static final Set<TaskType> REGRESSION = Set.copyOf(EnumSet.of(TaskType.REGRESSION));

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
