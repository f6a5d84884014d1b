package io.github.unlearn4j.core.backend.reference;

/**
 * The reference backend's AdamW step over flat float arrays, in place, allocating nothing: the
 * formula of {@link io.github.unlearn4j.api.model.AdamWConfig}, in float32 and in the order that
 * the DJL backend's in-place operations use, so that both agree to rounding. For every index i
 * with {@code mask[i] ≠ 0} (every index when {@code mask} is null):
 *
 * <pre>
 *   g   ← grad_i + l1·sign(θ_i)          (only when l1 ≠ 0)
 *   m_i ← β1·m_i + (1 − β1)·g
 *   v_i ← β2·v_i + (g·g)·(1 − β2)
 *   u   ← (m_i / c1) / (√(v_i / c2) + ε) + weightDecay·θ_i
 *   θ_i ← θ_i − lr·u
 * </pre>
 *
 * where c1 = 1 − β1^t and c2 = 1 − β2^t are the caller's bias corrections. Indices with
 * {@code mask[i] = 0} are skipped: θ_i, m_i and v_i stay bit-identical.
 */
final class MaskedAdamW {
    private MaskedAdamW() {}

    /**
     * One step.
     *
     * @param params θ, updated in place
     * @param grads the gradient, read only
     * @param m the first moment, updated in place
     * @param v the second moment, updated in place
     * @param mask 0/1 per parameter, read only; null for every parameter
     * @param lr the learning rate η
     * @param beta1 β1
     * @param beta2 β2
     * @param epsilon ε
     * @param weightDecay the decoupled weight-decay coefficient
     * @param l1 the ℓ1 coefficient λ₁
     * @param c1 the bias correction 1 − β1^t
     * @param c2 the bias correction 1 − β2^t
     */
    public static void step(
            float[] params,
            float[] grads,
            float[] m,
            float[] v,
            float[] mask,
            float lr,
            float beta1,
            float beta2,
            float epsilon,
            float weightDecay,
            float l1,
            float c1,
            float c2) {
        int n = params.length;
        if (grads.length != n || m.length != n || v.length != n || (mask != null && mask.length != n)) {
            throw new IllegalArgumentException("array lengths differ: params " + n + ", grads " + grads.length
                    + ", m " + m.length + ", v " + v.length + ", mask " + (mask == null ? "none" : mask.length));
        }
        float oneMinusBeta1 = (float) (1.0 - beta1);
        float oneMinusBeta2 = (float) (1.0 - beta2);
        for (int i = 0; i < n; i++) {
            if (mask != null && mask[i] == 0f) {
                continue;
            }
            float w = params[i];
            float g = grads[i];
            if (l1 != 0f) {
                g = MaskedSgd.sign(w) * l1 + g;
            }
            float mi = m[i] * beta1 + g * oneMinusBeta1;
            float vi = v[i] * beta2 + (g * g) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi / c2) + epsilon;
            float u = (mi / c1) / denom + w * weightDecay;
            params[i] = w - u * lr;
        }
    }
}
