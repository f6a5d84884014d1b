package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.model.LogitLoss;

/**
 * KL to uniform at temperature T, engine-neutral: {@code T² · KL(u ‖ softmax(z/T))
 * = T² (−log C − (1/C) Σ_c log q_c)} with {@code q = softmax(z/T)}; its logit-gradient is
 * {@code T (q_c − 1/C)}. At T = 1 it equals {@link io.github.unlearn4j.api.model.LossTerm#KL_UNIFORM},
 * which the backends compute natively; the runner uses this class only for T ≠ 1.
 */
record TemperedUniformKl(double temperature) implements LogitLoss {
    @Override
    public String name() {
        return "kl-uniform(T=" + temperature + ")";
    }

    @Override
    public double rowLoss(double[] logits, int label, double[] target, double[] gradient) {
        int c = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z / temperature);
        }
        double sum = 0;
        for (double z : logits) {
            sum += Math.exp(z / temperature - max);
        }
        double logSum = max + Math.log(sum);
        double meanLogQ = 0;
        for (int k = 0; k < c; k++) {
            double logQ = logits[k] / temperature - logSum;
            meanLogQ += logQ / c;
            gradient[k] = temperature * (Math.exp(logQ) - 1.0 / c);
        }
        return temperature * temperature * (-Math.log(c) - meanLogQ);
    }
}
