/**
 * Fashion-MNIST for the DJL backend: a reader of the gzipped IDX files of Debian's
 * {@code dataset-fashion-mnist} package ({@link io.github.unlearn4j.djl.mnist.FashionMnist}), and a
 * seeded generator of data of the same shape for machines without it
 * ({@link io.github.unlearn4j.djl.mnist.SyntheticImages}).
 */
package io.github.unlearn4j.djl.mnist;
