/**
 * The backend-neutral trainable-model contract: gradients of loss terms (built-in
 * {@link io.github.unlearn4j.api.model.LossTerm}s, or a plugin's
 * {@link io.github.unlearn4j.api.model.LogitLoss}), masked updates by an optimizer
 * ({@link io.github.unlearn4j.api.model.SgdConfig}, {@link io.github.unlearn4j.api.model.AdamWConfig},
 * or a plugin's {@link io.github.unlearn4j.api.model.UpdateRule}), evaluation.
 */
package io.github.unlearn4j.api.model;
