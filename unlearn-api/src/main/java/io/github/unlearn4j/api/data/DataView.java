package io.github.unlearn4j.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A subset of a dataset's rows: the forget, retain or test view of an unlearning task. Immutable.
 */
public final class DataView {
    private final Dataset source;
    private final int[] rows;

    /**
     * Creates a view. The row indices are copied; they are assumed valid (see {@link DataSplit}).
     *
     * @param source the dataset
     * @param rows row indices into the dataset
     */
    public DataView(Dataset source, int[] rows) {
        this.source = Objects.requireNonNull(source, "source");
        this.rows = rows.clone();
    }

    /**
     * A view of every row of a dataset.
     *
     * @param source the dataset
     * @return the view
     */
    public static DataView all(Dataset source) {
        int[] rows = new int[source.size()];
        Arrays.setAll(rows, i -> i);
        return new DataView(source, rows);
    }

    /** @return the dataset the rows index into */
    public Dataset source() {
        return source;
    }

    /** @return the number of rows */
    public int size() {
        return rows.length;
    }

    /**
     * The dataset row at a position of the view.
     *
     * @param i position in {@code [0, size())}
     * @return the row index into {@link #source()}
     */
    public int row(int i) {
        return rows[i];
    }

    /** @return a copy of the row indices */
    public int[] rows() {
        return rows.clone();
    }

    /** @return true when the view has no rows */
    public boolean isEmpty() {
        return rows.length == 0;
    }

    @Override
    public String toString() {
        return source.name() + "[" + rows.length + " rows]";
    }
}
