package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.core.TestData;
import org.junit.jupiter.api.Test;

class ReferenceModelTest {

    /** Compares the analytic gradient with central differences of the batch loss. */
    private static void assertGradientMatchesFiniteDifferences(ReferenceModel model, Batch batch) {
        assertGradientMatchesFiniteDifferences(model, batch, LossTerm.TASK);
    }

    private static void assertGradientMatchesFiniteDifferences(ReferenceModel model, Batch batch, LossTerm term) {
        model.zeroGradients();
        model.accumulateGradient(batch, term, 1.0);
        float[] analytic = model.gradients();
        float[] p = model.parameters();
        double h = 1e-2;
        for (int i = 0; i < p.length; i += Math.max(1, p.length / 17)) {
            float[] plus = p.clone();
            float[] minus = p.clone();
            plus[i] += (float) h;
            minus[i] -= (float) h;
            model.setParameters(plus);
            model.zeroGradients();
            double lp = model.accumulateGradient(batch, term, 1.0);
            model.setParameters(minus);
            model.zeroGradients();
            double lm = model.accumulateGradient(batch, term, 1.0);
            double numeric = (lp - lm) / ((double) plus[i] - minus[i]);
            assertThat((double) analytic[i]).as("gradient[%d]", i).isCloseTo(numeric, within(2e-3 + 2e-3 * Math.abs(numeric)));
        }
        model.setParameters(p);
    }

    @Test
    void linearRegressionGradientMatchesFiniteDifferences() {
        ArrayDataset data = TestData.regression(30, 8, 3);
        LinearRegressionModel m = new LinearRegressionModel(8);
        m.setParameters(new float[] {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.1f, 0.2f, 0.05f});
        assertGradientMatchesFiniteDifferences(m, Batch.of(data, new int[] {0, 3, 5, 7, 11}));
    }

    @Test
    void softmaxGradientMatchesFiniteDifferencesIncludingReplacementLabels() {
        ArrayDataset data = TestData.classification(40, 6, 3, 5);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(6, 3);
        m.reinitialize(11);
        assertGradientMatchesFiniteDifferences(m, Batch.of(data, new int[] {1, 2, 3, 4}));
        assertGradientMatchesFiniteDifferences(m, new Batch(data, new int[] {1, 2, 3}, new int[] {2, 2, 0}));
    }

    @Test
    void softmaxForgetTermsMatchFiniteDifferences() {
        ArrayDataset data = TestData.classification(40, 6, 4, 9);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(6, 4);
        m.reinitialize(12);
        // move away from the near-uniform initialization so the terms are not flat
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] *= 50;
        }
        m.setParameters(p);
        Batch b = Batch.of(data, new int[] {0, 5, 6, 7, 13});
        assertGradientMatchesFiniteDifferences(m, b, LossTerm.INVERSE_CE);
        assertGradientMatchesFiniteDifferences(m, b, LossTerm.KL_UNIFORM);
        SoftmaxRegressionModel teacher = new SoftmaxRegressionModel(6, 4);
        teacher.reinitialize(77);
        float[] t = teacher.parameters();
        for (int i = 0; i < t.length; i++) {
            t[i] *= 80;
        }
        teacher.setParameters(t);
        assertGradientMatchesFiniteDifferences(m, b, new LossTerm.KlToTeacher(teacher, 4.0));
    }

    @Test
    void termValuesMatchTheirFormulas() {
        ArrayDataset data = ArrayDataset.classification("one", new float[][] {{1f, 0f}}, new int[] {0}, 2);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(2, 2);
        m.setParameters(new float[] {2f, 0f, 0f, 0f, 0f, 0f});
        double p0 = 1 / (1 + Math.exp(-2));
        Batch b = Batch.of(data, new int[] {0});
        m.zeroGradients();
        assertThat(m.accumulateGradient(b, LossTerm.TASK, 1)).isCloseTo(-Math.log(p0), within(1e-9));
        assertThat(m.accumulateGradient(b, LossTerm.INVERSE_CE, 1)).isCloseTo(-Math.log(1 - p0), within(1e-9));
        assertThat(m.accumulateGradient(b, LossTerm.KL_UNIFORM, 1))
                .isCloseTo(-Math.log(2) - 0.5 * (Math.log(p0) + Math.log(1 - p0)), within(1e-9));
        // a model distilled from itself has zero KL
        assertThat(m.accumulateGradient(b, new LossTerm.KlToTeacher(m.copy(), 4), 1)).isCloseTo(0, within(1e-12));
    }

    @Test
    void weightScalesTheAccumulatedGradientAndAccumulates() {
        ArrayDataset data = TestData.classification(10, 4, 2, 1);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(4, 2);
        m.reinitialize(3);
        Batch b = Batch.of(data, new int[] {0, 1, 2});
        m.zeroGradients();
        m.accumulateGradient(b, LossTerm.TASK, 1.0);
        float[] once = m.gradients();
        m.accumulateGradient(b, LossTerm.TASK, -3.0);
        float[] sum = m.gradients();
        for (int i = 0; i < once.length; i++) {
            assertThat(sum[i]).isCloseTo(-2 * once[i], within(1e-6f));
        }
    }

    @Test
    void copyIsIndependentAndReinitializeIsSeeded() {
        SoftmaxRegressionModel a = new SoftmaxRegressionModel(5, 3);
        a.reinitialize(1);
        SoftmaxRegressionModel b = a.copy();
        b.reinitialize(2);
        assertThat(a.parameters()).isNotEqualTo(b.parameters());
        SoftmaxRegressionModel c = new SoftmaxRegressionModel(5, 3);
        c.reinitialize(1);
        assertThat(c.parameters()).containsExactly(a.parameters());
    }

    @Test
    void evaluateCountsAccuracyAndLoss() {
        ArrayDataset data = ArrayDataset.classification(
                "two", new float[][] {{1f, 0f}, {0f, 1f}, {1f, 0f}}, new int[] {0, 1, 1}, 2);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(2, 2);
        // W = [[5, 0], [0, 5]], b = 0: predicts class 0 for (1,0) and class 1 for (0,1)
        m.setParameters(new float[] {5f, 0f, 0f, 5f, 0f, 0f});
        var e = m.evaluate(DataView.all(data));
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        double small = Math.log(1 + Math.exp(-5));
        double big = Math.log(1 + Math.exp(5));
        assertThat(e.meanLoss()).isCloseTo((2 * small + big) / 3, within(1e-9));
        assertThat(m.predict(DataView.all(data))[0][0]).isCloseTo(1 / (1 + Math.exp(-5)), within(1e-9));
    }

    @Test
    void rejectsUnsupportedLossTermAndWrongMaskSize() {
        ArrayDataset data = TestData.regression(5, 3, 1);
        LinearRegressionModel m = new LinearRegressionModel(3);
        assertThatThrownBy(() -> m.accumulateGradient(Batch.of(data, new int[] {0}), LossTerm.INVERSE_CE, 1))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("inverse-ce");
        assertThatThrownBy(() -> m.newUpdater(new SgdConfig(0, 0), ParameterMask.all(4)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("mask.size = 4");
        assertThatThrownBy(() -> m.setParameters(new float[2]))
                .hasMessageContaining("parameters.length = 2");
    }
}
