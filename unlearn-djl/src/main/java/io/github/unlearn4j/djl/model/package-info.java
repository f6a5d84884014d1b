/**
 * The DJL {@link io.github.unlearn4j.api.model.TrainableModel}: {@link
 * io.github.unlearn4j.djl.model.DjlModel} wraps any DJL block built by a {@link
 * io.github.unlearn4j.djl.model.DjlArchitecture}; {@link io.github.unlearn4j.djl.model.Architectures}
 * has the standard ones (softmax regression, MLP, a small CNN).
 */
package io.github.unlearn4j.djl.model;
