package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Objects;

/**
 * An in-memory dataset of the reference backend: features as a row-major float matrix, with real
 * targets (regression) or integer labels (classification). Immutable; every value is validated
 * at construction.
 */
public final class ArrayDataset implements Dataset {
    private final String name;
    private final int rows;
    private final int features;
    private final float[] x;
    private final double[] targets;
    private final int[] labels;
    private final int classCount;

    private ArrayDataset(String name, float[][] x, double[] targets, int[] labels, int classCount) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "features");
        if (x.length == 0) {
            throw InvalidRequestException.of(name + ".features", "0 rows", "a dataset needs at least one row");
        }
        this.rows = x.length;
        this.features = x[0].length;
        if (features == 0) {
            throw InvalidRequestException.of(name + ".features", "0 columns", "a row needs at least one feature");
        }
        this.x = new float[Math.multiplyExact(rows, features)];
        for (int i = 0; i < rows; i++) {
            if (x[i].length != features) {
                throw InvalidRequestException.of(
                        name + ".features[" + i + "].length", x[i].length, "row 0 has " + features + " features");
            }
            for (int j = 0; j < features; j++) {
                if (!Float.isFinite(x[i][j])) {
                    throw InvalidRequestException.of(
                            name + ".features[" + i + "][" + j + "]", x[i][j], "features must be finite");
                }
            }
            System.arraycopy(x[i], 0, this.x, i * features, features);
        }
        this.targets = targets;
        this.labels = labels;
        this.classCount = classCount;
        int n = targets != null ? targets.length : labels.length;
        if (n != rows) {
            throw InvalidRequestException.of(
                    name + (targets != null ? ".targets" : ".labels") + ".length", n, "features have " + rows + " rows");
        }
        if (targets != null) {
            for (int i = 0; i < rows; i++) {
                if (!Double.isFinite(targets[i])) {
                    throw InvalidRequestException.of(name + ".targets[" + i + "]", targets[i], "targets must be finite");
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                if (labels[i] < 0 || labels[i] >= classCount) {
                    throw InvalidRequestException.of(
                            name + ".labels[" + i + "]", labels[i], "labels must be in [0, " + classCount + ")");
                }
            }
        }
    }

    /**
     * A regression dataset.
     *
     * @param name a short name for messages
     * @param features one row of features per sample
     * @param targets one real target per sample
     * @return the dataset
     * @throws InvalidRequestException on ragged rows, length mismatch, or non-finite values
     */
    public static ArrayDataset regression(String name, float[][] features, double[] targets) {
        return new ArrayDataset(name, features, Objects.requireNonNull(targets, "targets").clone(), null, 0);
    }

    /**
     * A classification dataset.
     *
     * @param name a short name for messages
     * @param features one row of features per sample
     * @param labels one label in {@code [0, classCount)} per sample
     * @param classCount the number of classes, at least 2
     * @return the dataset
     * @throws InvalidRequestException on ragged rows, length mismatch, non-finite features or bad labels
     */
    public static ArrayDataset classification(String name, float[][] features, int[] labels, int classCount) {
        if (classCount < 2) {
            throw InvalidRequestException.of(name + ".classCount", classCount, "needs at least 2 classes");
        }
        return new ArrayDataset(name, features, null, Objects.requireNonNull(labels, "labels").clone(), classCount);
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public TaskType task() {
        return targets != null ? TaskType.REGRESSION : TaskType.CLASSIFICATION;
    }

    @Override
    public int classCount() {
        return classCount;
    }

    @Override
    public int label(int row) {
        if (labels == null) {
            throw new UnsupportedOperationException(name + " is a regression dataset; it has targets, not labels");
        }
        return labels[row];
    }

    /**
     * The regression target of a row.
     *
     * @param row the row
     * @return its target
     * @throws UnsupportedOperationException for a classification dataset
     */
    public double target(int row) {
        if (targets == null) {
            throw new UnsupportedOperationException(name + " is a classification dataset; it has labels, not targets");
        }
        return targets[row];
    }

    /**
     * One feature value.
     *
     * @param row the row
     * @param column the feature index
     * @return the value
     */
    public float feature(int row, int column) {
        return x[row * features + column];
    }

    /** Row-major features, shared with backend code in this package; never modified. */
    float[] rawFeatures() {
        return x;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ArrayDataset[" + name + ", " + rows + "x" + features + ", " + task() + "]";
    }
}
