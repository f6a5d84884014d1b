/**
 * Forgetting policies: thresholds on verifier metrics, the PASS / FAIL / INCONCLUSIVE verdict with
 * one line per threshold, the {@code strict} and {@code lenient} presets, the kind of forget set
 * a threshold applies to ({@link io.github.unlearn4j.core.policy.ForgetKind}: whole classes, rows,
 * mislabeled rows), the negative control that keeps a model that did nothing from passing
 * ({@link io.github.unlearn4j.core.policy.NegativeControl}), and {@link
 * io.github.unlearn4j.core.policy.PolicyCheck}, which measures a model and judges it.
 */
package io.github.unlearn4j.core.policy;
