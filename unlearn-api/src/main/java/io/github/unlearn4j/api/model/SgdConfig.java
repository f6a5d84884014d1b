package io.github.unlearn4j.api.model;

import io.github.unlearn4j.api.InvalidRequestException;

/**
 * The fixed part of the masked SGD update. For every trainable parameter i, one step with learning
 * rate η and ℓ1 strength λ is
 *
 * <pre>
 *   g_i ← ∇_i L + weightDecay·θ_i + λ·sign(θ_i)
 *   v_i ← momentum·v_i + g_i
 *   θ_i ← θ_i − η·v_i
 * </pre>
 *
 * (PyTorch's SGD convention, without dampening or Nesterov). Parameters outside the mask do not
 * move, and their momentum stays 0. The built-in default optimizer; see {@link OptimizerSpec}.
 *
 * @param momentum μ in [0, 1)
 * @param weightDecay the ℓ2 coefficient, ≥ 0
 */
public record SgdConfig(double momentum, double weightDecay) implements OptimizerSpec {
    /**
     * Validates.
     *
     * @param momentum μ in [0, 1)
     * @param weightDecay ≥ 0
     */
    public SgdConfig {
        if (!(momentum >= 0 && momentum < 1)) {
            throw InvalidRequestException.of("momentum", momentum, "must be in [0, 1)");
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw InvalidRequestException.of("weightDecay", weightDecay, "must be a finite number >= 0");
        }
    }

    /** @return {@code "sgd"} */
    @Override
    public String name() {
        return "sgd";
    }
}
