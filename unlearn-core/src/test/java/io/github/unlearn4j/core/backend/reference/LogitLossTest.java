package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LogitLoss;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A plugin's {@link LogitLoss} on the reference backend: same gradient as a built-in, and a finite-difference check. */
class LogitLossTest {
    private static final int F = 4;
    private static final int C = 3;
    private static final int N = 10;

    /** Cross-entropy written as a plugin: −log p_y, gradient p − e_y. */
    static final class PluginCrossEntropy implements LogitLoss {
        @Override
        public String name() {
            return "plugin-ce";
        }

        @Override
        public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
            double[] p = softmax(z);
            for (int c = 0; c < z.length; c++) {
                gradient[c] = p[c] - (c == label ? 1 : 0);
            }
            return -Math.log(p[label]);
        }
    }

    /** ½ Σ_c (p_c − 1/C)²: gradient p_k (a_k − Σ_c a_c p_c) with a = p − 1/C. */
    static final class SquaredErrorToUniform implements LogitLoss {
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
    static final class KlToTarget implements LogitLoss {
        private final TrainableModel teacher;

        KlToTarget(TrainableModel teacher) {
            this.teacher = teacher;
        }

        @Override
        public String name() {
            return "kl-to-bad-teacher";
        }

        @Override
        public TrainableModel teacher() {
            return teacher;
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

    static double[] softmax(double[] z) {
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

    private static ArrayDataset data() {
        SplittableRandom r = new SplittableRandom(17);
        float[][] x = new float[N][F];
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % C;
            for (int j = 0; j < F; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 1.0 : 0));
            }
        }
        return ArrayDataset.classification("toy", x, y, C);
    }

    private static SoftmaxRegressionModel model(long seed) {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(F, C);
        float[] p = new float[C * F + C];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (0.8 * r.nextGaussian());
        }
        m.setParameters(p);
        return m;
    }

    private static final int[] ROWS = {0, 1, 3, 4, 6, 8, 9};

    private static double[] gradient(TrainableModel m, ArrayDataset data, LossTerm term, double weight) {
        m.zeroGradients();
        double value = m.accumulateGradient(Batch.of(data, ROWS), term, weight);
        float[] g = m.gradients();
        double[] out = new double[g.length + 1];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i];
        }
        out[g.length] = value;
        return out;
    }

    @Test
    void aPluginCrossEntropyGivesTheBuiltInTaskGradientAndValue() {
        ArrayDataset data = data();
        SoftmaxRegressionModel m = model(1);
        double[] builtIn = gradient(m, data, LossTerm.TASK, -0.7);
        double[] plugin = gradient(m, data, new PluginCrossEntropy(), -0.7);
        assertThat(plugin).containsExactly(builtIn, within(1e-6));
        assertThat(builtIn[0]).isNotZero();
    }

    @Test
    void aPluginKlToATeachersDistributionGivesTheBuiltInKlToTeacherGradient() {
        ArrayDataset data = data();
        SoftmaxRegressionModel student = model(1);
        SoftmaxRegressionModel badTeacher = model(99);
        double[] builtIn = gradient(student, data, new LossTerm.KlToTeacher(badTeacher, 1), 1);
        double[] plugin = gradient(student, data, new KlToTarget(badTeacher), 1);
        assertThat(plugin).containsExactly(builtIn, within(1e-6));
        assertThat(builtIn[builtIn.length - 1]).as("KL value").isGreaterThan(0.01);
    }

    @Test
    void squaredErrorToUniformMatchesFiniteDifferences() {
        ArrayDataset data = data();
        SoftmaxRegressionModel m = model(2);
        LogitLoss loss = new SquaredErrorToUniform();
        double[] analytic = gradient(m, data, loss, 1);
        float[] theta = m.parameters();
        double maxAbs = 0;
        for (int i = 0; i < theta.length; i++) {
            float[] plus = theta.clone();
            float[] minus = theta.clone();
            plus[i] += 1e-2f;
            minus[i] -= 1e-2f;
            m.setParameters(plus);
            double up = m.accumulateGradient(Batch.of(data, ROWS), loss, 1);
            m.setParameters(minus);
            double down = m.accumulateGradient(Batch.of(data, ROWS), loss, 1);
            double numeric = (up - down) / ((double) plus[i] - minus[i]);
            assertThat(analytic[i]).as("∂L/∂θ[%d]", i).isCloseTo(numeric, within(1e-4));
            maxAbs = Math.max(maxAbs, Math.abs(analytic[i]));
        }
        assertThat(maxAbs).as("a gradient that can fail the check").isGreaterThan(1e-3);
    }

    @Test
    void aNonFiniteRowLossOrATeacherOfAnotherShapeIsRefusedNamingTheTerm() {
        ArrayDataset data = data();
        SoftmaxRegressionModel m = model(1);
        LogitLoss nan = new LogitLoss() {
            @Override
            public String name() {
                return "nan-loss";
            }

            @Override
            public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
                gradient[0] = Double.NaN;
                return 0;
            }
        };
        assertThatThrownBy(() -> m.accumulateGradient(Batch.of(data, ROWS), nan, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nan-loss.gradient[0]");
        SoftmaxRegressionModel other = new SoftmaxRegressionModel(F + 1, C);
        assertThatThrownBy(() -> m.accumulateGradient(Batch.of(data, ROWS), new KlToTarget(other), 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("kl-to-bad-teacher.teacher");
    }
}
