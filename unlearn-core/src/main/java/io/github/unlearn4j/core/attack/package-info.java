/**
 * Attacks that simulate the method under test: {@link io.github.unlearn4j.core.attack.UliraVerifier}
 * ({@code ulira}), the per-example likelihood-ratio test of an unlearned model against retraining
 * (U-LiRA, after Hayes et al. 2024, "Inexact unlearning needs more careful evaluations to avoid a
 * false sense of privacy"). Unlike the verifiers of {@code core.verify}, which only read the model's
 * outputs, these train shadow models (originals, their unlearned versions and retrained ones) with
 * the engine-neutral training loop and the method's own provider, and cache them on disk with
 * {@code core.checkpoint}.
 */
package io.github.unlearn4j.core.attack;
