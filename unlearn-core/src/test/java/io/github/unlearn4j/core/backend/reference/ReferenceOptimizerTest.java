package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.UpdateRule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AdamW and a plugin's {@link UpdateRule} on the reference backend, against plain Java arithmetic. */
class ReferenceOptimizerTest {
    private static final int F = 4;
    private static final int C = 3;
    private static final int N = 12;

    /** RMSprop without momentum, as a plugin would write it: s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). */
    static final class RmsProp implements UpdateRule {
        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public int stateSize() {
            return 1;
        }

        @Override
        public void step(float[] params, float[] grads, float[][] state, long t, double learningRate, double l1) {
            float[] s = state[0];
            for (int i = 0; i < params.length; i++) {
                s[i] = 0.9f * s[i] + 0.1f * grads[i] * grads[i];
                params[i] -= (float) (learningRate * grads[i] / (Math.sqrt(s[i]) + 1e-6));
            }
        }
    }

    private static ArrayDataset data() {
        SplittableRandom r = new SplittableRandom(7);
        float[][] x = new float[N][F];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % C;
            for (int j = 0; j < F; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 1.5 : 0));
            }
        }
        return ArrayDataset.classification("toy", x, y, C);
    }

    private static int[] allRows() {
        int[] rows = new int[N];
        for (int i = 0; i < N; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private static boolean[] everyThird(int n) {
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            flags[i] = i % 3 != 1;
        }
        return flags;
    }

    @Test
    void adamWFollowsAHandComputationAndLeavesMaskedWeightsBitIdentical() {
        ArrayDataset data = data();
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(F, C);
        model.reinitialize(3);
        int n = (int) model.description().parameterCount();
        boolean[] flags = everyThird(n);
        float[] start = model.parameters();
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = start[i];
        }
        double b1 = 0.8;
        double b2 = 0.99;
        double eps = 1e-6;
        double wd = 0.05;
        double lr = 0.01;
        try (ParameterUpdater updater = model.newUpdater(new AdamWConfig(b1, b2, eps, wd), ParameterMask.of(flags))) {
            for (int t = 1; t <= 5; t++) {
                double l1 = t == 3 ? 0.02 : 0;
                model.zeroGradients();
                model.accumulateGradient(Batch.of(data, allRows()), LossTerm.TASK, 1.0);
                float[] grads = model.gradients();
                float[] current = model.parameters();
                for (int i = 0; i < n; i++) {
                    if (!flags[i]) {
                        continue;
                    }
                    double g = grads[i] + l1 * Math.signum(current[i]);
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    theta[i] = theta[i] - lr * (mHat / (Math.sqrt(vHat) + eps) + wd * theta[i]);
                }
                updater.step(lr, l1);
                float[] actual = model.parameters();
                for (int i = 0; i < n; i++) {
                    if (flags[i]) {
                        assertThat((double) actual[i]).as("θ[%d] after step %d", i, t).isCloseTo(theta[i], within(1e-5));
                    } else {
                        assertThat(Float.floatToRawIntBits(actual[i])).as("masked θ[%d]", i)
                                .isEqualTo(Float.floatToRawIntBits(start[i]));
                    }
                }
            }
        }
        // the first step moves every trainable weight by about lr (|m̂/√v̂| = 1): the test can fail
        float[] end = model.parameters();
        assertThat(Math.abs(end[0] - start[0])).isGreaterThan(1e-3f);
    }

    @Test
    void adamWStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(64, 10);
        m.reinitialize(1);
        try (var updater = m.newUpdater(AdamWConfig.defaults(), ParameterMask.of(everyThird(650)))) {
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

    @Test
    void aPluginRuleRunsOnTrainableParametersOnly() {
        ArrayDataset data = data();
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(F, C);
        model.reinitialize(5);
        int n = (int) model.description().parameterCount();
        boolean[] flags = everyThird(n);
        float[] expected = model.parameters();
        float[] start = expected.clone();
        float[] s = new float[n];
        try (ParameterUpdater updater = model.newUpdater(new RmsProp(), ParameterMask.of(flags))) {
            for (int t = 1; t <= 4; t++) {
                model.zeroGradients();
                model.accumulateGradient(Batch.of(data, allRows()), LossTerm.TASK, 1.0);
                float[] g = model.gradients();
                for (int i = 0; i < n; i++) {
                    if (flags[i]) {
                        s[i] = 0.9f * s[i] + 0.1f * g[i] * g[i];
                        expected[i] -= (float) (0.05 * g[i] / (Math.sqrt(s[i]) + 1e-6));
                    }
                }
                updater.step(0.05, 0);
                assertThat(model.parameters()).containsExactly(expected);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!flags[i]) {
                assertThat(Float.floatToRawIntBits(expected[i])).isEqualTo(Float.floatToRawIntBits(start[i]));
            } else {
                assertThat(expected[i]).as("θ[%d] moved", i).isNotEqualTo(start[i]);
            }
        }
    }

    @Test
    void aRuleThatProducesNaNIsRefusedAndTheModelIsUnchanged() {
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(F, C);
        model.reinitialize(5);
        float[] before = model.parameters();
        UpdateRule bad = new UpdateRule() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public int stateSize() {
                return 0;
            }

            @Override
            public void step(float[] p, float[] g, float[][] state, long t, double lr, double l1) {
                p[0] = Float.NaN;
            }
        };
        try (ParameterUpdater updater = model.newUpdater(bad, ParameterMask.all(before.length))) {
            assertThatThrownBy(() -> updater.step(0.1, 0))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("bad.parameter[0]");
        }
        assertThat(model.parameters()).containsExactly(before);
    }

    @Test
    void adamWConfigRejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> new AdamWConfig(1.0, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new AdamWConfig(0.9, -0.1, 1e-8, 0)).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new AdamWConfig(0.9, 0.999, 0, 0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new AdamWConfig(0.9, 0.999, 1e-8, Double.NaN)).hasMessageContaining("weightDecay");
    }
}
