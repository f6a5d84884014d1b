package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MaskedSgdTest {

    @Test
    void stepFollowsTheFormulaWithMomentumWeightDecayAndL1() {
        float[] w = {1.0f, -2.0f, 0.0f};
        float[] g = {0.5f, 0.25f, -1.0f};
        float[] v = {0.1f, 0.0f, 0.2f};
        MaskedSgd.step(w, g, v, 0.1f, 0.9f, 0.01f, 0.05f);
        // g' = g + wd*w + l1*sign(w); v = 0.9 v + g'; w -= 0.1 v
        float v0 = 0.9f * 0.1f + (0.5f + 0.01f * 1.0f + 0.05f);
        float v1 = 0.9f * 0.0f + (0.25f + 0.01f * -2.0f - 0.05f);
        float v2 = 0.9f * 0.2f + (-1.0f);
        assertThat(v).containsExactly(new float[] {v0, v1, v2}, within(1e-7f));
        assertThat(w).containsExactly(new float[] {1.0f - 0.1f * v0, -2.0f - 0.1f * v1, -0.1f * v2}, within(1e-7f));
    }

    @Test
    void maskedOutParametersStayBitIdenticalAndKeepZeroVelocity() {
        float[] w = {0.3f, -0.7f, 1e-20f, 5f};
        float[] before = w.clone();
        float[] g = {1f, 2f, 3f, 4f};
        float[] v = new float[4];
        float[] mask = {1f, 0f, 0f, 1f};
        for (int i = 0; i < 50; i++) {
            MaskedSgd.maskedStep(w, g, v, mask, 0.01f, 0.9f, 0.1f, 0.2f);
        }
        assertThat(Float.floatToRawIntBits(w[1])).isEqualTo(Float.floatToRawIntBits(before[1]));
        assertThat(Float.floatToRawIntBits(w[2])).isEqualTo(Float.floatToRawIntBits(before[2]));
        assertThat(v[1]).isZero();
        assertThat(v[2]).isZero();
        assertThat(w[0]).isNotEqualTo(before[0]);
        assertThat(w[3]).isNotEqualTo(before[3]);
    }

    @Test
    void fullMaskEqualsUnmaskedStep() {
        float[] w1 = {0.3f, -0.7f, 2f};
        float[] w2 = w1.clone();
        float[] g = {0.1f, -0.2f, 0.3f};
        float[] v1 = new float[3];
        float[] v2 = new float[3];
        for (int i = 0; i < 10; i++) {
            MaskedSgd.step(w1, g, v1, 0.05f, 0.9f, 5e-4f, 0.001f);
            MaskedSgd.maskedStep(w2, g, v2, new float[] {1f, 1f, 1f}, 0.05f, 0.9f, 5e-4f, 0.001f);
        }
        assertThat(w2).containsExactly(w1);
    }

    @Test
    void updaterStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(64, 10);
        m.reinitialize(1);
        try (var updater = m.newUpdater(
                new io.github.unlearn4j.api.model.SgdConfig(0.9, 5e-4),
                io.github.unlearn4j.api.model.ParameterMask.of(halfMask(650)))) {
            for (int i = 0; i < 20_000; i++) {
                updater.step(1e-4, 1e-5);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                updater.step(1e-4, 1e-5);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated by 20,000 steps").isLessThan(1024);
        }
    }

    private static boolean[] halfMask(int n) {
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i += 2) {
            mask[i] = true;
        }
        return mask;
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertThatThrownBy(() -> MaskedSgd.step(new float[3], new float[2], new float[3], 1f, 0f, 0f, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grads 2");
    }

    @Test
    void theBranchFreeSignEqualsMathSignumBitForBit() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-30f,
            -1e-30f, 0.5f, -0.5f, 1f, -1f, 3e38f, -3e38f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        for (float w : special) {
            assertThat(Float.floatToIntBits(MaskedSgd.sign(w))).as("sign(" + w + ")")
                    .isEqualTo(Float.floatToIntBits(Math.signum(w)));
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int k = 0; k < 1_000_000; k++) {
            float w = Float.intBitsToFloat(r.nextInt());
            assertThat(Float.floatToIntBits(MaskedSgd.sign(w))).isEqualTo(Float.floatToIntBits(Math.signum(w)));
        }
    }
}
