package io.github.unlearn4j.api.progress;

/**
 * One progress event of a long run.
 *
 * @param stage what is running, e.g. {@code "ft"} or {@code "retrain"}
 * @param completed units done so far (steps)
 * @param total units in the whole stage
 * @param loss the latest training loss, or NaN when none is known yet
 */
public record Progress(String stage, long completed, long total, double loss) {
    /** @return completed / total, in [0, 1] */
    public double fraction() {
        return total <= 0 ? 1.0 : Math.max(0.0, Math.min(1.0, (double) completed / total));
    }
}
