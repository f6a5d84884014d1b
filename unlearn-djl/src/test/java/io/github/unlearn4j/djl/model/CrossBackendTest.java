package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Architectures.linear(F, C)} on DJL is softmax regression: with the same parameters it
 * gives the loss and gradient of the reference backend's {@link SoftmaxRegressionModel}, and of the
 * closed-form gradients of each loss term.
 */
class CrossBackendTest {
    private static final int F = 6;
    private static final int C = 3;
    private static final int N = 20;
    private static final int[] ROWS = {0, 2, 3, 5, 7, 8, 11, 13, 14, 17, 18, 19};
    private static final int[] RANDOM_LABELS = {2, 2, 0, 1, 0, 0, 1, 2, 1, 0, 2, 1};

    private TestData.Classification raw;
    private DjlDataset djlData;
    private ArrayDataset refData;
    private DjlModel djl;
    private SoftmaxRegressionModel ref;
    private float[] params;

    @BeforeEach
    void setUp() {
        raw = TestData.blobs(N, F, C, 11);
        djlData = DjlDataset.classification("toy", raw.x(), raw.y(), C, Device.cpu());
        refData = ArrayDataset.classification("toy", raw.x(), raw.y(), C);
        djl = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1);
        ref = new SoftmaxRegressionModel(F, C);
        params = TestData.gaussians(C * F + C, 0.7, 5);
        djl.setParameters(params);
        ref.setParameters(params);
    }

    @AfterEach
    void tearDown() {
        djl.close();
        djlData.close();
    }

    static Stream<LossTerm> terms() {
        return Stream.of(LossTerm.TASK, LossTerm.INVERSE_CE, LossTerm.KL_UNIFORM);
    }

    @Test
    void parameterLayoutIsWeightRowMajorThenBias() {
        assertThat(djl.parameters()).containsExactly(params);
        var groups = djl.description().groups();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).name()).endsWith("weight");
        assertThat(groups.get(0).offset()).isZero();
        assertThat(groups.get(0).size()).isEqualTo((long) C * F);
        assertThat(groups.get(1).name()).endsWith("bias");
        assertThat(groups.get(1).offset()).isEqualTo((long) C * F);
        assertThat(groups.get(1).size()).isEqualTo(C);
    }

    @ParameterizedTest
    @MethodSource("terms")
    void matchesClosedFormGradient(LossTerm term) {
        for (int[] labels : new int[][] {null, RANDOM_LABELS}) {
            djl.zeroGradients();
            double loss = djl.accumulateGradient(new Batch(djlData, ROWS, labels), term, 1.0);
            double[] expected = closedForm(term, labels, null, 0);
            assertThat(loss).isCloseTo(expected[0], within(1e-5));
            assertClose(djl.gradients(), expected, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("terms")
    void matchesReferenceBackend(LossTerm term) {
        ref.zeroGradients();
        double refLoss;
        try {
            refLoss = ref.accumulateGradient(new Batch(refData, ROWS, RANDOM_LABELS), term, 1.0);
        } catch (BackendException e) {
            assumeTrue(false, "the reference backend does not implement " + term.name() + " yet");
            return;
        }
        djl.zeroGradients();
        double loss = djl.accumulateGradient(new Batch(djlData, ROWS, RANDOM_LABELS), term, 1.0);
        assertThat(loss).isCloseTo(refLoss, within(1e-4));
        float[] g = djl.gradients();
        float[] r = ref.gradients();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("gradient[%d]", i).isCloseTo(r[i], within(1e-4f));
        }
    }

    @Test
    void taskLossMatchesReferenceWithWeight() {
        ref.zeroGradients();
        djl.zeroGradients();
        double refLoss = ref.accumulateGradient(Batch.of(refData, ROWS), LossTerm.TASK, -0.5);
        double loss = djl.accumulateGradient(Batch.of(djlData, ROWS), LossTerm.TASK, -0.5);
        assertThat(loss).isCloseTo(refLoss, within(1e-4));
        float[] g = djl.gradients();
        float[] r = ref.gradients();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("gradient[%d]", i).isCloseTo(r[i], within(1e-4f));
        }
    }

    @Test
    void evaluateAndPredictMatchReference() {
        DataView djlView = new DataView(djlData, ROWS);
        DataView refView = new DataView(refData, ROWS);
        var e = djl.evaluate(djlView);
        var r = ref.evaluate(refView);
        assertThat(e.count()).isEqualTo(r.count());
        assertThat(e.meanLoss()).isCloseTo(r.meanLoss(), within(1e-4));
        assertThat(e.accuracy()).isEqualTo(r.accuracy());
        double[][] p = djl.predict(djlView);
        double[][] q = ref.predict(refView);
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < C; c++) {
                assertThat(p[i][c]).isCloseTo(q[i][c], within(1e-5));
            }
        }
    }

    @Test
    void distillationMatchesClosedForm() {
        try (DjlModel teacher = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 2)) {
            float[] teacherParams = TestData.gaussians(C * F + C, 0.7, 6);
            teacher.setParameters(teacherParams);
            double t = 2.0;
            djl.zeroGradients();
            teacher.zeroGradients();
            double loss = djl.accumulateGradient(
                    Batch.of(djlData, ROWS), new LossTerm.KlToTeacher(teacher, t), 1.0);
            double[] expected = closedForm(null, null, teacherParams, t);
            assertThat(loss).isCloseTo(expected[0], within(1e-5));
            assertClose(djl.gradients(), expected, 1e-5);
            assertThat(teacher.gradients()).containsOnly(0f);
            assertThat(teacher.parameters()).containsExactly(teacherParams);
        }
    }

    @Test
    void regressionMatchesReferenceLinearRegression() {
        float[] w = TestData.gaussians(F, 1.0, 8);
        float[] y = new float[N];
        double[] yd = new double[N];
        for (int i = 0; i < N; i++) {
            yd[i] = y[i] = (float) (i % 4) - 1.5f;
        }
        try (DjlDataset data = DjlDataset.regression("reg", raw.x(), y, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.linearRegression(F), Device.cpu(), 3)) {
            LinearRegressionModel reference = LinearRegressionModel.withWeights(w);
            model.setParameters(w);
            double loss = model.accumulateGradient(Batch.of(data, ROWS), LossTerm.TASK, 1.0);
            ArrayDataset refReg = ArrayDataset.regression("reg", raw.x(), yd);
            double refLoss = reference.accumulateGradient(Batch.of(refReg, ROWS), LossTerm.TASK, 1.0);
            assertThat(loss).isCloseTo(refLoss, within(1e-4));
            float[] g = model.gradients();
            float[] r = reference.gradients();
            for (int i = 0; i < F; i++) {
                assertThat(g[i]).isCloseTo(r[i], within(1e-4f));
            }
            assertThat(model.evaluate(DataView.all(data)).meanLoss())
                    .isCloseTo(reference.evaluate(DataView.all(refReg)).meanLoss(), within(1e-4));
        }
    }

    /**
     * Loss and gradient of softmax regression in double precision: [loss, dW (C×F), db (C)].
     * {@code term == null} means distillation from a teacher with the given parameters.
     */
    private double[] closedForm(LossTerm term, int[] labels, float[] teacherParams, double t) {
        double[] out = new double[1 + C * F + C];
        for (int k = 0; k < ROWS.length; k++) {
            float[] x = raw.x()[ROWS[k]];
            int y = labels != null ? labels[k] : raw.y()[ROWS[k]];
            double[] z = logits(params, x);
            double[] dz = new double[C];
            double loss;
            if (term == null) {
                double[] zt = logits(teacherParams, x);
                double[] p = softmax(z, t);
                double[] q = softmax(zt, t);
                loss = 0;
                for (int c = 0; c < C; c++) {
                    loss += q[c] * (Math.log(q[c]) - Math.log(p[c]));
                    dz[c] = t * (p[c] - q[c]);
                }
                loss *= t * t;
            } else {
                double[] p = softmax(z, 1);
                if (term instanceof LossTerm.TaskLoss) {
                    loss = -Math.log(p[y]);
                    for (int c = 0; c < C; c++) {
                        dz[c] = p[c] - (c == y ? 1 : 0);
                    }
                } else if (term instanceof LossTerm.InverseCrossEntropy) {
                    loss = -Math.log(1 - p[y]);
                    for (int c = 0; c < C; c++) {
                        dz[c] = p[y] * ((c == y ? 1 : 0) - p[c]) / (1 - p[y]);
                    }
                } else {
                    loss = -Math.log(C);
                    for (int c = 0; c < C; c++) {
                        loss -= Math.log(p[c]) / C;
                        dz[c] = p[c] - 1.0 / C;
                    }
                }
            }
            out[0] += loss / ROWS.length;
            for (int c = 0; c < C; c++) {
                for (int j = 0; j < F; j++) {
                    out[1 + c * F + j] += dz[c] * x[j] / ROWS.length;
                }
                out[1 + C * F + c] += dz[c] / ROWS.length;
            }
        }
        return out;
    }

    private static double[] logits(float[] p, float[] x) {
        double[] z = new double[C];
        for (int c = 0; c < C; c++) {
            z[c] = p[C * F + c];
            for (int j = 0; j < F; j++) {
                z[c] += (double) p[c * F + j] * x[j];
            }
        }
        return z;
    }

    private static double[] softmax(double[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / t);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] / t - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static void assertClose(float[] actual, double[] expectedWithLoss, double tolerance) {
        assertThat(actual).hasSize(expectedWithLoss.length - 1);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("gradient[%d]", i).isCloseTo(expectedWithLoss[i + 1], within(tolerance));
        }
    }
}
