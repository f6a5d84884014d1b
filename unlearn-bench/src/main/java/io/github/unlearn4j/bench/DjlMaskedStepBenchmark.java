package io.github.unlearn4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Measures the DJL backend's masked SGD step ({@code DjlModel.newUpdater(...).step(lr, l1)}, on
 * the PyTorch engine, CPU) against a DJL streaming baseline that moves the bytes an ideal fused
 * step would move, in the same run and the same sizes as {@link MaskedSgdBenchmark}.
 *
 * <h2>The model</h2>
 *
 * <p>{@link Architectures#linearRegression(int) linearRegression(size)}: one {@code Linear} layer
 * without bias, whose only parameter is a weight tensor of shape [1, size], so the model has
 * exactly {@code size} parameters in one tensor. Its gradient is set once, in the trial's setup,
 * by one {@code accumulateGradient} of the squared error on a single random row, and then left in
 * place: {@code step} does not zero it, so every invocation updates with the same gradient. The
 * updater is the public {@link ParameterUpdater} of {@link DjlModel#newUpdater}; the hyper-parameters
 * are those of {@link MaskedSgdBenchmark} (lr 1e-6, momentum 0.9, weight decay 5e-4, ℓ1 1e-8 when
 * active), which keep millions of invocations finite and free of subnormals.
 *
 * <h2>Memory traffic</h2>
 *
 * <p>A fused masked step reads θ, grad, v and mask and writes θ and v: <b>24 bytes per element</b>.
 * {@link #measureStreamingBaseline} moves exactly that with two in-place NDArray ops on four arrays
 * of {@code size} floats: {@code v.muli(mask)} (reads v and mask, writes v) and
 * {@code p.addi(g)} (reads p and g, writes p), 2 + 2 reads and 1 + 1 writes, no allocation. Read
 *
 * <pre>
 *   fraction = baseline time / step time
 *   baseline GB/s = 24 · size / baseline time
 * </pre>
 *
 * <p>On the CPU the step is unlearn-djl's {@code DjlCpuSgdUpdater}. The forks start with
 * {@code --add-modules=jdk.incubator.vector}, so it takes its in-place path: one pass of Vector API
 * loads and stores over the tensors' memory, 24 B/element (20 with a full mask, which holds no mask
 * array). Without the module it copies θ and the gradient into two cache-resident chunks of 4096
 * floats and runs core's {@code MaskedSgd} loop there: the same main-memory traffic, but the copies
 * read single streams (0.34 and 0.47 of the baseline at 2^22 and 2^24 on 2026-12-01); a JVM
 * without the module, or with {@code -Dunlearn4j.djl.vectorUpdate=false}, takes that path.
 * The ℓ1 term adds no traffic, only the branch-free sign.
 *
 * <p>Before it (0.1.0's {@code DjlUpdater}, still the GPU path), each line of the formula was a
 * separate libtorch pass: {@code theta.mul(wd)} 1R+1W (allocates), {@code .addi(grad)} 2R+1W,
 * {@code v.muli(momentum)} 1R+1W, {@code .addi(g)} 2R+1W, {@code v.muli(mask)} 2R+1W,
 * {@code v.mul(lr)} 1R+1W (allocates), {@code theta.subi(...)} 2R+1W: 11 reads + 7 writes =
 * 72 B/element, 100 with ℓ1, 60 with a full mask, and a fraction of at most about 24/72 = 0.33
 * (0.28 and 0.33 measured at 2^22 and 2^24). The small sizes measure per-call overhead (JNI calls,
 * NDArray wrappers, the NDScope), not bandwidth.
 *
 * <h2>Threads</h2>
 *
 * <p>Forks run with {@code -Dai.djl.pytorch.num_threads=1} and {@code num_interop_threads=1}, so
 * that libtorch uses one core, like the single-threaded pure-Java {@code MaskedSgd} loop, and so
 * that on a 2-core machine the second core is left to the JMH harness and the OS. Override with
 * JMH's {@code -jvmArgsAppend -Dai.djl.pytorch.num_threads=2}.
 *
 * <p>Each fork needs the CPU libtorch on the class path (unlearn-djl's {@code cpu-native}
 * profile), {@code DJL_CACHE_DIR} pointing at a writable folder and runs with
 * {@code -Dai.djl.offline=true}: {@code unlearn-bench/run-jmh} sets all three.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "-Dai.djl.offline=true",
        "--add-modules=jdk.incubator.vector",
        "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error"})
public class DjlMaskedStepBenchmark {
    /** Bytes moved per element by the streaming baseline and by an ideal fused masked step. */
    public static final int BYTES_PER_ELEMENT = 24;

    private static final long SEED = 0x5EED_2024_CAFEL;
    private static final double LR = 1e-6;
    private static final double MOMENTUM = 0.9;
    private static final double WEIGHT_DECAY = 5e-4;
    private static final double L1_ACTIVE = 1e-8;
    /** Scale of the baseline's increment, so that {@code p} drifts by at most 1e-6 per invocation. */
    private static final float BASELINE_STEP = 1e-6f;

    /** Creates the benchmark; JMH calls this. */
    public DjlMaskedStepBenchmark() {}

    /** The model, its gradient, and the updaters, for one size. */
    @State(Scope.Thread)
    public static class ModelState {
        /** Number of parameters, 2<sup>10</sup> to 2<sup>24</sup>, as in {@link MaskedSgdBenchmark}. */
        @Param({"1024", "16384", "262144", "4194304", "16777216"})
        public int size;

        /** The model, with {@link #size} parameters in one tensor. */
        public DjlModel model;

        /** The one-row dataset the gradient came from. */
        public DjlDataset data;

        /** Updater with a random mask of about half ones. */
        public ParameterUpdater masked;

        /** Updater with a full mask (no mask array, no mask pass). */
        public ParameterUpdater unmasked;

        /** Creates the state; JMH calls this. */
        public ModelState() {}

        /**
         * Builds the model, sets its gradient, and creates both updaters, once per trial.
         *
         * @throws IllegalStateException if the gradient came out zero or non-finite
         */
        @Setup(Level.Trial)
        public void setUp() {
            Device cpu = Device.cpu();
            model = DjlModel.create(Architectures.linearRegression(size), cpu, SEED);
            SplittableRandom random = new SplittableRandom(SEED);
            float[][] row = new float[1][size];
            for (int i = 0; i < size; i++) {
                row[0][i] = (float) random.nextDouble(-1.0, 1.0);
            }
            data = DjlDataset.regression("bench/one-row", row, new float[] {1f}, cpu);
            model.zeroGradients();
            double loss = model.accumulateGradient(Batch.of(data, new int[] {0}), LossTerm.TASK, 1.0);
            if (!Double.isFinite(loss) || loss == 0) {
                throw new IllegalStateException("setup: squared error " + loss + " gives no usable gradient");
            }
            boolean[] flags = new boolean[size];
            for (int i = 0; i < size; i++) {
                flags[i] = random.nextBoolean();
            }
            SgdConfig sgd = new SgdConfig(MOMENTUM, WEIGHT_DECAY);
            masked = model.newUpdater(sgd, ParameterMask.of(flags));
            unmasked = model.newUpdater(sgd, ParameterMask.all(size));
        }

        /** Frees the updaters, the dataset and the model. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (masked != null) {
                masked.close();
            }
            if (unmasked != null) {
                unmasked.close();
            }
            if (data != null) {
                data.close();
            }
            if (model != null) {
                model.close();
            }
        }
    }

    /** Four arrays of one size on the CPU, for the streaming baseline. */
    @State(Scope.Thread)
    public static class StreamState {
        /** Number of elements per array; the same values as {@link ModelState#size}. */
        @Param({"1024", "16384", "262144", "4194304", "16777216"})
        public int size;

        /** Owns the arrays. */
        public NDManager manager;

        /** Stands for θ: read and written. */
        public NDArray p;

        /** Stands for the gradient: read only. */
        public NDArray g;

        /** Stands for the velocity: read and written. */
        public NDArray v;

        /** 0/1 per element, about half ones: read only. */
        public NDArray mask;

        /** Creates the state; JMH calls this. */
        public StreamState() {}

        /** Allocates and fills the arrays from a fixed seed, once per trial. */
        @Setup(Level.Trial)
        public void setUp() {
            manager = NDManager.newBaseManager(Device.cpu(), DjlDevices.ENGINE);
            SplittableRandom random = new SplittableRandom(SEED);
            float[] pv = new float[size];
            float[] gv = new float[size];
            float[] vv = new float[size];
            float[] mv = new float[size];
            for (int i = 0; i < size; i++) {
                pv[i] = (float) random.nextDouble(-1.0, 1.0);
                gv[i] = (float) random.nextDouble(-1.0, 1.0) * BASELINE_STEP;
                vv[i] = (float) random.nextDouble(-1.0, 1.0);
                mv[i] = random.nextBoolean() ? 1f : 0f;
            }
            Shape shape = new Shape(size);
            p = manager.create(pv, shape);
            g = manager.create(gv, shape);
            v = manager.create(vv, shape);
            mask = manager.create(mv, shape);
            for (NDArray a : new NDArray[] {p, g, v, mask}) {
                NDScope.unregister(a);
            }
        }

        /** Frees the arrays. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (manager != null) {
                manager.close();
            }
        }
    }

    /**
     * One masked step (momentum, weight decay, mask; ℓ1 off), 24 B/element of main-memory traffic.
     *
     * @param s the model state
     * @return the updater, against dead-code elimination
     */
    @Benchmark
    public Object measureMaskedStep(ModelState s) {
        s.masked.step(LR, 0);
        return s.masked;
    }

    /**
     * One masked step with an active ℓ1 term (l1-sparse's path), 24 B/element.
     *
     * @param s the model state
     * @return the updater, against dead-code elimination
     */
    @Benchmark
    public Object measureMaskedStepWithL1(ModelState s) {
        s.masked.step(LR, L1_ACTIVE);
        return s.masked;
    }

    /**
     * One step with a full mask (no mask array), 20 B/element.
     *
     * @param s the model state
     * @return the updater, against dead-code elimination
     */
    @Benchmark
    public Object measureUnmaskedStep(ModelState s) {
        s.unmasked.step(LR, 0);
        return s.unmasked;
    }

    /**
     * Streaming baseline: {@code v.muli(mask); p.addi(g)}, in place, reading four arrays and writing
     * two (24 B/element), with no allocation of array storage. {@code v} settles after the first
     * call ({@code mask} is 0/1) and {@code p} drifts by at most 1e-6 per call, so the values stay
     * finite and normal.
     *
     * @param s the arrays
     * @return {@code p}, against dead-code elimination
     */
    @Benchmark
    public NDArray measureStreamingBaseline(StreamState s) {
        s.v.muli(s.mask);
        return s.p.addi(s.g);
    }

    /**
     * Runs this benchmark with the annotated settings; results go to standard output. The caller
     * sets {@code DJL_CACHE_DIR}; {@code unlearn-bench/run-jmh} does.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(DjlMaskedStepBenchmark.class.getSimpleName())
                .build();
        new Runner(options).run();
    }
}
