package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.verify.Measurements;
import java.util.Objects;

/**
 * What a policy judges: the model's measurements and, where available, those of the retrained
 * reference and of the original model (the negative control, see {@link NegativeControl}).
 *
 * @param task the model's task
 * @param forgetKind the kind of forget set (see {@link ForgetKind#resolve})
 * @param hasTestSet whether the split has a test set
 * @param hasReference whether a retrained reference model was available to the verifiers
 * @param model the judged model's measurements (taken with the reference, if any)
 * @param reference the reference model's own measurements, or null when not measured
 * @param original the original model's measurements (taken with the reference, if any), or null
 *     when not measured
 */
public record Evidence(TaskType task, ForgetKind forgetKind, boolean hasTestSet, boolean hasReference,
        Measurements model, Measurements reference, Measurements original) {
    /**
     * Validates.
     *
     * @param task task
     * @param forgetKind kind of forget set
     * @param hasTestSet test set present
     * @param hasReference reference present
     * @param model model measurements
     * @param reference reference measurements, or null
     * @param original original measurements, or null
     */
    public Evidence {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(forgetKind, "forgetKind");
        Objects.requireNonNull(model, "model");
    }

    /** @return the same evidence with the original's measurements in the model's place (for the control) */
    Evidence forOriginal() {
        return new Evidence(task, forgetKind, hasTestSet, hasReference, original, reference, original);
    }
}
