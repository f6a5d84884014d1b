package io.github.unlearn4j.api.data;

/**
 * A backend's dataset: rows of features with a target each. The api only needs its shape and
 * labels; the backend that owns the implementation reads the features. Implementations are
 * immutable and reject NaN or infinite features and targets at construction, naming the row and
 * column.
 */
public interface Dataset {
    /** @return the number of rows */
    int size();

    /** @return the number of input features per row (after flattening) */
    int featureCount();

    /** @return regression or classification */
    TaskType task();

    /** @return the number of classes, or 0 for regression */
    int classCount();

    /**
     * The class label of a row.
     *
     * @param row a row index in {@code [0, size())}
     * @return the label in {@code [0, classCount())}
     * @throws UnsupportedOperationException for a regression dataset
     */
    int label(int row);

    /** @return a short human-readable name, e.g. {@code "fashion-mnist/train"} */
    String name();
}
