package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.model.UpdateRule;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AdamW and a plugin's {@link UpdateRule} on DJL: the same steps as a hand computation in plain
 * Java, and the same parameters as the reference backend, on {@code Architectures.linear(F, C)}
 * (softmax regression on both backends).
 */
class OptimizerCrossBackendTest {
    private static final int F = 6;
    private static final int C = 3;
    private static final int N = 20;

    private DjlDataset djlData;
    private ArrayDataset refData;
    private DjlModel djl;
    private SoftmaxRegressionModel ref;
    private float[] start;
    private boolean[] flags;
    private int[] rows;

    /** RMSprop without momentum, as a plugin would write it: s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). */
    private static final class RmsProp implements UpdateRule {
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

    @BeforeEach
    void setUp() {
        TestData.Classification raw = TestData.blobs(N, F, C, 11);
        djlData = DjlDataset.classification("toy", raw.x(), raw.y(), C, Device.cpu());
        refData = ArrayDataset.classification("toy", raw.x(), raw.y(), C);
        djl = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1);
        ref = new SoftmaxRegressionModel(F, C);
        start = TestData.gaussians(C * F + C, 0.7, 5);
        djl.setParameters(start);
        ref.setParameters(start);
        flags = new boolean[start.length];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = i % 4 != 2;
        }
        rows = new int[N];
        for (int i = 0; i < N; i++) {
            rows[i] = i;
        }
    }

    @AfterEach
    void tearDown() {
        djl.close();
        djlData.close();
    }

    @Test
    void adamWMatchesAHandComputationAndTheReferenceBackend() {
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-7;
        double wd = 0.03;
        double lr = 0.02;
        int n = start.length;
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = start[i];
        }
        AdamWConfig config = new AdamWConfig(b1, b2, eps, wd);
        ParameterMask mask = ParameterMask.of(flags);
        double maxCross = 0;
        try (ParameterUpdater onDjl = djl.newUpdater(config, mask);
                ParameterUpdater onRef = ref.newUpdater(config, mask)) {
            for (int t = 1; t <= 6; t++) {
                double l1 = t % 3 == 0 ? 0.01 : 0;
                float[] grads = gradient(djl, djlData);
                float[] refGrads = gradient(ref, refData);
                float[] current = djl.parameters();
                for (int i = 0; i < n; i++) {
                    assertThat(refGrads[i]).isCloseTo(grads[i], within(1e-6f));
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
                onDjl.step(lr, l1);
                onRef.step(lr, l1);
                float[] d = djl.parameters();
                float[] r = ref.parameters();
                for (int i = 0; i < n; i++) {
                    if (flags[i]) {
                        assertThat((double) d[i]).as("DJL θ[%d] after step %d", i, t).isCloseTo(theta[i], within(1e-5));
                        assertThat(d[i]).as("DJL vs reference θ[%d] after step %d", i, t).isCloseTo(r[i], within(1e-6f));
                        maxCross = Math.max(maxCross, Math.abs(d[i] - r[i]));
                    } else {
                        assertThat(Float.floatToRawIntBits(d[i])).as("masked θ[%d] on DJL", i)
                                .isEqualTo(Float.floatToRawIntBits(start[i]));
                        assertThat(Float.floatToRawIntBits(r[i])).as("masked θ[%d] on reference", i)
                                .isEqualTo(Float.floatToRawIntBits(start[i]));
                    }
                }
            }
        }
        assertThat(Math.abs(djl.parameters()[0] - start[0])).as("AdamW moved θ[0]").isGreaterThan(1e-2f);
        org.slf4j.LoggerFactory.getLogger(OptimizerCrossBackendTest.class)
                .info("AdamW, 6 steps: max |DJL − reference| = {}", maxCross);
    }

    @Test
    void aPluginRuleGivesTheSameParametersOnBothBackends() {
        OptimizerSpec rule = new RmsProp();
        ParameterMask mask = ParameterMask.of(flags);
        try (ParameterUpdater onDjl = djl.newUpdater(rule, mask);
                ParameterUpdater onRef = ref.newUpdater(rule, mask)) {
            for (int t = 1; t <= 4; t++) {
                gradient(djl, djlData);
                gradient(ref, refData);
                onDjl.step(0.05, 0);
                onRef.step(0.05, 0);
                float[] d = djl.parameters();
                float[] r = ref.parameters();
                for (int i = 0; i < d.length; i++) {
                    assertThat(d[i]).as("θ[%d] after step %d", i, t).isCloseTo(r[i], within(1e-6f));
                    if (!flags[i]) {
                        assertThat(Float.floatToRawIntBits(d[i])).isEqualTo(Float.floatToRawIntBits(start[i]));
                    }
                }
            }
        }
        assertThat(djl.parameters()[0]).isNotEqualTo(start[0]);
    }

    private float[] gradient(TrainableModel model, io.github.unlearn4j.api.data.Dataset data) {
        model.zeroGradients();
        model.accumulateGradient(Batch.of(data, rows), LossTerm.TASK, 1.0);
        return model.gradients();
    }
}
