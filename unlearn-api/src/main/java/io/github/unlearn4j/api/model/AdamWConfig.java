package io.github.unlearn4j.api.model;

import io.github.unlearn4j.api.InvalidRequestException;

/**
 * Adam with decoupled weight decay (AdamW; Loshchilov and Hutter 2019, PyTorch's {@code AdamW}).
 * For every trainable parameter i, step t = 1, 2, … of a run with learning rate η and ℓ1 strength
 * λ₁ computes, in float32 and in this order,
 *
 * <pre>
 *   g   ← ∇_i L + λ₁·sign(θ_i)                (the ℓ1 term is part of the gradient; λ₁ = 0 skips it)
 *   m_i ← β1·m_i + (1 − β1)·g
 *   v_i ← β2·v_i + (1 − β2)·g²
 *   m̂   ← m_i / (1 − β1^t)
 *   v̂   ← v_i / (1 − β2^t)
 *   θ_i ← θ_i − η·(m̂ / (√v̂ + ε) + weightDecay·θ_i)
 * </pre>
 *
 * with m and v starting at 0 and the bias corrections {@code 1 − β^t} computed in double and then
 * rounded to float. A parameter outside the mask never moves, and its m and v stay 0.
 *
 * @param beta1 β1 in [0, 1), the decay of the first moment
 * @param beta2 β2 in [0, 1), the decay of the second moment
 * @param epsilon ε &gt; 0, added to √v̂
 * @param weightDecay the decoupled weight-decay coefficient, ≥ 0 (multiplied by η)
 */
public record AdamWConfig(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerSpec {
    /**
     * Validates.
     *
     * @param beta1 β1 in [0, 1)
     * @param beta2 β2 in [0, 1)
     * @param epsilon ε &gt; 0 and finite
     * @param weightDecay ≥ 0 and finite
     */
    public AdamWConfig {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw InvalidRequestException.of("beta1", beta1, "must be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw InvalidRequestException.of("beta2", beta2, "must be in [0, 1)");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw InvalidRequestException.of("epsilon", epsilon, "must be a finite number > 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw InvalidRequestException.of("weightDecay", weightDecay, "must be a finite number >= 0");
        }
    }

    /**
     * PyTorch's defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8, weight decay 0.01.
     *
     * @return the defaults
     */
    public static AdamWConfig defaults() {
        return new AdamWConfig(0.9, 0.999, 1e-8, 0.01);
    }

    /** @return {@code "adamw"} */
    @Override
    public String name() {
        return "adamw";
    }
}
