package io.github.unlearn4j.api.model;

import io.github.unlearn4j.api.data.TaskType;
import java.util.List;

/**
 * What a model is, for validation and provenance.
 *
 * @param backend the compute backend, e.g. {@code "reference"} or {@code "djl-pytorch"}
 * @param device where it computes, e.g. {@code "cpu()"} or {@code "gpu(0)"}
 * @param architecture a short description, e.g. {@code "linear(200->1)"}
 * @param task what the model predicts
 * @param inputFeatures the number of input features it expects
 * @param outputs the number of outputs (classes for classification, 1 for scalar regression)
 * @param groups its parameter tensors, in flat-vector order
 */
public record ModelDescription(
        String backend,
        String device,
        String architecture,
        TaskType task,
        int inputFeatures,
        int outputs,
        List<ParameterGroup> groups) {

    /**
     * Copies the groups.
     *
     * @param backend the backend
     * @param device the device
     * @param architecture the architecture
     * @param task the task
     * @param inputFeatures input features
     * @param outputs outputs
     * @param groups parameter tensors
     */
    public ModelDescription {
        groups = List.copyOf(groups);
    }

    /** @return the total number of scalar parameters */
    public long parameterCount() {
        long n = 0;
        for (ParameterGroup g : groups) {
            n += g.size();
        }
        return n;
    }
}
