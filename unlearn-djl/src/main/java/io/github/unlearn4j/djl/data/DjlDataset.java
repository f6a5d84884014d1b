package io.github.unlearn4j.djl.data;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Record;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.NativeLifecycle;
import java.util.Objects;

/**
 * A dataset of the DJL backend: float32 features of shape [N, F] (each row flattened) held on a
 * device, with integer class labels (classification) or real targets (regression). Labels and
 * targets are also kept on the Java heap, since the api reads them per row.
 *
 * <p>Every value is validated at construction: a NaN or infinite feature is rejected with its row
 * and column, a label outside {@code [0, classCount)} with its row. The features are never
 * modified afterwards. The dataset owns an {@link NDManager}; {@link #close()} frees the device
 * memory, after which the dataset cannot be used.
 */
public final class DjlDataset implements Dataset, AutoCloseable {
    private final String name;
    private final int rows;
    private final int features;
    private final int[] labels;
    private final float[] targets;
    private final int classCount;
    private final Device device;
    private final NDManager manager;
    private final NDArray x;
    /** Shared by every gather, exclusive for {@link #close()}: device memory is never freed under a read. */
    private final NativeLifecycle lifecycle = new NativeLifecycle(() -> "dataset " + name());

    private DjlDataset(
            String name, float[] flat, int features, int[] labels, float[] targets, int classCount, Device device) {
        this.name = name;
        this.features = features;
        this.rows = flat.length / features;
        this.labels = labels;
        this.targets = targets;
        this.classCount = classCount;
        this.device = Objects.requireNonNull(device, "device");
        NDManager m = null;
        try {
            DjlDevices.engine(); // loads libtorch with this backend's thread default
            m = NDManager.newBaseManager(device, DjlDevices.ENGINE);
            this.manager = m;
            this.x = m.create(flat, new Shape(rows, features));
            NDScope.unregister(x);
        } catch (EngineException e) {
            if (m != null) {
                m.close();
            }
            throw new BackendException("djl-pytorch: cannot hold dataset " + name + " on " + device + ": " + e, e);
        }
    }

    /**
     * A classification dataset from rows of features.
     *
     * @param name a short name for messages
     * @param features one row per sample, all of the same length
     * @param labels one label in {@code [0, classCount)} per sample
     * @param classCount the number of classes, at least 2
     * @param device where to hold the features
     * @return the dataset; close it when done
     * @throws InvalidRequestException on ragged rows, a length mismatch, a non-finite feature or a bad
     *     label, naming the row and column
     */
    public static DjlDataset classification(
            String name, float[][] features, int[] labels, int classCount, Device device) {
        Objects.requireNonNull(name, "name");
        int f = columns(name, features);
        return classification(name, flatten(name, features, f), f, labels, classCount, device);
    }

