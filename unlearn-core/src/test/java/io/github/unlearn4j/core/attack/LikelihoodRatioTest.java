package io.github.unlearn4j.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.numeric.Gaussian;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The statistics and the design of U-LiRA, on numbers with known answers. */
class LikelihoodRatioTest {

    @Test
    void logitConfidenceIsTheLogOddsOfTheTrueClass() {
        assertThat(LikelihoodRatio.logitConfidence(new double[] {0.8, 0.2}, 0)).isCloseTo(Math.log(4), within(1e-12));
        assertThat(LikelihoodRatio.logitConfidence(new double[] {0.1, 0.6, 0.3}, 1)).isCloseTo(Math.log(1.5),
                within(1e-12));
        // no cancellation when p_y is 1 in floating point: the other classes carry the information
        assertThat(LikelihoodRatio.logitConfidence(new double[] {1.0, 1e-20}, 0)).isCloseTo(Math.log(1e20), within(1e-9));
        assertThat(LikelihoodRatio.logitConfidence(new double[] {0.0, 1.0}, 0)).isFinite();
    }

    @Test
    void separatedGaussiansScoreTheirOwnSamplesRightAndOverlappingOnesAtChance() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 400;
        double[][] in = new double[n][8];
        double[][] out = new double[n][16];
        double[] pos = new double[n];
        double[] neg = new double[n];
        double[] same = new double[n];
        for (int i = 0; i < n; i++) {
            double base = 3 * Gaussian.next(r); // examples differ; the test is per example
            for (int k = 0; k < 8; k++) {
                in[i][k] = base + 1 + 0.5 * Gaussian.next(r);
            }
            for (int k = 0; k < 16; k++) {
                out[i][k] = base + 0.5 * Gaussian.next(r);
            }
            pos[i] = base + 1 + 0.5 * Gaussian.next(r);
            neg[i] = base + 0.5 * Gaussian.next(r);
            same[i] = base + 0.5 * Gaussian.next(r);
        }
        LikelihoodRatio t = LikelihoodRatio.fit(in, out, UliraVariance.POOLED);
        assertThat(t.meanShift()).isCloseTo(1.0, within(0.05));
        double[] sp = new double[n];
        double[] sn = new double[n];
        double[] ss = new double[n];
        for (int i = 0; i < n; i++) {
            sp[i] = t.score(i, pos[i]);
            sn[i] = t.score(i, neg[i]);
            ss[i] = t.score(i, same[i]);
        }
        LikelihoodRatio.Roc separated = LikelihoodRatio.roc(sp, sn);
        // two unit-variance... d' = 1 / 0.5 = 2 per example: AUC = Φ(2 / √2) ≈ 0.92
        assertThat(separated.auc()).isCloseTo(0.92, within(0.03));
        LikelihoodRatio.Roc chance = LikelihoodRatio.roc(ss, sn);
        assertThat(Math.abs(chance.auc() - 0.5)).isLessThanOrEqualTo(2 * chance.aucStdErr());
        LikelihoodRatio perExample = LikelihoodRatio.fit(in, out, UliraVariance.PER_EXAMPLE);
        assertThat(perExample.score(0, pos[0])).isFinite();
    }

    @Test
    void tprAtAFalsePositiveRateCountsPositivesAboveTheAllowedNegatives() {
        double[] neg = IntStream.range(0, 200).mapToDouble(i -> i).toArray(); // 0..199
        double[] pos = {198.5, 197.5, 250, 10};
        // 1% of 200 = 2 negatives may be above: threshold 197, so 198.5, 197.5 and 250 count
        assertThat(LikelihoodRatio.tprAt(pos, neg, 0.01)).isEqualTo(0.75);
        // 0.1% of 200 = 0: threshold 199
        assertThat(LikelihoodRatio.tprAt(pos, neg, 0.001)).isEqualTo(0.25);
        assertThat(LikelihoodRatio.hanleyMcNeil(0.5, 100, 100)).isCloseTo(Math.sqrt((0.25 + 99 * (1 / 3.0 - 0.25)
                + 99 * (0.5 / 1.5 - 0.25)) / 10_000), within(1e-12));
    }

    @Test
    void everyTargetIsInExactlyHalfTheRunsAndEachRunForgetsTheRequestsShare() {
        float[][] x = new float[200][2];
        int[] y = new int[200];
        ArrayDataset train = ArrayDataset.classification("d", x, y, 2);
        int[] forget = IntStream.range(0, 200).filter(i -> i % 10 == 3).toArray(); // 20 rows, 10%
        DataSplit split = DataSplit.of(train, forget, new int[] {0, 1}, null);
        ShadowDesign d = ShadowDesign.draw(split, 8, 0.5, 12, 1);
        assertThat(d.targets()).hasSize(12);
        assertThat(Arrays.stream(d.targets()).allMatch(t -> Arrays.binarySearch(forget, t) >= 0)).isTrue();
        for (int j = 0; j < 12; j++) {
            int jj = j;
            assertThat(IntStream.range(0, 8).filter(k -> d.in()[k][jj]).count()).isEqualTo(4);
        }
        for (int k = 0; k < 8; k++) {
            int[] train0 = d.trainRows()[k];
            assertThat(train0).doesNotContain(0, 1);
            assertThat(Arrays.stream(d.forgetRows()[k]).allMatch(r -> Arrays.binarySearch(train0, r) >= 0)).isTrue();
            int kk = k;
            int mine = (int) IntStream.range(0, 12).filter(j -> d.in()[kk][j]).count();
            // (198 − 12) · 0.5 = 93 pool rows plus this run's targets; it forgets 20/198 of them, targets first
            assertThat(train0).hasSize(93 + mine);
            assertThat(d.forgetRows()[k]).hasSize(Math.max(mine, (int) Math.round(20.0 / 198 * (93 + mine))));
            assertThat(d.removedRows(k, 200)).hasSize(200 - 93 - mine);
        }
        assertThat(ShadowDesign.draw(split, 8, 0.5, 12, 1).trainRows()[3]).isEqualTo(d.trainRows()[3]);
    }
}
