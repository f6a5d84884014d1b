/**
 * An example plugin, written against the api and core's public parts only: {@code ft-gradproj}
 * ({@link io.github.unlearn4j.example.plugin.GradientProjectionUnlearner}), fine-tuning whose retain
 * gradient loses its component along the forget gradient, and {@code confidence-gap}
 * ({@link io.github.unlearn4j.example.plugin.ConfidenceGapVerifier}), how much more confident the
 * model is on the forget set than on unseen rows of the same classes.
 */
package io.github.unlearn4j.example.plugin;
