package io.github.unlearn4j.core.backend.reference;

/**
 * The hot loop of the reference backend: one masked SGD step over flat float arrays, in place,
 * allocating nothing. For every index i,
 *
 * <pre>
 *   g_i ← grad_i + weightDecay·θ_i + l1·sign(θ_i)
 *   v_i ← mask_i · (momentum·v_i + g_i)
 *   θ_i ← θ_i − lr·v_i
 * </pre>
 *
 * where mask_i ∈ {0, 1}. With mask_i = 0 the velocity stays 0 and θ_i is bit-identical to its
 * previous value (θ − lr·0 = θ for every finite θ).
 *
 * <p>When l1 = 0 the sign term is left out of the loop. Otherwise sign(θ) is {@link #sign}, a
 * branch-free form equal to {@code Math.signum} for every float (±1, ±0, NaN) that the JIT can
 * vectorize; {@code Math.signum}'s branches kept the loop scalar (fraction of streaming bandwidth
 * 0.04–0.12 in {@code MaskedSgdBenchmark}).
 */
public final class MaskedSgd {
    /** 2^100: two multiplications by it take the smallest subnormal float, 2^-149, to 2^51. */
    private static final float TWO_POW_100 = 0x1p100f;

    private MaskedSgd() {}

    /**
     * {@code Math.signum(w)} without branches: clamp(w·2^100·2^100, −1, 1). Every nonzero finite w
     * scales past ±1 (or to ±∞), ±0 stays ±0, NaN stays NaN ({@code Math.min}/{@code max} return
     * NaN for a NaN argument), so the result equals {@code Math.signum(w)} bit for bit.
     *
     * @param w a value
     * @return its sign: −1, −0, +0, 1 or NaN
     */
    public static float sign(float w) {
        return Math.min(Math.max(w * TWO_POW_100 * TWO_POW_100, -1f), 1f);
    }

    /**
     * One step over every parameter (no mask).
     *
     * @param params θ, updated in place
     * @param grads the gradient, read only
     * @param velocity v, updated in place
     * @param lr the learning rate
     * @param momentum μ
     * @param weightDecay the ℓ2 coefficient
     * @param l1 the ℓ1 coefficient
     */
    public static void step(
            float[] params, float[] grads, float[] velocity, float lr, float momentum, float weightDecay, float l1) {
        int n = params.length;
        checkLengths(n, grads.length, velocity.length, n);
        if (l1 == 0f) {
            for (int i = 0; i < n; i++) {
                float w = params[i];
                float v = momentum * velocity[i] + (grads[i] + weightDecay * w);
                velocity[i] = v;
                params[i] = w - lr * v;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float w = params[i];
            float g = grads[i] + weightDecay * w + l1 * sign(w);
            float v = momentum * velocity[i] + g;
            velocity[i] = v;
            params[i] = w - lr * v;
        }
    }

    /**
     * One step where {@code mask[i]} (0 or 1) says whether parameter i may move.
     *
     * @param params θ, updated in place
     * @param grads the gradient, read only
     * @param velocity v, updated in place
     * @param mask 0/1 per parameter, read only
     * @param lr the learning rate
     * @param momentum μ
     * @param weightDecay the ℓ2 coefficient
     * @param l1 the ℓ1 coefficient
     */
    public static void maskedStep(
            float[] params,
            float[] grads,
            float[] velocity,
            float[] mask,
            float lr,
            float momentum,
            float weightDecay,
            float l1) {
        int n = params.length;
        checkLengths(n, grads.length, velocity.length, mask.length);
        if (l1 == 0f) {
            for (int i = 0; i < n; i++) {
                float w = params[i];
                float v = mask[i] * (momentum * velocity[i] + (grads[i] + weightDecay * w));
                velocity[i] = v;
                params[i] = w - lr * v;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float w = params[i];
            float g = grads[i] + weightDecay * w + l1 * sign(w);
            float v = mask[i] * (momentum * velocity[i] + g);
            velocity[i] = v;
            params[i] = w - lr * v;
        }
    }

    private static void checkLengths(int params, int grads, int velocity, int mask) {
        if (grads != params || velocity != params || mask != params) {
            throw new IllegalArgumentException("array lengths differ: params " + params + ", grads " + grads
                    + ", velocity " + velocity + ", mask " + mask);
        }
    }
}
