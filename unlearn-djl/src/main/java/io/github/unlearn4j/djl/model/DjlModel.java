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
import ai.djl.training.initializer.ConstantInitializer;
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
import io.github.unlearn4j.api.model.LogitLoss;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.UpdateRule;
import io.github.unlearn4j.core.train.HostRuleUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.capability.ActivationUsageModel;
import io.github.unlearn4j.core.numeric.Gaussian;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.NativeLifecycle;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * gradient. Each is the mean over the batch rows. A plugin's {@link LogitLoss} runs on the host:
 * the batch's logits (and the teacher's softmax, if it names one) are copied out, the loss returns
 * each row's logit-gradient G, and the backward pass of {@code Σ z ⊙ stopGradient(weight·G/n)}
 * inside the same gradient collector (under {@link #autogradLock()}) adds its parameter gradient.
 *
 * <p><b>Activation usage</b> ({@link ActivationUsageModel}): for networks whose parameterized
 * blocks are {@link ai.djl.nn.core.Linear} and {@link ai.djl.nn.convolutional.Conv2d} layers,
 * alone or inside (nested) {@link ai.djl.nn.SequentialBlock}s, such as every network of
 * {@link Architectures}: the mean {@code |a_j|} of each weight's input activation over the rows,
 * the network run in inference mode, biases 1. Other architectures are refused by
 * {@link #checkActivationUsage()} with the block that cannot be mapped.
 *
 * <p><b>Determinism.</b> {@link #reinitialize} draws initial values from a generator the model
 * owns ({@link SplittableRandom} seeded with the given seed, split once per parameter in parameter
 * order), never from the engine's process-wide generator, so another thread that creates models or
 * seeds DJL cannot change the result. DJL's default weight initializer (Xavier, Gaussian, fan-in,
 * magnitude 2, i.e. N(0, 2/fanIn)) is reproduced exactly in distribution; constant initializers
 * (zeros, ones) are applied as they are. A parameter with any other random initializer is drawn
 * by that initializer from the engine's generator, seeded under {@link #autogradLock()}; that path
 * is repeatable only if no other code seeds or draws from the engine at the same time, and it logs
 * a warning once. Randomness drawn while training (dropout masks, or any random operation in a
 * block's training-mode forward pass) comes from the engine's generator seeded, at the start of
 * each {@link #accumulateGradient}, from the model's own stream: seeded by {@link #reinitialize}
 * (so by {@link #create}'s seed), continued by {@link #copy}, one seed per step. On CPU, training
 * is bit-for-bit repeatable for the same thread count.
 *
 * <p><b>Threads</b> (the {@link TrainableModel} contract). Reads ({@link #predict}, {@link
 * #evaluate}, {@link #copy}, {@link #parameters}) may run from many threads at once. Writes belong
 * to one owner thread. Every call holds this model's lifecycle lock in shared mode; {@link #close()}
 * takes it exclusively, so it waits for the calls in flight and frees native memory only when none
 * runs; later calls fail with an {@link IllegalStateException}. DJL allows one gradient collector
 * per process, so {@link #accumulateGradient} holds the process-wide {@link #autogradLock()} for
 * its seeding, forward and backward pass: training runs on several models at once (a {@code
 * DeletionLedger} round beside {@code UnlearningPlan.run} or {@code Unlearner.unlearn} on other
 * models, say) interleave step by step, and each gives bit for bit the model it gives alone, also
 * with dropout. Application code that opens DJL gradient collectors, seeds DJL's engine or draws
 * from its generator must hold the same lock around that work; a collector opened without it
 * makes a step here fail with a {@link BackendException} naming the lock, and an unlocked seed or
 * draw can change a step's dropout masks (nothing can detect that).
 */
public final class DjlModel implements TrainableModel, ActivationUsageModel {
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
    /** Which layers' input activations each weight reads. */
    private final ActivationUsage activationUsage;
    /** Shared by every call, exclusive for {@link #close()}: native memory is never freed under a call. */
    private final NativeLifecycle lifecycle = new NativeLifecycle(() -> "model " + architecture().name()
            + " on " + device());

    /** DJL allows one open gradient collector per process; every collector we open is under it. */
    private static final ReentrantLock AUTOGRAD = new ReentrantLock(true);
    private static final Logger LOG = LoggerFactory.getLogger(DjlModel.class);
    private static final AtomicBoolean ENGINE_RANDOM_WARNED = new AtomicBoolean();
    /**
     * The model's stream of training randomness: step k of training runs with the engine seeded
     * from (trainingSeed, k). Set by {@link #reinitialize}, carried over by {@link #copy}; guarded
     * by {@link #AUTOGRAD}.
     */
    private long trainingSeed;
    /** Training steps taken on this stream; guarded by {@link #AUTOGRAD}. */
    private long trainingSteps;

    private DjlModel(DjlArchitecture architecture, Device device) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.device = Objects.requireNonNull(device, "device");
        NDManager m;
        try {
            DjlDevices.engine(); // loads libtorch with this backend's thread default
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
            Map<Parameter, Long> offsets = new IdentityHashMap<>();
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
                    offsets.put(param, offset);
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
            this.activationUsage = ActivationUsage.of(architecture.name(), block, offsets);
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

    /**
     * The process-wide lock under which every DJL gradient collector of this backend is opened and
     * closed, and the engine's generator is seeded and drawn from for a training step. DJL's
     * PyTorch engine allows one open collector per process and has one generator; hold this lock
     * around your own DJL training steps, {@code Engine.setRandomSeed} calls and random draws if
     * the application uses DJL beside unlearn4j.
     *
     * @return the lock (fair, reentrant)
     */
    public static Lock autogradLock() {
        return AUTOGRAD;
    }

    /** Enters a call: the model stays open until {@link #exit()}. */
    void enter() {
        lifecycle.enter();
    }

    void exit() {
        lifecycle.exit();
    }

    /** {@inheritDoc} The copy is a new block of the same architecture on the same device. */
    @Override
    public DjlModel copy() {
        enter();
        try {
            DjlModel copy = new DjlModel(architecture, device);
            AUTOGRAD.lock();
            try {
                // the copy continues this model's stream of training randomness
                copy.trainingSeed = trainingSeed;
                copy.trainingSteps = trainingSteps;
            } finally {
                AUTOGRAD.unlock();
            }
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
        } finally {
            exit();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Draws every parameter afresh, in parameter order, from a {@link SplittableRandom} seeded
     * with {@code seed} and split once per parameter (see the class comment for which initializers
     * are reproduced and which fall back to the engine). Parameters without an initializer are set
     * to zero. The gradient is zeroed.
     */
    @Override
    public void reinitialize(long seed) {
        enter();
        try {
            SplittableRandom root = new SplittableRandom(seed);
            try (NDManager tmp = manager.newSubManager(); NDScope scope = new NDScope()) {
                for (Parameter p : allParameters) {
                    SplittableRandom random = root.split();
                    NDArray target = p.getArray();
                    overwrite(target, initialValues(p, target.getShape(), random, tmp));
                }
            } catch (RuntimeException e) {
                throw wrap("reinitialize", e);
            }
            long stream = root.nextLong();
            AUTOGRAD.lock();
            try {
                trainingSeed = stream;
                trainingSteps = 0;
            } finally {
                AUTOGRAD.unlock();
            }
            zeroGradientsOpen();
        } finally {
            exit();
        }
    }

    /** DJL's default weight initializer, XavierInitializer(GAUSSIAN, IN, 2): N(0, 2 / fanIn). */
    private static final Initializer DJL_DEFAULT_WEIGHT = Parameter.Type.WEIGHT.getInitializer();

    private NDArray initialValues(Parameter p, Shape shape, SplittableRandom random, NDManager tmp) {
        Initializer init = p.getInitializer();
        if (init == null) {
            return tmp.zeros(shape, DataType.FLOAT32);
        }
        if (init == Initializer.ZEROS || init == Initializer.ONES || init instanceof ConstantInitializer) {
            return init.initialize(tmp, shape, DataType.FLOAT32);
        }
        if (init == DJL_DEFAULT_WEIGHT && shape.dimension() >= 2) {
            long fanIn = shape.get(1) * (shape.dimension() > 2 ? shape.slice(2).size() : 1);
            double sigma = Math.sqrt(2.0 / fanIn);
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (sigma * Gaussian.next(random));
            }
            return tmp.create(values, shape);
        }
        if (ENGINE_RANDOM_WARNED.compareAndSet(false, true)) {
            LOG.warn("{}: parameter {} uses {}, which draws from the engine's process-wide generator; its initial"
                    + " values are repeatable only while no other code seeds or draws from DJL's engine",
                    architecture.name(), p.getName(), init.getClass().getSimpleName());
        }
        AUTOGRAD.lock();
        try {
            manager.getEngine().setRandomSeed(random.nextInt());
            return init.initialize(tmp, shape, DataType.FLOAT32);
        } finally {
            AUTOGRAD.unlock();
        }
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
        enter();
        try {
            zeroGradientsOpen();
        } finally {
            exit();
        }
    }

    private void zeroGradientsOpen() {
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
        enter();
        try {
            return accumulateGradientOpen(batch, term, weight);
        } finally {
            exit();
        }
    }

    private double accumulateGradientOpen(Batch batch, LossTerm term, double weight) {
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
        DjlModel teacher = null;
        if (term instanceof LossTerm.KlToTeacher k) {
            teacher = teacher(k.teacher(), "teacher");
        } else if (term instanceof LogitLoss custom && custom.teacher() != null) {
            teacher = teacher(custom.teacher(), custom.name() + ".teacher");
        }
        long[] labels = classification ? labels(batch) : null;
        float[] targets = classification ? null : targets(batch, data);
        if (teacher != null) {
            teacher.enter();
        }
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = data.gather(step, batch.rows());
            NDArray teacherOutputs = teacher != null ? teacher.forward(x, false).stopGradient() : null;
            NDArray y = classification ? step.create(labels) : step.create(targets);
            AUTOGRAD.lock();
            try (GradientCollector collector = newCollector()) {
                seedEngineForThisStep();
                NDArray outputs = forward(x, true);
                if (term instanceof LogitLoss custom) {
                    return backwardLogitLoss(custom, outputs, labels, teacherOutputs, weight, step, collector);
                }
                NDArray loss = rowLosses(outputs, term, y, teacherOutputs).mean();
                collector.backward(loss.mul((float) weight));
                return loss.getFloat();
            } finally {
                AUTOGRAD.unlock();
            }
        } catch (RuntimeException e) {
            throw wrap("accumulateGradient(" + term.name() + ")", e);
        } finally {
            if (teacher != null) {
                teacher.exit();
            }
        }
    }

    /**
     * A plugin's {@link LogitLoss}: the logits (and the teacher's probabilities) go to the host, the
     * loss returns each row's logit-gradient G, and the backward pass of
     * {@code Σ z ⊙ stopGradient(weight·G/n)} adds {@code weight · ∇θ mean(loss)} to the gradient.
     */
    private static double backwardLogitLoss(LogitLoss custom, NDArray outputs, long[] labels, NDArray teacherOutputs,
            double weight, NDManager step, GradientCollector collector) {
        int n = Math.toIntExact(outputs.getShape().get(0));
        int classes = Math.toIntExact(outputs.getShape().get(1));
        float[] z = outputs.stopGradient().toFloatArray();
        float[] q = teacherOutputs == null ? null : teacherOutputs.softmax(1).toFloatArray();
        double[] rowLogits = new double[classes];
        double[] rowTarget = q == null ? null : new double[classes];
        double[] rowGradient = new double[classes];
        float[] g = new float[n * classes];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                rowLogits[c] = z[i * classes + c];
                if (q != null) {
                    rowTarget[c] = q[i * classes + c];
                }
            }
            Arrays.fill(rowGradient, 0);
            double value = custom.rowLoss(rowLogits, (int) labels[i], rowTarget, rowGradient);
            if (!Double.isFinite(value)) {
                throw InvalidRequestException.of(custom.name() + ".rowLoss", value, "a loss term must return a finite value");
            }
            for (int c = 0; c < classes; c++) {
                if (!Double.isFinite(rowGradient[c])) {
                    throw InvalidRequestException.of(custom.name() + ".gradient[" + c + "]", rowGradient[c],
                            "a loss term must return a finite gradient");
                }
                g[i * classes + c] = (float) (weight * rowGradient[c] / n);
            }
            total += value;
        }
        NDArray coefficients = step.create(g, outputs.getShape());
        collector.backward(outputs.mul(coefficients).sum());
        return total / n;
    }

    /**
     * Seeds the engine's process-wide generator from this model's stream, step by step, so that
     * whatever the training forward and backward pass draw (dropout masks, say) depends only on
     * the model's seed and its step count, never on what other threads drew before. Called under
     * {@link #AUTOGRAD}, which is held until the step's draws are done.
     */
    private void seedEngineForThisStep() {
        int seed = new SplittableRandom(trainingSeed ^ (trainingSteps * 0x9E3779B97F4A7C15L)).nextInt();
        trainingSteps++;
        manager.getEngine().setRandomSeed(seed);
    }

    private GradientCollector newCollector() {
        try {
            return manager.getEngine().newGradientCollector();
        } catch (IllegalStateException e) {
            throw new BackendException(BACKEND + ": another DJL gradient collector is open, outside "
                    + "DjlModel.autogradLock(); DJL allows one at a time per process, so code that trains DJL models "
                    + "beside unlearn4j must hold that lock around its own training steps", e);
        }
    }

    private NDArray forward(NDArray x, boolean training) {
        NDList out = block.forward(store, new NDList(shapedInput(x)), training);
        return out.head();
    }

    /** A batch of flat rows [n, features] reshaped to [n, inputShape...]. */
    private NDArray shapedInput(NDArray x) {
        long n = x.getShape().get(0);
        return architecture.inputShape().dimension() == 1 ? x : x.reshape(new Shape(n).addAll(architecture.inputShape()));
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

    private DjlModel teacher(TrainableModel candidate, String field) {
        if (!(candidate instanceof DjlModel t)) {
            throw InvalidRequestException.of(
                    field, candidate.getClass().getName(), "the DJL backend distills from a DjlModel only");
        }
        if (!t.device.equals(device)) {
            throw InvalidRequestException.of(field + ".device", t.device, "the student is on " + device);
        }
        if (t.description.outputs() != description.outputs()
                || t.description.inputFeatures() != description.inputFeatures()) {
            throw InvalidRequestException.of(
                    field, t.architecture.name(), "its shape differs from the student " + architecture.name());
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

    /**
     * {@inheritDoc} SGD steps in one pass over the tensors' memory on the CPU ({@code
     * DjlCpuSgdUpdater}, bit-identical to core's {@code MaskedSgd}) and with in-place NDArray
     * operations on a GPU ({@code DjlUpdater}); AdamW steps in place on the device
     * ({@code DjlAdamWUpdater}); an {@link UpdateRule} runs through core's {@link HostRuleUpdater},
     * which copies parameters and gradients to the host and back on every step.
     */
    @Override
    public ParameterUpdater newUpdater(OptimizerSpec optimizer, ParameterMask mask) {
        enter();
        try {
            return newUpdaterOpen(optimizer, mask);
        } finally {
            exit();
        }
    }

    private ParameterUpdater newUpdaterOpen(OptimizerSpec optimizer, ParameterMask mask) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(mask, "mask");
        long count = description.parameterCount();
        if (mask.size() != count) {
            throw InvalidRequestException.of("mask.size", mask.size(), "model has " + count + " parameters");
        }
        try {
            if (optimizer instanceof SgdConfig sgd) {
                if (!device.isGpu() && DjlCpuSgdUpdater.supports(trainable)) {
                    return new DjlCpuSgdUpdater(this, trainable, sgd, mask);
                }
                return new DjlUpdater(this, manager, trainable, sgd, mask);
            }
            if (optimizer instanceof AdamWConfig adamW) {
                return new DjlAdamWUpdater(this, manager, trainable, adamW, mask);
            }
            return new HostRuleUpdater(this, (UpdateRule) optimizer, mask);
        } catch (RuntimeException e) {
            throw wrap("newUpdater", e);
        }
    }

    /**
     * A one-pass CPU SGD updater over this model's tensors on the given path; {@code forceCopies}
     * takes the copy fallback for every tensor, so that tests reach it.
     */
    ParameterUpdater newCpuSgdUpdater(SgdConfig sgd, ParameterMask mask, DjlCpuSgdUpdater.Path path,
            boolean forceCopies) {
        enter();
        try {
            return new DjlCpuSgdUpdater(this, trainable, sgd, mask, path, forceCopies);
        } finally {
            exit();
        }
    }

    /**
     * The in-place NDArray SGD updater that GPUs use ({@code DjlUpdater}), on this model's device
     * whatever it is, so that tests on a CPU-only machine cover it too.
     */
    ParameterUpdater newNdArraySgdUpdater(SgdConfig sgd, ParameterMask mask) {
        enter();
        try {
            return new DjlUpdater(this, manager, trainable, sgd, mask);
        } finally {
            exit();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs the view through the network in chunks, in inference mode, summing {@code |a|} at the
     * input of every dense and conv2d layer (see the class comment); for a conv2d weight
     * {@code w[o, c, u, v]} the mean is over rows and output positions, padding counting as 0.
     *
     * @throws InvalidRequestException if the architecture has another block with parameters, or the
     *     view is not a {@link DjlDataset} on this device with the model's features
     */
    @Override
    public double[] activationUsage(DataView view) {
        enter();
        try {
            DjlDataset data = djlData(view.source());
            requireFeatures(data);
            ActivationUsage.Accumulator sums = activationUsage.start();
            int[] rows = view.rows();
            try {
                for (int start = 0; start < rows.length; start += EVAL_CHUNK) {
                    int[] chunk = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + EVAL_CHUNK));
                    try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
                        sums.add(shapedInput(data.gather(step, chunk)), store);
                    }
                }
            } catch (RuntimeException e) {
                throw wrap("activationUsage", e);
            }
            double[] usage = new double[Math.toIntExact(description.parameterCount())];
            sums.finish(usage);
            return usage;
        } finally {
            exit();
        }
    }

    /**
     * {@inheritDoc} Accepts networks whose parameterized blocks are all {@code Linear} or
     * {@code Conv2d} layers in (nested) {@code SequentialBlock}s.
     */
    @Override
    public void checkActivationUsage() {
        activationUsage.check();
    }

    @Override
    public Evaluation evaluate(DataView view) {
        enter();
        try {
            return evaluateOpen(view);
        } finally {
            exit();
        }
    }

    private Evaluation evaluateOpen(DataView view) {
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
        enter();
        try {
            return predictOpen(view);
        } finally {
            exit();
        }
    }

    private double[][] predictOpen(DataView view) {
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
        enter();
        try {
            return parametersOpen();
        } finally {
            exit();
        }
    }

    private float[] parametersOpen() {
        return flatten(false);
    }

    @Override
    public void setParameters(float[] values) {
        enter();
        try {
            setParametersOpen(values);
        } finally {
            exit();
        }
    }

    private void setParametersOpen(float[] values) {
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
        enter();
        try {
            return gradientsOpen();
        } finally {
            exit();
        }
    }

    private float[] gradientsOpen() {
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

    private RuntimeException wrap(String operation, RuntimeException e) {
        if (e instanceof UnlearnException || e instanceof IllegalStateException) {
            return e;
        }
        return new BackendException(BACKEND + ": " + operation + " on " + architecture.name() + " (" + device
                + ") failed: " + e, e);
    }

    /**
     * Frees the model's native memory once every call in flight on it has finished; every call that
     * starts afterwards fails with an {@link IllegalStateException}. Idempotent.
     *
     * @throws IllegalStateException if called from inside a call on this model (it would wait for
     *     itself)
     */
    @Override
    public void close() {
        lifecycle.close(manager::close);
    }

    @Override
    public String toString() {
        return "DjlModel[" + architecture.name() + ", " + device + ", " + description.parameterCount() + " parameters]";
    }
}