    /**
     * A classification dataset from row-major features.
     *
     * @param name a short name for messages
     * @param features N·F values, row after row; copied
     * @param featureCount F, the number of features per row
     * @param labels one label in {@code [0, classCount)} per row, N in all
     * @param classCount the number of classes, at least 2
     * @param device where to hold the features
     * @return the dataset; close it when done
     * @throws InvalidRequestException on a length mismatch, a non-finite feature or a bad label
     */
    public static DjlDataset classification(
            String name, float[] features, int featureCount, int[] labels, int classCount, Device device) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (classCount < 2) {
            throw InvalidRequestException.of(name + ".classCount", classCount, "needs at least 2 classes");
        }
        int n = checkShape(name, features, featureCount);
        if (labels.length != n) {
            throw InvalidRequestException.of(name + ".labels.length", labels.length, "features have " + n + " rows");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw InvalidRequestException.of(
                        name + ".labels[" + i + "]", labels[i], "labels must be in [0, " + classCount + ")");
            }
        }
        checkFinite(name, features, featureCount);
        return new DjlDataset(name, features, featureCount, labels.clone(), null, classCount, device);
    }

    /**
     * A regression dataset (one real target per row).
     *
     * @param name a short name for messages
     * @param features one row per sample, all of the same length
     * @param targets one finite target per sample
     * @param device where to hold the features
     * @return the dataset; close it when done
     * @throws InvalidRequestException on ragged rows, a length mismatch or a non-finite value
     */
    public static DjlDataset regression(String name, float[][] features, float[] targets, Device device) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targets, "targets");
        int f = columns(name, features);
        float[] flat = flatten(name, features, f);
        int n = features.length;
        if (targets.length != n) {
            throw InvalidRequestException.of(name + ".targets.length", targets.length, "features have " + n + " rows");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(targets[i])) {
                throw InvalidRequestException.of(name + ".targets[" + i + "]", targets[i], "targets must be finite");
            }
        }
        checkFinite(name, flat, f);
        return new DjlDataset(name, flat, f, null, targets.clone(), 0, device);
    }

    /**
     * A classification dataset from DJL arrays: features of shape [N, ...] (flattened per row) and
     * labels of shape [N] or [N, 1] holding whole numbers. The arrays are copied; the caller keeps
     * them.
     *
     * @param name a short name for messages
     * @param features the features
     * @param labels the labels, of any numeric type
     * @param classCount the number of classes
     * @param device where to hold the copy
     * @return the dataset; close it when done
     * @throws InvalidRequestException on a shape mismatch, a non-finite feature or a bad label
     */
    public static DjlDataset fromNDArrays(
            String name, NDArray features, NDArray labels, int classCount, Device device) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Shape shape = features.getShape();
        if (shape.dimension() < 1 || shape.get(0) == 0) {
            throw InvalidRequestException.of(name + ".features.shape", shape, "needs at least one row");
        }
        long n = shape.get(0);
        if (labels.size() != n) {
            throw InvalidRequestException.of(name + ".labels.shape", labels.getShape(), "features have " + n + " rows");
        }
        int f = Math.toIntExact(shape.size() / n);
        float[] flat;
        float[] raw;
        try (NDScope scope = new NDScope()) {
            flat = features.toType(DataType.FLOAT32, false).toFloatArray();
            raw = labels.toType(DataType.FLOAT32, false).toFloatArray();
        }
        return classification(name, flat, f, wholeLabels(name, raw), classCount, device);
    }

    /**
     * A classification dataset from a DJL {@link ArrayDataset}: its first data array gives the
     * features (flattened per row), its first label array the labels, in index order (the sampler
     * of the DJL dataset plays no part).
     *
     * @param name a short name for messages
     * @param data the DJL dataset, with labels
     * @param classCount the number of classes
     * @param device where to hold the copy
     * @return the dataset; close it when done
     * @throws InvalidRequestException if the DJL dataset is empty, has no labels, or holds invalid
     *     values
     */
    public static DjlDataset fromArrayDataset(String name, ArrayDataset data, int classCount, Device device) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        long n = data.size();
        if (n == 0) {
            throw InvalidRequestException.of(name + ".size", 0, "the DJL dataset has no rows");
        }
        float[] flat = null;
        float[] raw = new float[Math.toIntExact(n)];
        int f = -1;
        DjlDevices.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlDevices.ENGINE)) {
            for (int i = 0; i < n; i++) {
                try (NDScope scope = new NDScope()) {
                    Record r = data.get(m, i);
                    NDList labelList = r.getLabels();
                    if (labelList == null || labelList.isEmpty()) {
                        throw InvalidRequestException.of(name + ".labels", "none", "the DJL dataset has no labels");
                    }
                    float[] row = r.getData().head().toType(DataType.FLOAT32, false).toFloatArray();
                    if (f < 0) {
                        f = row.length;
                        flat = new float[Math.multiplyExact(Math.toIntExact(n), f)];
                    } else if (row.length != f) {
                        throw InvalidRequestException.of(
                                name + ".features[" + i + "].size", row.length, "row 0 has " + f + " features");
                    }
                    System.arraycopy(row, 0, flat, i * f, f);
                    raw[i] = labelList.head().toType(DataType.FLOAT32, false).getFloat();
                }
            }
        }
        return classification(name, flat, f, wholeLabels(name, raw), classCount, device);
    }

    private static int[] wholeLabels(String name, float[] raw) {
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != Math.rint(raw[i]) || Math.abs(raw[i]) > Integer.MAX_VALUE) {
                throw InvalidRequestException.of(name + ".labels[" + i + "]", raw[i], "labels must be whole numbers");
            }
            out[i] = (int) raw[i];
        }
        return out;
    }

    private static int columns(String name, float[][] features) {
        Objects.requireNonNull(features, "features");
        if (features.length == 0) {
            throw InvalidRequestException.of(name + ".features", "0 rows", "a dataset needs at least one row");
        }
        return features[0].length;
    }

    private static float[] flatten(String name, float[][] features, int f) {
        if (f == 0) {
            throw InvalidRequestException.of(name + ".features", "0 columns", "a row needs at least one feature");
        }
        float[] flat = new float[Math.multiplyExact(features.length, f)];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != f) {
                throw InvalidRequestException.of(
                        name + ".features[" + i + "].length", features[i].length, "row 0 has " + f + " features");
            }
            System.arraycopy(features[i], 0, flat, i * f, f);
        }
        return flat;
    }

    private static int checkShape(String name, float[] flat, int f) {
        if (f < 1) {
            throw InvalidRequestException.of(name + ".featureCount", f, "a row needs at least one feature");
        }
        if (flat.length == 0) {
            throw InvalidRequestException.of(name + ".features", "0 rows", "a dataset needs at least one row");
        }
        if (flat.length % f != 0) {
            throw InvalidRequestException.of(
                    name + ".features.length", flat.length, "not a multiple of featureCount = " + f);
        }
        return flat.length / f;
    }

    private static void checkFinite(String name, float[] flat, int f) {
        for (int i = 0; i < flat.length; i++) {
            if (!Float.isFinite(flat[i])) {
                throw InvalidRequestException.of(
                        name + ".features[" + (i / f) + "][" + (i % f) + "]", flat[i], "features must be finite");
            }
        }
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
        return labels != null ? TaskType.CLASSIFICATION : TaskType.REGRESSION;
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
    public float target(int row) {
        if (targets == null) {
            throw new UnsupportedOperationException(name + " is a classification dataset; it has labels, not targets");
        }
        return targets[row];
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the device that holds the features */
    public Device device() {
        return device;
    }

    /**
     * Gathers rows of features on the dataset's device, as a new array of shape [rows.length, F].
     *
     * @param owner the manager that owns the result (on the same device); the caller closes it
     * @param rowIds row indices in {@code [0, size())}
     * @return the rows
     * @throws InvalidRequestException on an index out of range
     * @throws IllegalStateException if the dataset is closed
     */
    public NDArray gather(NDManager owner, int[] rowIds) {
        lifecycle.enter();
        try {
            return gatherOpen(owner, rowIds);
        } finally {
            lifecycle.exit();
        }
    }

    private NDArray gatherOpen(NDManager owner, int[] rowIds) {
        Objects.requireNonNull(owner, "owner");
        long[] idx = new long[rowIds.length];
        for (int i = 0; i < rowIds.length; i++) {
            int r = rowIds[i];
            if (r < 0 || r >= rows) {
                throw InvalidRequestException.of("rows[" + i + "]", r, name + " has rows 0.." + (rows - 1));
            }
            idx[i] = r;
        }
        try (NDArray index = owner.create(idx)) {
            NDArray out = x.get(new NDIndex("{}", index));
            out.attach(owner);
            return out;
        }
    }

    /**
     * The rows of a view as a DJL {@link ArrayDataset} (features [n, F], labels [n] as float32, as
     * DJL's losses expect), for code that trains with DJL's own {@code Trainer}.
     *
     * @param owner the manager that owns the arrays
     * @param view rows of this dataset
     * @param batchSize DJL's batch size
     * @param shuffle whether DJL's sampler shuffles
     * @return the DJL dataset
     * @throws InvalidRequestException if the view is of another dataset or empty
     */
    public ArrayDataset toArrayDataset(NDManager owner, DataView view, int batchSize, boolean shuffle) {
        Objects.requireNonNull(view, "view");
        if (view.source() != this) {
            throw InvalidRequestException.of("view", view, "is a view of " + view.source().name() + ", not of " + name);
        }
        if (view.isEmpty()) {
            throw InvalidRequestException.of("view", view, "has no rows");
        }
        int[] ids = view.rows();
        NDArray data = gather(owner, ids);
        float[] y = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            y[i] = labels != null ? labels[ids[i]] : targets[ids[i]];
        }
        NDArray yArray = owner.create(y);
        return new ArrayDataset.Builder()
                .setData(data)
                .optLabels(yArray)
                .setSampling(batchSize, shuffle)
                .build();
    }

    /** @return how many arrays the dataset's manager holds; for leak tests */
    int managedArrayCount() {
        return manager.getManagedArrays().size();
    }

    /**
     * Frees the device memory once every {@link #gather} in flight has finished; later calls fail
     * with an {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.close(manager::close);
    }

    @Override
    public String toString() {
        return "DjlDataset[" + name + ", " + rows + "x" + features + ", " + task() + ", " + device + "]";
    }
}
