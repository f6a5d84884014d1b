package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.LogitLoss;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plugin's {@link LogitLoss} runs on DJL unchanged: it gives the gradient of the equivalent
 * built-in term, the same gradient as the reference backend, and the same with a second teacher.
 */
class LogitLossOnDjlTest {
    private static final int F = 6;
    private static final int C = 3;
    private static final int N = 20;
    private static final int[] ROWS = {0, 2, 3, 5, 7, 8, 11, 13, 14, 17, 18, 19};

    private DjlDataset djlData;
    private ArrayDataset refData;
    private DjlModel djl;
    private SoftmaxRegressionModel ref;

    /** ½ Σ_c (p_c − 1/C)²: gradient p_k (a_k − Σ_c a_c p_c) with a = p − 1/C. */
    private static final class SquaredErrorToUniform implements LogitLoss {
        @Override
        public String name() {
            return "se-uniform";
        }

        @Override
        public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
            double[] p = softmax(z);
            int k = z.length;
            double dot = 0;
            double loss = 0;
            for (int c = 0; c < k; c++) {
                double a = p[c] - 1.0 / k;
                dot += a * p[c];
                loss += 0.5 * a * a;
            }
            for (int c = 0; c < k; c++) {
                gradient[c] = p[c] * ((p[c] - 1.0 / k) - dot);
            }
            return loss;
        }
    }

    /** KL(q ‖ p) to a teacher's distribution q, as in a "bad teacher" term: gradient p − q. */
    private record KlToTarget(TrainableModel teacher) implements LogitLoss {
        @Override
        public String name() {
            return "kl-to-bad-teacher";
        }

        @Override
        public double rowLoss(double[] z, int label, double[] q, double[] gradient) {
            double[] p = softmax(z);
            double kl = 0;
            for (int c = 0; c < z.length; c++) {
                kl += q[c] * (Math.log(q[c]) - Math.log(p[c]));
                gradient[c] = p[c] - q[c];
            }
            return kl;
        }
    }

    /** Inverse cross-entropy −log(1 − p_y), written as a plugin: gradient p_y (e_y − p) / (1 − p_y). */
    private static final class PluginInverseCe implements LogitLoss {
        @Override
        public String name() {
            return "plugin-ice";
        }

        @Override
        public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
            double[] p = softmax(z);
            double rest = 1 - p[label];
            for (int c = 0; c < z.length; c++) {
                gradient[c] = p[label] * ((c == label ? 1 : 0) - p[c]) / rest;
            }
            return -Math.log(rest);
        }
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    @BeforeEach
    void setUp() {
        TestData.Classification raw = TestData.blobs(N, F, C, 11);
        djlData = DjlDataset.classification("toy", raw.x(), raw.y(), C, Device.cpu());
        refData = ArrayDataset.classification("toy", raw.x(), raw.y(), C);
        djl = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1);
        ref = new SoftmaxRegressionModel(F, C);
        float[] params = TestData.gaussians(C * F + C, 0.7, 5);
        djl.setParameters(params);
        ref.setParameters(params);
    }

    @AfterEach
    void tearDown() {
        djl.close();
        djlData.close();
    }

    private static float[] gradient(TrainableModel m, Dataset data, LossTerm term, double weight, double[] value) {
        m.zeroGradients();
        value[0] = m.accumulateGradient(Batch.of(data, ROWS), term, weight);
        return m.gradients();
    }

    @Test
    void aPluginInverseCrossEntropyGivesTheBuiltInGradientOnDjl() {
        double[] builtInValue = new double[1];
        double[] pluginValue = new double[1];
        float[] builtIn = gradient(djl, djlData, LossTerm.INVERSE_CE, -0.5, builtInValue);
        float[] plugin = gradient(djl, djlData, new PluginInverseCe(), -0.5, pluginValue);
        assertThat(plugin).containsExactly(builtIn, within(1e-6f));
        assertThat(pluginValue[0]).isCloseTo(builtInValue[0], within(1e-5));
        assertThat(builtIn[0]).isNotZero();
    }

    @Test
    void aCustomLossGivesTheSameGradientOnDjlAndTheReferenceBackend() {
        double[] djlValue = new double[1];
        double[] refValue = new double[1];
        LogitLoss loss = new SquaredErrorToUniform();
        float[] onDjl = gradient(djl, djlData, loss, 2.0, djlValue);
        float[] onRef = gradient(ref, refData, loss, 2.0, refValue);
        assertThat(onDjl).containsExactly(onRef, within(1e-6f));
        assertThat(djlValue[0]).isCloseTo(refValue[0], within(1e-6));
        float max = 0;
        for (float g : onRef) {
            max = Math.max(max, Math.abs(g));
        }
        assertThat(max).as("a gradient that can fail the check").isGreaterThan(1e-3f);
    }

    @Test
    void aSecondTeachersDistributionIsTheTargetOnBothBackends() {
        float[] badParams = TestData.gaussians(C * F + C, 1.0, 77);
        SoftmaxRegressionModel refTeacher = new SoftmaxRegressionModel(F, C);
        refTeacher.setParameters(badParams);
        try (DjlModel djlTeacher = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 2)) {
            djlTeacher.setParameters(badParams);
            double[] value = new double[1];
            float[] builtIn = gradient(djl, djlData, new LossTerm.KlToTeacher(djlTeacher, 1), 1, value);
            float[] plugin = gradient(djl, djlData, new KlToTarget(djlTeacher), 1, value);
            float[] onRef = gradient(ref, refData, new KlToTarget(refTeacher), 1, value);
            assertThat(plugin).containsExactly(builtIn, within(1e-6f));
            assertThat(plugin).containsExactly(onRef, within(1e-6f));
            assertThat(value[0]).as("KL to the bad teacher").isGreaterThan(0.01);
            assertThatThrownBy(() -> djl.accumulateGradient(Batch.of(djlData, ROWS), new KlToTarget(refTeacher), 1))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("kl-to-bad-teacher.teacher");
        }
    }
}
