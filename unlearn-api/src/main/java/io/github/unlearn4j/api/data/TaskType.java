package io.github.unlearn4j.api.data;

/** What a dataset's targets are, and so which task loss a model uses on it. */
public enum TaskType {
    /** Real-valued targets; the task loss is the mean squared error. */
    REGRESSION,
    /** Integer class labels in {@code [0, classCount)}; the task loss is cross-entropy. */
    CLASSIFICATION
}
