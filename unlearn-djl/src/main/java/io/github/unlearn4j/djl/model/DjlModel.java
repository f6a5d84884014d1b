package io.github.unlearn4j.djl.model;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link TrainableModel} over a DJL {@link Block} on DJL's PyTorch engine, on CPU or GPU. Core's
 * methods run on it unchanged. It trains on {@link DjlDataset}s held on the same device.
 *
 * <p><b>Parameters.</b> The flat parameter vector is the concatenation of the block's trainable
 * parameters in {@code block.getParameters()} order, each flattened row-major; {@link
 * ModelDescription#groups()} has one group per DJL parameter, named as DJL names it (for example
 * {@code 01Linear_weight}). Parameters that do not take gradients (running statistics) are not
 * part of the vector; {@link #copy()} and {@link #reinitialize} still cover them.
 *
 * <p><b>Gradients.</b> PyTorch adds every backward pass to the stored gradient, which is exactly
 * the contract of {@link #accumulateGradient}; {@link #zeroGradients()} zeroes it explicitly, in
 * place. Each call computes on the device, with per-step arrays in a scoped sub-manager and an
 * {@link NDScope}, so that a long loop does not grow native memory.
 *
 * <p><b>Loss terms</b> (classification; p = softmax(z), log-probabilities by {@code log_softmax}):
 * {@link LossTerm#TASK} {@code −log p_y} (regression: {@code (f(x) − y)²});
 * {@link LossTerm#INVERSE_CE} {@code −log(1 − p_y)}, computed as {@code −log Σ_{c≠y} p_c} by a
 * masked log-sum-exp, which stays accurate when p_y is close to 1; {@link LossTerm#KL_UNIFORM}
 * {@code −log C − (1/C) Σ_c log p_c}; {@link LossTerm.KlToTeacher}
 * {@code T² · Σ_c q_c (log q_c − log p_{T,c})} with the teacher's outputs computed without
 * gradient. Each is the mean over the batch rows.
 *
 * <p><b>Determinism.</b> {@link #reinitialize} seeds the engine's global random generator from the
 * given seed and re-runs each parameter's DJL initializer, so the same seed gives the same values
 * on the same device; it changes the engine's random state, which nothing else in unlearn4j uses.
 * On CPU, training is bit-for-bit repeatable for the same thread count.
 *
 * <p>Not thread-safe. DJL allows only one gradient collector at a time in a process, so
 * {@link #accumulateGradient} calls must not overlap, even on different models. Close the model to
 * free its native memory.
 */
public final class DjlModel implements TrainableModel {
    /** The backend's name in descriptions and provenance. */
    public static final String BACKEND = "djl-pytorch";

    private static final NDIndex ALL = new NDIndex(":");
    private static final int EVAL_CHUNK = 1024;
    /** Pushes the label's entry out of the log-sum-exp of the inverse cross-entropy. */
    private static final float MASK_OFFSET = 1e30f;

    private final DjlArchitecture architecture;
    private final Device device;
    private final NDManager manager;
    private final Block block;
    private final ParameterStore store;
    private final List<Parameter> allParameters;
    private final List<Parameter> trainable;
    private final ModelDescription description;
    private volatile boolean closed;

    private DjlModel(DjlArchitecture architecture, Device device) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.device = Objects.requireNonNull(device, "device");
        NDManager m;
        try {
            m = NDManager.newBaseManager(device, DjlDevices.ENGINE);
        } catch (EngineException | IllegalArgumentException e) {
            throw new BackendException(BACKEND + ": cannot open a manager on " + device + ": " + e, e);
        }
        this.manager = m;
        try {
            this.block = architecture.build();
            initializeWithoutRandomness(block, m, architecture.inputShape());
            this.store = new ParameterStore(m, false);
            this.allParameters = new ArrayList<>();
            this.trainable = new ArrayList<>();
            List<ParameterGroup> groups = new ArrayList<>();
            long offset = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                Parameter param = p.getValue();
                NDScope.unregister(param.getArray());
                if (param.getArray().getDataType() != DataType.FLOAT32) {
                    throw new BackendException(BACKEND + ": parameter " + p.getKey() + " of " + architecture.name()
                            + " is " + param.getArray().getDataType() + "; only float32 is supported");
                }
                allParameters.add(param);
                if (param.requiresGradient()) {
                    trainable.add(param);
                    long size = param.getArray().size();
                    groups.add(new ParameterGroup(p.getKey(), offset, size));
                    offset += size;
                }
            }
            if (offset > Integer.MAX_VALUE) {
                throw new BackendException(BACKEND + ": " + architecture.name() + " has " + offset
                        + " parameters; flat vectors are limited to " + Integer.MAX_VALUE);
            }
            this.description = new ModelDescription(
                    BACKEND,
                    device.toString(),
                    architecture.name(),
                    architecture.task(),
                    architecture.inputFeatures(),
                    architecture.outputs(),
                    groups);
            checkOutputShape();
        } catch (EngineException e) {
            m.close();
            throw new BackendException(BACKEND + ": cannot build " + architecture.name() + " on " + device + ": "
                    + e, e);
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

    /**
     * Builds a model and initializes its parameters from a seed, as {@link #reinitialize} does.
     *
     * @param architecture the network
     * @param device where to compute, see {@link DjlDevices#resolve}
     * @param seed the initialization seed
     * @return the model; close it when done
     * @throws BackendException if the engine or the device is not available, or the block is not
     *     usable (wrong output shape, non-float32 parameters)
     */
    public static DjlModel create(DjlArchitecture architecture, Device device, long seed) {
        DjlModel model = new DjlModel(architecture, device);
        try {
            model.reinitialize(seed);
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * Initializes the block with zeros, so that building a model (for a copy, say) draws no random
     * numbers; the real initializers stay in place for {@link #reinitialize}.
     */
    private static void initializeWithoutRandomness(Block block, NDManager manager, Shape inputShape) {
        Map<Parameter, Initializer> saved = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            saved.put(p.getValue(), p.getValue().getInitializer());
            p.getValue().setInitializer(Initializer.ZEROS);
        }
        try {
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(inputShape));
        } finally {
            saved.forEach(Parameter::setInitializer);
        }
    }

    private void checkOutputShape() {
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray out = forward(step.zeros(new Shape(1, architecture.inputFeatures())), false);
            Shape expected = new Shape(1, architecture.outputs());
            if (!out.getShape().equals(expected)) {
                throw new BackendException(BACKEND + ": " + architecture.name() + " maps one sample to outputs of shape "
                        + out.getShape() + ", but the architecture declares " + expected);
            }
        }
    }

    /** @return the architecture the model was built from */
    public DjlArchitecture architecture() {
        return architecture;
    }

    /** @return the device the model computes on */
    public Device device() {
        return device;
    }

    @Override
    public ModelDescription description() {
        return description;
    }

    /** {@inheritDoc} The copy is a new block of the same architecture on the same device. */
    @Override
    public DjlModel copy() {
        ensureOpen();
        DjlModel copy = new DjlModel(architecture, device);
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < allParameters.size(); i++) {
                overwrite(copy.allParameters.get(i).getArray(), allParameters.get(i).getArray().stopGradient());
            }
            return copy;
        } catch (RuntimeException e) {
            copy.close();
            throw wrap("copy", e);
        } catch (Error e) {
            copy.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Seeds DJL's engine (and so libtorch's global generator) with a value derived from the seed,
     * then draws every parameter afresh from its DJL initializer, in parameter order. Parameters
     * without an initializer are set to zero. The gradient is zeroed.
     */
    @Override
    public void reinitialize(long seed) {
        ensureOpen();
        try (NDManager tmp = manager.newSubManager(); NDScope scope = new NDScope()) {
            manager.getEngine().setRandomSeed(new SplittableRandom(seed).nextInt());
            for (Parameter p : allParameters) {
                NDArray target = p.getArray();
                Initializer init = p.getInitializer();
                NDArray fresh = init != null
                        ? init.initialize(tmp, target.getShape(), DataType.FLOAT32)
                        : tmp.zeros(target.getShape(), DataType.FLOAT32);
                overwrite(target, fresh);
            }
        } catch (RuntimeException e) {
            throw wrap("reinitialize", e);
        }
        zeroGradients();
    }

    /** Copies values into a parameter in place, on the device, without recording a gradient. */
    private static void overwrite(NDArray target, NDArray values) {
        if (target.getShape().dimension() == 0) {
            target.set(values.toFloatArray());
        } else {
            target.stopGradient().set(ALL, values);
        }
    }

    @Override
    public void zeroGradients() {
        ensureOpen();
        try (NDScope scope = new NDScope()) {
            for (Parameter p : trainable) {
                NDArray g = p.getArray().getGradient();
                if (g.getShape().dimension() == 0) {
                    g.subi(g);
                } else {
                    g.set(ALL, 0f);
                }
            }
        } catch (RuntimeException e) {
            throw wrap("zeroGradients", e);
        }
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        ensureOpen();
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(term, "term");
        if (!Double.isFinite(weight)) {
            throw InvalidRequestException.of("weight", weight, "the coefficient of " + term.name() + " must be finite");
        }
        DjlDataset data = djlData(batch.source());
        requireFeatures(data);
        boolean classification = description.task() == TaskType.CLASSIFICATION;
        if (!classification && !(term instanceof LossTerm.TaskLoss)) {
            throw new BackendException(BACKEND + ": loss term '" + term.name() + "' is for classification only; "
                    + architecture.name() + " is a regression model");
        }
        requireRows(batch.rows(), data);
        DjlModel teacher = term instanceof LossTerm.KlToTeacher k ? teacher(k) : null;
        long[] labels = classification ? labels(batch) : null;
        float[] targets = classification ? null : targets(batch, data);
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = data.gather(step, batch.rows());
            NDArray teacherOutputs = teacher != null ? teacher.forward(x, false).stopGradient() : null;
            NDArray y = classification ? step.create(labels) : step.create(targets);
            try (GradientCollector collector = newCollector()) {
                NDArray outputs = forward(x, true);
                NDArray loss = rowLosses(outputs, term, y, teacherOutputs).mean();
                collector.backward(loss.mul((float) weight));
                return loss.getFloat();
            }
        } catch (RuntimeException e) {
            throw wrap("accumulateGradient(" + term.name() + ")", e);
        }
    }

    private GradientCollector newCollector() {
        try {
            return manager.getEngine().newGradientCollector();
        } catch (IllegalStateException e) {
            throw new BackendException(BACKEND + ": another DJL gradient collector is open; DJL allows one at a time "
                    + "per process, so accumulateGradient calls must not overlap", e);
        }
    }

    private NDArray forward(NDArray x, boolean training) {
        long n = x.getShape().get(0);
        NDArray input = architecture.inputShape().dimension() == 1
                ? x
                : x.reshape(new Shape(n).addAll(architecture.inputShape()));
        NDList out = block.forward(store, new NDList(input), training);
        return out.head();
    }

    /** The term's value on each row of the batch, shape [n]. */
    private NDArray rowLosses(NDArray outputs, LossTerm term, NDArray y, NDArray teacherOutputs) {
        long n = outputs.getShape().get(0);
        if (description.task() == TaskType.REGRESSION) {
            return outputs.reshape(n).sub(y).square();
        }
        if (term instanceof LossTerm.TaskLoss) {
            return crossEntropy(outputs, y);
        }
        if (term instanceof LossTerm.InverseCrossEntropy) {
            NDArray logp = outputs.logSoftmax(1);
            NDArray others = logp.sub(y.oneHot(description.outputs()).mul(MASK_OFFSET));
            NDArray max = others.max(new int[] {1}, true).stopGradient();
            NDArray logRest = others.sub(max).exp().sum(new int[] {1}).log().add(max.reshape(n));
            return logRest.neg();
        }
        if (term instanceof LossTerm.KlToUniform) {
            NDArray logp = outputs.logSoftmax(1);
            return logp.mean(new int[] {1}).neg().sub((float) Math.log(description.outputs()));
        }
        if (term instanceof LossTerm.KlToTeacher k) {
            float t = (float) k.temperature();
            NDArray logp = outputs.div(t).logSoftmax(1);
            NDArray logq = teacherOutputs.div(t).logSoftmax(1);
            return logq.exp().mul(logq.sub(logp)).sum(new int[] {1}).mul(t * t);
        }
        throw new BackendException(BACKEND + " does not implement loss term '" + term.name() + "'");
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long n = logits.getShape().get(0);
        return logits.logSoftmax(1).gather(labels.reshape(n, 1), 1).reshape(n).neg();
    }

    private DjlModel teacher(LossTerm.KlToTeacher term) {
        if (!(term.teacher() instanceof DjlModel t)) {
            throw InvalidRequestException.of(
                    "teacher", term.teacher().getClass().getName(), "the DJL backend distills from a DjlModel only");
        }
        t.ensureOpen();
        if (!t.device.equals(device)) {
            throw InvalidRequestException.of("teacher.device", t.device, "the student is on " + device);
        }
        if (t.description.outputs() != description.outputs()
                || t.description.inputFeatures() != description.inputFeatures()) {
            throw InvalidRequestException.of(
                    "teacher", t.architecture.name(), "its shape differs from the student " + architecture.name());
        }
        return t;
    }

    private static void requireRows(int[] rows, DjlDataset data) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= data.size()) {
                throw InvalidRequestException.of(
                        "batch.rows[" + i + "]", rows[i], data.name() + " has rows 0.." + (data.size() - 1));
            }
        }
    }

    private long[] labels(Batch batch) {
        int[] rows = batch.rows();
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int label = batch.labelAt(i);
            if (label < 0 || label >= description.outputs()) {
                throw InvalidRequestException.of(
                        "batch.labels[" + i + "]", label, architecture.name() + " has classes 0.." + (description.outputs() - 1));
            }
            out[i] = label;
        }
        return out;
    }

    private static float[] targets(Batch batch, DjlDataset data) {
        if (batch.labels() != null) {
            throw InvalidRequestException.of("batch.labels", "replacement labels", "a regression batch takes none");
        }
        int[] rows = batch.rows();
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = data.target(rows[i]);
        }
        return out;
    }

    @Override
    public ParameterUpdater newUpdater(SgdConfig config, ParameterMask mask) {
        ensureOpen();
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mask, "mask");
        long count = description.parameterCount();
        if (mask.size() != count) {
            throw InvalidRequestException.of("mask.size", mask.size(), "model has " + count + " parameters");
        }
        try {
            return new DjlUpdater(this, manager, trainable, config, mask);
        } catch (RuntimeException e) {
            throw wrap("newUpdater", e);
        }
    }

    @Override
    public Evaluation evaluate(DataView view) {
        ensureOpen();
        DjlDataset data = djlData(view.source());
        requireFeatures(data);
        int n = view.size();
        if (n == 0) {
            return new Evaluation(0, Double.NaN, Double.NaN);
        }
        boolean classification = description.task() == TaskType.CLASSIFICATION;
        int[] rows = view.rows();
        double loss = 0;
        long correct = 0;
        try {
            for (int start = 0; start < n; start += EVAL_CHUNK) {
                int[] chunk = Arrays.copyOfRange(rows, start, Math.min(n, start + EVAL_CHUNK));
                try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
                    NDArray outputs = forward(data.gather(step, chunk), false);
                    float[] rowLoss;
                    if (classification) {
                        long[] labels = new long[chunk.length];
                        for (int i = 0; i < chunk.length; i++) {
                            labels[i] = data.label(chunk[i]);
                        }
                        rowLoss = crossEntropy(outputs, step.create(labels)).toFloatArray();
                        long[] predicted = outputs.argMax(1).toLongArray();
                        for (int i = 0; i < chunk.length; i++) {
                            if (predicted[i] == labels[i]) {
                                correct++;
                            }
                        }
                    } else {
                        float[] y = new float[chunk.length];
                        for (int i = 0; i < chunk.length; i++) {
                            y[i] = data.target(chunk[i]);
                        }
                        rowLoss = outputs.reshape(chunk.length).sub(step.create(y)).square().toFloatArray();
                    }
                    for (float l : rowLoss) {
                        loss += l;
                    }
                }
            }
        } catch (RuntimeException e) {
            throw wrap("evaluate", e);
        }
        return new Evaluation(n, loss / n, classification ? (double) correct / n : Double.NaN);
    }

    @Override
    public double[][] predict(DataView view) {
        ensureOpen();
        DjlDataset data = djlData(view.source());
        requireFeatures(data);
        int n = view.size();
        int outputs = description.outputs();
        double[][] out = new double[n][];
        int[] rows = view.rows();
        try {
            for (int start = 0; start < n; start += EVAL_CHUNK) {
                int[] chunk = Arrays.copyOfRange(rows, start, Math.min(n, start + EVAL_CHUNK));
                try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
                    NDArray result = forward(data.gather(step, chunk), false);
                    if (description.task() == TaskType.CLASSIFICATION) {
                        result = result.softmax(1);
                    }
                    float[] values = result.toFloatArray();
                    for (int i = 0; i < chunk.length; i++) {
                        double[] row = new double[outputs];
                        for (int c = 0; c < outputs; c++) {
                            row[c] = values[i * outputs + c];
                        }
                        out[start + i] = row;
                    }
                }
            }
        } catch (RuntimeException e) {
            throw wrap("predict", e);
        }
        return out;
    }

    @Override
    public float[] parameters() {
        ensureOpen();
        return flatten(false);
    }

    @Override
    public void setParameters(float[] values) {
        ensureOpen();
        Objects.requireNonNull(values, "values");
        long count = description.parameterCount();
        if (values.length != count) {
            throw InvalidRequestException.of("parameters.length", values.length, "model has " + count + " parameters");
        }
        try (NDManager tmp = manager.newSubManager(); NDScope scope = new NDScope()) {
            int offset = 0;
            for (Parameter p : trainable) {
                NDArray target = p.getArray();
                int size = Math.toIntExact(target.size());
                float[] slice = Arrays.copyOfRange(values, offset, offset + size);
                overwrite(target, tmp.create(slice, target.getShape()));
                offset += size;
            }
        } catch (RuntimeException e) {
            throw wrap("setParameters", e);
        }
    }

    @Override
    public float[] gradients() {
        ensureOpen();
        return flatten(true);
    }

    private float[] flatten(boolean gradients) {
        float[] out = new float[Math.toIntExact(description.parameterCount())];
        try (NDScope scope = new NDScope()) {
            int offset = 0;
            for (Parameter p : trainable) {
                NDArray array = gradients ? p.getArray().getGradient() : p.getArray();
                float[] values = array.toFloatArray();
                System.arraycopy(values, 0, out, offset, values.length);
                offset += values.length;
            }
        } catch (RuntimeException e) {
            throw wrap(gradients ? "gradients" : "parameters", e);
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Also requires a {@link DjlDataset} held on this model's device.
     */
    @Override
    public void checkCompatible(Dataset data) {
        djlData(data);
        TrainableModel.super.checkCompatible(data);
    }

    private DjlDataset djlData(Dataset data) {
        Objects.requireNonNull(data, "dataset");
        if (!(data instanceof DjlDataset d)) {
            throw InvalidRequestException.of(
                    "dataset", data.getClass().getName(),
                    "the DJL backend trains on DjlDataset; convert " + data.name() + " with DjlDataset.classification(...)");
        }
        if (!d.device().equals(device)) {
            throw InvalidRequestException.of(
                    d.name() + ".device", d.device(), "the model is on " + device + "; create the dataset on that device");
        }
        return d;
    }

    private void requireFeatures(DjlDataset data) {
        if (data.featureCount() != description.inputFeatures()) {
            throw InvalidRequestException.of(
                    data.name() + ".featureCount", data.featureCount(),
                    "model " + architecture.name() + " expects " + description.inputFeatures() + " features");
        }
    }

    /** @return how many arrays the model's manager holds, sub-managers included; for leak tests */
    int managedArrayCount() {
        return manager.getManagedArrays().size();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model " + architecture.name() + " on " + device + " is closed");
        }
    }

    private RuntimeException wrap(String operation, RuntimeException e) {
        if (e instanceof UnlearnException || e instanceof IllegalStateException) {
            return e;
        }
        return new BackendException(BACKEND + ": " + operation + " on " + architecture.name() + " (" + device
                + ") failed: " + e, e);
    }

    /** Frees the model's native memory; the model is unusable afterwards. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    @Override
    public String toString() {
        return "DjlModel[" + architecture.name() + ", " + device + ", " + description.parameterCount() + " parameters]";
    }
}
