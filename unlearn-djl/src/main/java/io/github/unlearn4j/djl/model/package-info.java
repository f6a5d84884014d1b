/**
 * The DJL {@link io.github.unlearn4j.api.model.TrainableModel}: {@link
 * io.github.unlearn4j.djl.model.DjlModel} wraps any DJL block built by a {@link
 * io.github.unlearn4j.djl.model.DjlArchitecture}; {@link io.github.unlearn4j.djl.model.Architectures}
 * has the standard ones (softmax regression, MLP, a small CNN).
 *
 * <p>Training several models at once in one process is safe: each step holds {@link
 * io.github.unlearn4j.djl.model.DjlModel#autogradLock()} (DJL's gradient collector and random
 * generator are process-wide) and seeds the generator from its model's own stream, so overlapping
 * runs give bit for bit what they give alone; other DJL code must hold that lock too.
 */
package io.github.unlearn4j.djl.model;
