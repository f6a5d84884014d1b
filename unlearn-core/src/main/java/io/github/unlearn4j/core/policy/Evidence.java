package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.verify.Measurements;
import java.util.Objects;

/**
 * What a policy judges: the model's measurements and, where available, those of the retrained
 * reference and of the original model.
 *
 * @param task the model's task
 * @param hasTestSet whether the split has a test set
 * @param hasReference whether a retrained reference model was available to the verifiers
 * @param model the judged model's measurements (taken with the reference, if any)
 * @param reference the reference model's own measurements, or null when not measured
 * @param original the original model's measurements, or null when not measured
 */
public record Evidence(TaskType task, boolean hasTestSet, boolean hasReference, Measurements model,
        Measurements reference, Measurements original) {
    /**
     * Validates.
     *
     * @param task task
     * @param hasTestSet test set present
     * @param hasReference reference present
     * @param model model measurements
     * @param reference reference measurements, or null
     * @param original original measurements, or null
     */
    public Evidence {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
    }
}
