/**
 * Fashion-MNIST for the DJL backend: a reader of the gzipped IDX files of Debian's
 * {@code dataset-fashion-mnist} package ({@link io.github.unlearn4j.djl.mnist.FashionMnist}), a
 * seeded generator of data of the same shape for machines without it
 * ({@link io.github.unlearn4j.djl.mnist.SyntheticImages}), the one choice between the two that the
 * command-line programs make from {@code --data} and {@code --synthetic}
 * ({@link io.github.unlearn4j.djl.mnist.FashionMnistOrSynthetic}), and a writer of the IDX files
 * ({@link io.github.unlearn4j.djl.mnist.IdxFiles}).
 */
package io.github.unlearn4j.djl.mnist;
