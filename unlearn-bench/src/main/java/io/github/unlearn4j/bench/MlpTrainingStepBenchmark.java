package io.github.unlearn4j.bench;

import ai.djl.Device;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
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
 * One full training step of the DJL MLP of the paper's experiments, {@code mlp(784, 256, 256, 10)}
 * (268,800 weights + 522 biases), at batch 256, on CPU: {@code zeroGradients()},
 * {@code accumulateGradient(batch, TASK, 1)} (gather the batch, forward, cross-entropy, backward)
 * and {@code updater.step(0.01, 0)} (momentum 0.9, weight decay 5e-4, full mask), exactly the three
 * calls that core's {@code TrainingLoop} makes per step. The batch is fixed (256 synthetic
 * Fashion-MNIST-shaped images, built once), so every invocation does the same work.
 *
 * <h2>GFLOP/s</h2>
 *
 * <p>The figure counts the matrix products only, and takes forward + backward as three times the
 * forward pass:
 *
 * <pre>
 *   FLOPs per step = 3 · 2 · batch · (784·256 + 256·256 + 256·10)
 *                  = 3 · 2 · 256 · 268,800 = 412,876,800 ≈ 0.413 GFLOP
 *   GFLOP/s        = 0.4129 / (ms per step / 1000)
 * </pre>
 *
 * <p>({@link #FLOPS_PER_STEP}.) This slightly overcounts the work done: autograd does not compute
 * the gradient with respect to the input images, which saves 2 · 256 · 784·256 FLOPs (about 25%
 * of the backward pass of the first layer, 13% of the total). Bias additions, ReLU, softmax, the
 * loss, the gather, zeroing and the SGD update are not counted; the update alone touches 269,322
 * parameters at 60 B/element (see {@link DjlMaskedStepBenchmark}).
 *
 * <h2>Threads</h2>
 *
 * <p>{@link #threads} is libtorch's intra-op thread count, 1 and 2 by default (the machine this
 * project runs on has 2 cores). Each (benchmark, parameter) pair runs in a fresh fork, and the
 * trial's setup sets {@code ai.djl.pytorch.num_threads} before the first DJL call of that fork, so
 * the engine starts with that many threads; the setup fails if the engine was already started with
 * another count (as it would be with {@code -f 0}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "-Dai.djl.offline=true",
        "--add-modules=jdk.incubator.vector",
        "-Dai.djl.pytorch.num_interop_threads=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error"})
public class MlpTrainingStepBenchmark {
    /** Batch size. */
    public static final int BATCH = 256;
    /** Layer widths: input, two hidden layers, classes. */
    private static final int[] WIDTHS = {784, 256, 256, 10};
    /** Matrix-product FLOPs of one step: {@code 3 · 2 · batch · Σ in·out} = 412,876,800. */
    public static final long FLOPS_PER_STEP = 3L * 2 * BATCH * (784 * 256 + 256 * 256 + 256 * 10);

    private static final long SEED = 0x5EED_2024_CAFEL;
    private static final double LR = 0.01;

    /** libtorch's intra-op threads for this fork. */
    @Param({"1", "2"})
    public int threads;

    /** The MLP. */
    public DjlModel model;

    /** 256 synthetic images. */
    public DjlDataset data;

    /** The fixed batch: all 256 rows. */
    public Batch batch;

    /** Full-mask updater, momentum 0.9, weight decay 5e-4. */
    public ParameterUpdater updater;

    /** Creates the benchmark state; JMH calls this. */
    public MlpTrainingStepBenchmark() {}

    /**
     * Sets the engine's thread count, builds the model, the data and the updater, once per trial.
     *
     * @throws IllegalStateException if the engine runs with another thread count than {@link #threads}
     */
    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        data = SyntheticImages.generate("bench/mlp-batch", BATCH, SEED).toDataset(Device.cpu());
        model = DjlModel.create(Architectures.mlp(WIDTHS), Device.cpu(), SEED);
        int actual = TorchThreads.intraOp();
        if (actual != threads && actual != TorchThreads.UNKNOWN) {
            throw new IllegalStateException("libtorch runs " + actual + " intra-op threads, not " + threads
                    + "; the engine was started before this setup (run with forks, not -f 0)");
        }
        int[] rows = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            rows[i] = i;
        }
        batch = Batch.of(data, rows);
        updater = model.newUpdater(new SgdConfig(0.9, 5e-4), ParameterMask.all(model.description().parameterCount()));
    }

    /** Frees the updater, the model and the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (updater != null) {
            updater.close();
        }
        if (model != null) {
            model.close();
        }
        if (data != null) {
            data.close();
        }
    }

    /**
     * One training step: zero the gradient, accumulate the batch's cross-entropy gradient, update.
     *
     * @return the batch's loss before the update
     */
    @Benchmark
    public double measureTrainingStep() {
        model.zeroGradients();
        double loss = model.accumulateGradient(batch, LossTerm.TASK, 1.0);
        updater.step(LR, 0);
        return loss;
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
                .include(MlpTrainingStepBenchmark.class.getSimpleName())
                .build();
        new Runner(options).run();
    }
}
