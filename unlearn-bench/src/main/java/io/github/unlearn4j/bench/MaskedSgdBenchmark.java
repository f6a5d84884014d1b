package io.github.unlearn4j.bench;

import io.github.unlearn4j.core.backend.reference.MaskedSgd;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Measures {@link MaskedSgd#maskedStep} and {@link MaskedSgd#step} against a streaming baseline
 * that moves exactly the same bytes.
 *
 * <h2>Memory traffic</h2>
 *
 * <p>{@code maskedStep} reads four float arrays ({@code params}, {@code grads}, {@code velocity},
 * {@code mask}) and writes two ({@code params}, {@code velocity}): 4 reads + 2 writes of 4 bytes,
 * that is <b>24 bytes per element</b> (ignoring write-allocate traffic, which the hardware adds
 * equally to every benchmark here). {@link #measureStreamingBaseline} touches the same six streams
 * with trivial arithmetic, so on arrays that do not fit in cache it runs at the machine's
 * practical memory bandwidth. Read the results as
 *
 * <pre>
 *   fraction of bandwidth = baseline time / maskedStep time
 *   baseline GB/s         = 24 · size / (baseline µs/op · 1000)
 * </pre>
 *
 * <p>{@code step} (unmasked) reads only three arrays (20 bytes per element), so its fraction
 * against this baseline can slightly exceed 1 when memory bound.
 *
 * <p>Sizes run from 2<sup>10</sup> (16 KiB per array, everything in L1/L2) to 2<sup>24</sup>
 * (64 MiB per array, 256 MiB in all, DRAM bound). Only the large sizes say anything about
 * bandwidth; the small ones measure the loop's compute and call overhead.
 *
 * <h2>Keeping the numbers finite</h2>
 *
 * <p>The state is updated in place and never reset (a per-invocation reset would itself be a
 * memory pass). The hyper-parameters are chosen so that millions of invocations stay finite and
 * normal: with momentum 0.9 the velocity converges to about ten times the constant gradient, and
 * with {@code lr = 1e-6} the parameters drift by at most about 1e-5 per invocation toward the
 * weight-decay fixed point {@code -grad / weightDecay} (|θ| ≤ 2000). No NaN, Inf or subnormal
 * values appear, which could otherwise change the timing on some CPUs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskedSgdBenchmark {
    /** Bytes moved per element by {@code maskedStep} and the baseline: 4 reads + 2 writes of 4 bytes. */
    public static final int BYTES_PER_ELEMENT = 24;

    private static final long SEED = 0x5EED_2024_CAFEL;
    private static final float LR = 1e-6f;
    private static final float MOMENTUM = 0.9f;
    private static final float WEIGHT_DECAY = 5e-4f;
    private static final float L1 = 0f;
    private static final float L1_ACTIVE = 1e-8f;

    /** Number of parameters, 2<sup>10</sup> to 2<sup>24</sup>. */
    @Param({"1024", "16384", "262144", "4194304", "16777216"})
    public int size;

    /** θ, updated in place. */
    public float[] params;

    /** The gradient, read only. */
    public float[] grads;

    /** The momentum buffer, updated in place. */
    public float[] velocity;

    /** 0/1 per parameter, about half ones. */
    public float[] mask;

    /** Creates the benchmark state; JMH calls this. */
    public MaskedSgdBenchmark() {}

    /** Allocates and fills the arrays from a fixed seed, once per trial (per {@link #size}). */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(SEED);
        params = new float[size];
        grads = new float[size];
        velocity = new float[size];
        mask = new float[size];
        for (int i = 0; i < size; i++) {
            params[i] = (float) random.nextDouble(-1.0, 1.0);
            grads[i] = (float) random.nextDouble(-1.0, 1.0);
            velocity[i] = 0f;
            mask[i] = random.nextBoolean() ? 1f : 0f;
        }
    }

    /**
     * One {@link MaskedSgd#maskedStep} over {@link #size} parameters.
     *
     * @param blackhole consumes one element, so the call cannot be considered dead
     */
    @Benchmark
    public void measureMaskedStep(Blackhole blackhole) {
        MaskedSgd.maskedStep(params, grads, velocity, mask, LR, MOMENTUM, WEIGHT_DECAY, L1);
        blackhole.consume(params[0]);
    }

    /**
     * One {@link MaskedSgd#maskedStep} with an active ℓ1 term (l1-sparse's path), over {@link #size}
     * parameters; same memory traffic as {@code maskedStep}.
     *
     * @param blackhole consumes one element, so the call cannot be considered dead
     */
    @Benchmark
    public void measureMaskedStepWithL1(Blackhole blackhole) {
        MaskedSgd.maskedStep(params, grads, velocity, mask, LR, MOMENTUM, WEIGHT_DECAY, L1_ACTIVE);
        blackhole.consume(params[0]);
    }

    /**
     * One unmasked {@link MaskedSgd#step} over {@link #size} parameters (20 bytes per element).
     *
     * @param blackhole consumes one element, so the call cannot be considered dead
     */
    @Benchmark
    public void measureStep(Blackhole blackhole) {
        MaskedSgd.step(params, grads, velocity, LR, MOMENTUM, WEIGHT_DECAY, L1);
        blackhole.consume(params[0]);
    }

    /**
     * Streaming baseline with the same memory traffic as {@code maskedStep}: reads {@code params},
     * {@code grads}, {@code velocity}, {@code mask} and writes {@code params}, {@code velocity}
     * (24 bytes per element), with one multiply-add per stream.
     *
     * @param blackhole consumes one element, so the loop cannot be considered dead
     */
    @Benchmark
    public void measureStreamingBaseline(Blackhole blackhole) {
        streamingBaseline(params, grads, velocity, mask, MOMENTUM, -LR);
        blackhole.consume(params[0]);
    }

    private static void streamingBaseline(
            float[] params, float[] grads, float[] velocity, float[] mask, float a, float b) {
        int n = params.length;
        for (int i = 0; i < n; i++) {
            float v = a * velocity[i] + grads[i] * mask[i];
            velocity[i] = v;
            params[i] = params[i] + v * b;
        }
    }

    /**
     * Runs this benchmark with the annotated settings; results go to standard output.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MaskedSgdBenchmark.class.getSimpleName())
                .build();
        new Runner(options).run();
    }
}
