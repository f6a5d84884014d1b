/**
 * The DJL backend of unlearn4j: device choice ({@link io.github.unlearn4j.djl.DjlDevices}), and,
 * in sub-packages, a {@link io.github.unlearn4j.api.model.TrainableModel} over any DJL block
 * ({@code model}), datasets and forget-set helpers ({@code data}), and the Fashion-MNIST reader
 * ({@code mnist}). Runs on DJL's PyTorch engine, on CPU or GPU, offline when the native libtorch
 * jar is on the class path.
 */
package io.github.unlearn4j.djl;
