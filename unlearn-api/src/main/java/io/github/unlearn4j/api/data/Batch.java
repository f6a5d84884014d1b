package io.github.unlearn4j.api.data;

import java.util.Objects;

/**
 * A mini-batch: rows of a dataset, optionally with replacement labels (random labels for the
 * forget set, for example). The arrays are not copied: the batch owns them, and nobody may modify
 * them after construction.
 *
 * @param source the dataset the rows index into
 * @param rows the row indices, at least one
 * @param labels replacement class labels, one per row, or null to use the dataset's labels
 */
public record Batch(Dataset source, int[] rows, int[] labels) {
    /**
     * Validates the batch.
     *
     * @param source the dataset
     * @param rows the rows
     * @param labels the replacement labels, or null
     */
    public Batch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("batch of " + source.name() + " has no rows");
        }
        if (labels != null && labels.length != rows.length) {
            throw new IllegalArgumentException(
                    "labels.length = " + labels.length + " but rows.length = " + rows.length);
        }
    }

    /**
     * A batch with the dataset's own labels.
     *
     * @param source the dataset
     * @param rows the rows
     * @return the batch
     */
    public static Batch of(Dataset source, int[] rows) {
        return new Batch(source, rows, null);
    }

    /** @return the number of rows */
    public int size() {
        return rows.length;
    }

    /**
     * The label to train row {@code i} of the batch against.
     *
     * @param i position in the batch
     * @return the replacement label if any, else the dataset's label
     */
    public int labelAt(int i) {
        return labels != null ? labels[i] : source.label(rows[i]);
    }
}
