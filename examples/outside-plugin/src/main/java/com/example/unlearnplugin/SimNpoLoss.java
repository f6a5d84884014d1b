package com.example.unlearnplugin;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.LogitLoss;

/**
 * The SimNPO loss of one forget row (Fan et al. 2024, "Simplicity Prevails: Rethinking Negative
 * Preference Optimization for LLM Unlearning"), for a classifier: with logits z, label y and
 * {@code log p_y = z_y − log Σ_c exp(z_c)},
 *
 * <pre>
 *   ℓ(z, y) = (2/β) · softplus(β · log p_y + γ)           softplus(s) = log(1 + eˢ)
 *   ∂ℓ/∂z   = 2 σ(β · log p_y + γ) · (e_y − p)            σ(s) = 1 / (1 + e⁻ˢ)
 * </pre>
 *
 * It is negative preference optimization (Zhang et al. 2024, NPO) without the reference model,
 * with a sequence of length 1. Minimizing it lowers p_y along the gradient-ascent direction
 * {@code e_y − p} of the cross-entropy, scaled by the weight {@code 2σ(β log p_y + γ)} in (0, 2):
 * about 1 while the model is sure of the row (p_y near 1, γ = 0), vanishing as p_y falls (at β =
 * 2.5 the weight is 0.87 at p_y = 0.9 and 0.006 at p_y = 0.1). Plain gradient ascent keeps pushing
 * the loss to −∞ and wrecks the model; this loss stops by itself once the row is no longer
 * predicted with confidence. As β → 0 (γ = 0) it becomes gradient ascent with weight 1. γ ≥ 0 is
 * the reward margin: larger γ keeps the weight up longer.
 *
 * <p>Stateless, no teacher; values computed in double with a stable softplus and log-sum-exp.
 *
 * @param beta β &gt; 0, the inverse temperature
 * @param gamma γ ≥ 0, the margin
 */
public record SimNpoLoss(double beta, double gamma) implements LogitLoss {
    /**
     * Validates.
     *
     * @param beta β, finite and &gt; 0
     * @param gamma γ, finite and ≥ 0
     * @throws InvalidRequestException naming the parameter
     */
    public SimNpoLoss {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw InvalidRequestException.of("simnpo.beta", beta, "must be a finite number > 0");
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw InvalidRequestException.of("simnpo.gamma", gamma, "must be a finite number >= 0");
        }
    }

    /** @return {@code simnpo(beta=…, gamma=…)}, for logs and errors */
    @Override
    public String name() {
        return "simnpo(beta=" + beta + ", gamma=" + gamma + ")";
    }

    @Override
    public double rowLoss(double[] logits, int label, double[] target, double[] gradient) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            gradient[c] = Math.exp(logits[c] - max); // p_c, unnormalized for now
            sum += gradient[c];
        }
        double logPy = logits[label] - max - Math.log(sum);
        double s = beta * logPy + gamma;
        double weight = 2 * sigmoid(s);
        for (int c = 0; c < logits.length; c++) {
            double p = gradient[c] / sum;
            gradient[c] = weight * ((c == label ? 1 : 0) - p);
        }
        return 2 / beta * softplus(s);
    }

    /** log(1 + eˢ) without overflow. */
    static double softplus(double s) {
        return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    }

    /** 1 / (1 + e⁻ˢ) without overflow. */
    static double sigmoid(double s) {
        if (s >= 0) {
            return 1 / (1 + Math.exp(-s));
        }
        double e = Math.exp(s);
        return e / (1 + e);
    }
}
