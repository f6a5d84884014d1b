package io.github.unlearn4j.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The saliency sources on hand-computed examples, and the mask's per-tensor shares. */
class SaliencyTest {
    // 3 rows, 2 features, 2 classes; Σ|x_0| = 4, Σ|x_1| = 2.5
    private static final float[][] X = {{1, -2}, {0, 0.5f}, {-3, 0}};
    private static final int[] Y = {0, 1, 1};
    // W = [[0.5, -1], [2, 0]] row-major, then b = [-0.25, 0.1]
    private static final float[] THETA = {0.5f, -1, 2, 0, -0.25f, 0.1f};

    private final ArrayDataset data = ArrayDataset.classification("tiny", X, Y, 2);

    private SoftmaxRegressionModel model() {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(2, 2);
        m.setParameters(THETA);
        return m;
    }

    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("[%d]", i).isCloseTo(expected[i], within(tolerance));
        }
    }

    @Test
    void activationUsageOfSoftmaxRegressionIsMeanFeatureMagnitudeAndOneForBiases() {
        SoftmaxRegressionModel m = model();
        double[] usage = Saliency.compute(m, DataView.all(data), SaliencySource.ACTIVATION_USAGE, 2);
        // W_c0: 4/3, W_c1: 2.5/3, for both classes c; biases: 1
        assertClose(usage, new double[] {4.0 / 3, 2.5 / 3, 4.0 / 3, 2.5 / 3, 1, 1}, 1e-12);
        // equals feature usage / N
        double[] feature = m.featureUsage(DataView.all(data));
        for (int i = 0; i < feature.length; i++) {
            assertThat(usage[i]).isCloseTo(feature[i] / 3, within(1e-12));
        }
        // on the retain rows {1, 2} of a split forgetting row 0: Σ|x_0| = 3, Σ|x_1| = 0.5 over 2 rows
        DataSplit split = DataSplit.of(data, new int[] {0}, null);
        double[] retain = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.ACTIVATION_USAGE, Ranking.GLOBAL, 0.5,
                0, 8).scores(m, split);
        assertClose(retain, new double[] {1.5, 0.25, 1.5, 0.25, 1, 1}, 1e-12);
    }

    @Test
    void weightedActivationUsageMultipliesByTheWeightMagnitude() {
        double[] usage = Saliency.compute(model(), DataView.all(data), SaliencySource.ACTIVATION_USAGE_WEIGHTED, 2);
        // (4/3)·0.5, (2.5/3)·1, (4/3)·2, (2.5/3)·0, then 1·|b|
        assertClose(usage, new double[] {2.0 / 3, 2.5 / 3, 8.0 / 3, 0, 0.25, 0.1}, 1e-7);
    }

    @Test
    void activationUsageOfLinearRegressionAndOfAnEmptyView() {
        ArrayDataset reg = ArrayDataset.regression("reg", new float[][] {{2, 0, -1}, {-4, 0, 0}}, new double[] {1, 2});
        LinearRegressionModel lin = LinearRegressionModel.withWeights(new float[] {1, 1, 1});
        assertClose(lin.activationUsage(DataView.all(reg)), new double[] {3, 0, 0.5}, 1e-12);
        assertClose(model().activationUsage(new DataView(data, new int[0])), new double[6], 0);
    }

    /** Σ_i (∇θ ℓ_i)² with ∇_W_c ℓ_i = (p_ic − 1[c = y_i]) x_i and ∇_b_c ℓ_i = p_ic − 1[c = y_i]. */
    private static double[] perExampleFisherByHand() {
        double[] out = new double[6];
        for (int i = 0; i < X.length; i++) {
            double z0 = THETA[0] * X[i][0] + THETA[1] * X[i][1] + THETA[4];
            double z1 = THETA[2] * X[i][0] + THETA[3] * X[i][1] + THETA[5];
            double p0 = 1 / (1 + Math.exp(z1 - z0));
            double[] dz = {p0 - (Y[i] == 0 ? 1 : 0), (1 - p0) - (Y[i] == 1 ? 1 : 0)};
            for (int c = 0; c < 2; c++) {
                for (int j = 0; j < 2; j++) {
                    double g = dz[c] * X[i][j];
                    out[c * 2 + j] += g * g;
                }
                out[4 + c] += dz[c] * dz[c];
            }
        }
        return out;
    }

    @Test
    void perExampleFisherSumsSquaredSingleRowGradients() {
        SoftmaxRegressionModel m = model();
        double[] expected = perExampleFisherByHand();
        // the batch size does not matter: one row per gradient
        for (int batch : new int[] {1, 2, 64}) {
            assertClose(Saliency.compute(m, DataView.all(data), SaliencySource.PER_EXAMPLE_FISHER, batch), expected,
                    1e-6);
        }
        // FISHER over one batch of all rows squares the mean gradient instead: different
        double[] batchFisher = Saliency.compute(m, DataView.all(data), SaliencySource.FISHER, 3);
        float[] mean = meanGradient(m);
        for (int i = 0; i < mean.length; i++) {
            assertThat(batchFisher[i]).isCloseTo((double) mean[i] * mean[i], within(1e-6));
        }
        assertThat(batchFisher[4]).isLessThan(expected[4] - 0.1);
        assertThat(m.gradients()).containsOnly(0f);
        assertThat(m.parameters()).containsExactly(THETA);
    }

    @Test
    void perExampleFisherWithARowCapScoresEvenlySpacedRowsScaledToAllRows() {
        ArrayDataset six = ArrayDataset.classification("six",
                new float[][] {{1, -2}, {0, 0.5f}, {-3, 0}, {2, 2}, {0.5f, -1}, {-1, 1}}, new int[] {0, 1, 1, 0, 1, 0}, 2);
        SoftmaxRegressionModel m = model();
        DataView all = DataView.all(six);
        // 6 rows capped at 3: rows ⌊k·6/3⌋ = 0, 2, 4, and the sum times 6/3
        double[] capped = Saliency.compute(m, all, SaliencySource.PER_EXAMPLE_FISHER, 8, 3);
        double[] subset = Saliency.compute(m, new DataView(six, new int[] {0, 2, 4}), SaliencySource.PER_EXAMPLE_FISHER, 8);
        for (int i = 0; i < subset.length; i++) {
            assertThat(capped[i]).isCloseTo(2 * subset[i], within(1e-12));
        }
        // a cap at or above the row count, or 0, scores every row
        double[] every = Saliency.compute(m, all, SaliencySource.PER_EXAMPLE_FISHER, 8);
        assertThat(Saliency.compute(m, all, SaliencySource.PER_EXAMPLE_FISHER, 8, 6)).containsExactly(every);
        assertThat(Saliency.compute(m, all, SaliencySource.PER_EXAMPLE_FISHER, 8, 0)).containsExactly(every);
        // other sources ignore it
        assertThat(Saliency.compute(m, all, SaliencySource.FISHER, 2, 3))
                .containsExactly(Saliency.compute(m, all, SaliencySource.FISHER, 2));
        SaliencyMask mask = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.PER_EXAMPLE_FISHER, Ranking.GLOBAL,
                0.5, 0, 8, 3);
        assertThat(mask.describe()).contains("per-example-fisher saliency on at most 3 rows");
        assertThat(mask.resolve(m, DataSplit.of(six, new int[] {5}, null))).isSameAs(mask);
        assertThatThrownBy(() -> new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.PER_EXAMPLE_FISHER,
                Ranking.GLOBAL, 0.5, 0, 8, -1)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("maxRows = -1");
    }

    private float[] meanGradient(TrainableModel m) {
        m.zeroGradients();
        m.accumulateGradient(Batch.of(data, new int[] {0, 1, 2}), LossTerm.TASK, 1.0);
        float[] g = m.gradients();
        m.zeroGradients();
        return g;
    }

    @Test
    void activationUsageDoesNotVanishWhereTheGradientDoesOnAModelThatInterpolatesTheRetainSet() {
        LinearTheory theory = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.OVERLAPPING, LinearTheoryData.Config.DEFAULT, 3), null);
        LinearRegressionModel pretrained = theory.pretrainedModel(); // w_o = X⁺ y interpolates all of D, so D_r too
        DataView retain = theory.split().retain();
        double[] gradient = Saliency.compute(pretrained, retain, SaliencySource.GRADIENT, 1024);
        double[] usage = Saliency.compute(pretrained, retain, SaliencySource.ACTIVATION_USAGE, 1024);
        double[] weighted = Saliency.compute(pretrained, retain, SaliencySource.ACTIVATION_USAGE_WEIGHTED, 1024);
        double[] feature = pretrained.featureUsage(retain);
        float[] w = pretrained.parameters();
        double maxGradient = 0;
        double maxUsage = 0;
        int used = 0;
        for (int j = 0; j < usage.length; j++) {
            maxGradient = Math.max(maxGradient, gradient[j]);
            maxUsage = Math.max(maxUsage, usage[j]);
            assertThat(usage[j]).isCloseTo(feature[j] / retain.size(), within(1e-12));
            assertThat(weighted[j]).isCloseTo(usage[j] * Math.abs(w[j]), within(1e-12));
            used += usage[j] > 0 ? 1 : 0;
        }
        assertThat(maxGradient).as("retain gradient at an interpolator").isLessThan(1e-4);
        assertThat(maxUsage).isGreaterThan(0.1);
        // D_r uses its own and the overlapping coordinates (dRetain = 100), not the forget-only ones
        assertThat(used).isEqualTo(LinearTheoryData.Config.DEFAULT.dRetain());
    }

    /** A model without capabilities that counts its gradient passes. */
    private static final class Opaque extends TrackingModel {
        final AtomicInteger gradientCalls = new AtomicInteger();

        Opaque(TrainableModel delegate) {
            super(delegate, new AtomicInteger());
        }

        @Override
        public double accumulateGradient(Batch batch, LossTerm term, double weight) {
            gradientCalls.incrementAndGet();
            return super.accumulateGradient(batch, term, weight);
        }
    }

    @Test
    void checkRefusesUsageSourcesOnAModelWithoutTheCapabilityBeforeAnyCompute() {
        Opaque opaque = new Opaque(model());
        for (SaliencySource s : new SaliencySource[] {SaliencySource.ACTIVATION_USAGE,
                SaliencySource.ACTIVATION_USAGE_WEIGHTED}) {
            SaliencyMask mask = new SaliencyMask(SaliencyScore.RETAIN, s, Ranking.GLOBAL, 0.5, 0, 8);
            assertThatThrownBy(() -> mask.check(opaque))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("saliency = " + (s == SaliencySource.ACTIVATION_USAGE
                            ? "activation-usage" : "activation-usage-weighted"))
                    .hasMessageContaining("softmax(2->2)")
                    .hasMessageContaining("cannot compute activation usage");
        }
        assertThatThrownBy(() -> new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.FEATURE_USAGE, Ranking.GLOBAL,
                0.5, 0, 8).check(opaque)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("feature-to-parameter");
        for (SaliencySource s : new SaliencySource[] {SaliencySource.GRADIENT, SaliencySource.FISHER,
                SaliencySource.PER_EXAMPLE_FISHER}) {
            new SaliencyMask(SaliencyScore.RETAIN, s, Ranking.GLOBAL, 0.5, 0, 8).check(opaque);
        }
        new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.ACTIVATION_USAGE, Ranking.GLOBAL, 0.5, 0, 8)
                .check(model());
        assertThat(opaque.gradientCalls).hasValue(0);
    }

    @Test
    void selectedFractionsGiveEachTensorsShare() {
        SoftmaxRegressionModel m = model();
        boolean[] selected = {true, false, true, true, false, true};
        assertThat(SaliencyMask.selectedFractions(m.description(), selected))
                .containsExactly(Map.entry("weight", 0.75), Map.entry("bias", 0.5));
        // per-tensor ranking keeps ⌈fraction·size⌉ of each tensor
        DataSplit split = DataSplit.of(data, new int[] {0}, null);
        boolean[] perTensor = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.ACTIVATION_USAGE,
                Ranking.PER_TENSOR, 0.5, 0, 8).select(m, split);
        assertThat(SaliencyMask.selectedFractions(m.description(), perTensor))
                .containsExactly(Map.entry("weight", 0.5), Map.entry("bias", 0.5));
        // activation usage with threshold 0 keeps every bias and every weight on a used feature
        boolean[] threshold = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.ACTIVATION_USAGE,
                Ranking.THRESHOLD, 1, 0, 8).select(m, split);
        assertThat(threshold).containsExactly(true, true, true, true, true, true);
        assertThatThrownBy(() -> SaliencyMask.selectedFractions(m.description(), new boolean[5]))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("selected.length = 5");
    }

    @Test
    void newSourcesAreNamedInTheDescription() {
        assertThat(new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.PER_EXAMPLE_FISHER, Ranking.GLOBAL, 0.5, 0, 8)
                .describe()).contains("per-example-fisher");
        assertThat(new SaliencyMask(SaliencyScore.FORGET, SaliencySource.ACTIVATION_USAGE_WEIGHTED, Ranking.PER_TENSOR,
                0.5, 0, 8).describe()).contains("activation-usage-weighted").contains("per tensor");
    }
}
