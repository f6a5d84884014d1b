/**
 * JMH benchmarks of the reference backend's hot loop,
 * {@link io.github.unlearn4j.core.backend.reference.MaskedSgd}.
 *
 * <p>Run them with {@code unlearn-bench/run-jmh} from the repository root, or with
 * {@code java -jar unlearn-bench/target/benchmarks.jar MaskedSgdBenchmark} after
 * {@code mvn -pl unlearn-bench -am package}.
 */
package io.github.unlearn4j.bench;
