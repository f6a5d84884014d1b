/**
 * Benchmarks of unlearn4j.
 *
 * <ul>
 *   <li>{@link io.github.unlearn4j.bench.MaskedSgdBenchmark}: the reference backend's masked SGD
 *       step ({@link io.github.unlearn4j.core.backend.reference.MaskedSgd}) against a streaming
 *       baseline, 2<sup>10</sup> to 2<sup>24</sup> parameters;
 *   <li>{@link io.github.unlearn4j.bench.DjlMaskedStepBenchmark}: the DJL backend's masked step
 *       (PyTorch engine, CPU) against a DJL streaming baseline, same sizes;
 *   <li>{@link io.github.unlearn4j.bench.MlpTrainingStepBenchmark}: one DJL MLP training step at
 *       batch 256, with its GFLOP/s;
 *   <li>{@link io.github.unlearn4j.bench.JmhSummary}: Markdown tables from the JSON results;
 *   <li>{@link io.github.unlearn4j.bench.FtEpochMain}: unlearn4j's half of
 *       {@code unlearn-bench/compare-pytorch}, one {@code ft} epoch timed on DJL;
 *   <li>{@link io.github.unlearn4j.bench.CommandLines}: the picocli conventions of the bench's
 *       programs ({@code --help}, exit status 2 for bad input), those of {@code ./unlearn4j}.
 * </ul>
 *
 * <p>Run the JMH benchmarks with {@code unlearn-bench/run-jmh} from the repository root (see its
 * header for options). There is no shaded jar: the scripts run {@code org.openjdk.jmh.Main} from
 * {@code unlearn-bench/target/classes} plus the runtime class path that {@code mvn -pl
 * unlearn-bench package} writes to {@code unlearn-bench/target/classpath.txt}.
 */
package io.github.unlearn4j.bench;
