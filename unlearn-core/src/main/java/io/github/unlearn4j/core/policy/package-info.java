/**
 * Forgetting policies: thresholds on verifier metrics, the PASS / FAIL / INCONCLUSIVE verdict with
 * one line per threshold, the {@code strict} and {@code lenient} presets, and {@link
 * io.github.unlearn4j.core.policy.PolicyCheck}, which measures a model and judges it.
 */
package io.github.unlearn4j.core.policy;
