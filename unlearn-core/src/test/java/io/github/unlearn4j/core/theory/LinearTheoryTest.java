package io.github.unlearn4j.core.theory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.core.theory.LinearTheory.Figures;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The paper's core theorem on the reference backend, with a fixed seed (DESIGN.md §2). */
class LinearTheoryTest {
    private static final long SEED = 7;
    private static LinearTheory distinct;
    private static LinearTheory overlapping;
    private static double[] ftDistinct;
    private static double[] ftOverlapping;

    @BeforeAll
    static void runFineTuning() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        distinct = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED), registry);
        overlapping = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.OVERLAPPING, LinearTheoryData.Config.DEFAULT, SEED), registry);
        ftDistinct = distinct.runMethod("ft", distinct.convergentTrainingSettings(), SEED);
        ftOverlapping = overlapping.runMethod("ft", overlapping.convergentTrainingSettings(), SEED);
    }

    @Test
    void pretrainedInterpolatesAllDataAndGoldenInterpolatesRetain() {
        Figures pre = distinct.figures(distinct.pretrainedWeights());
        Figures gold = distinct.figures(distinct.goldenWeights());
        assertThat(pre.remainingLoss()).isLessThan(1e-6);
        assertThat(pre.forgetLoss()).isLessThan(1e-6);
        assertThat(gold.remainingLoss()).isLessThan(1e-6);
        assertThat(gold.distanceToGolden()).isZero();
    }

    @Test
    void ftReachesZeroRemainingLossButKeepsForgetLossAtPretrainedLevel() {
        Figures pre = distinct.figures(distinct.pretrainedWeights());
        Figures ft = distinct.figures(ftDistinct);
        Figures gold = distinct.figures(distinct.goldenWeights());
        assertThat(ft.remainingLoss()).isLessThan(1e-6);
        assertThat(Math.abs(ft.forgetLoss() - pre.forgetLoss())).isLessThan(1e-6 * gold.forgetLoss());
        assertThat(ft.distanceToGolden()).isGreaterThan(0.3);
    }

    @Test
    void goldenForgetLossIsMuchLargerThanFt() {
        Figures ft = distinct.figures(ftDistinct);
        Figures gold = distinct.figures(distinct.goldenWeights());
        assertThat(gold.forgetLoss()).isGreaterThan(10.0);
        assertThat(gold.forgetLoss()).isGreaterThan(1e4 * Math.max(ft.forgetLoss(), 1e-12));
    }

    @Test
    void goldenForgetLossInDistinctRegimeIsTheMeanSquaredForgetTarget() {
        // w_g is zero on the forget-only coordinates, so it predicts 0 on every forget row.
        LinearTheoryData data = distinct.data();
        double expected = 0;
        for (int id : data.forgetIds()) {
            expected += data.train().target(id) * data.train().target(id);
        }
        expected /= data.forgetIds().length;
        assertThat(distinct.figures(distinct.goldenWeights()).forgetLoss())
                .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void ftMatchesTheClosedFormInBothRegimes() {
        assertThat(distinct.ftClosedFormError(ftDistinct)).isLessThan(1e-4);
        assertThat(overlapping.ftClosedFormError(ftOverlapping)).isLessThan(1e-4);
    }

    @Test
    void ftDoesNotReachGoldenInTheOverlappingRegimeEither() {
        Figures ft = overlapping.figures(ftOverlapping);
        Figures gold = overlapping.figures(overlapping.goldenWeights());
        assertThat(ft.remainingLoss()).isLessThan(1e-6);
        assertThat(ft.forgetLoss()).isLessThan(0.1 * gold.forgetLoss());
        assertThat(ft.distanceToGolden()).isGreaterThan(0.3);
    }

    @Test
    void runReportsTheThreeModels() {
        Map<String, Figures> figures = distinct.run(SEED);
        assertThat(figures).containsOnlyKeys("pretrained", "ft", "rbm-masked", "rbm", "salun-masked", "salun", "golden");
    }
}
