package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The per-sample MIA features against values computed by hand (natural logarithms). */
class MiaFeatureTest {
    private static final double[] P0 = {0.7, 0.2, 0.1};
    private static final double[] P1 = {0.1, 0.6, 0.3};

    @Test
    void modifiedEntropyMatchesThePublishedFormulaByHand() {
        // y = 0: -(1-0.7) ln 0.7 - 0.2 ln(1-0.2) - 0.1 ln(1-0.1)
        //      = 0.3 * 0.3566749 + 0.2 * 0.2231436 + 0.1 * 0.1053605 = 0.1070025 + 0.0446287 + 0.0105361
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(P0, 0)).isCloseTo(0.1621672, within(1e-6));
        // y = 1: -(1-0.6) ln 0.6 - 0.1 ln 0.9 - 0.3 ln 0.7 = 0.2043302 + 0.0105361 + 0.1070025
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(P1, 1)).isCloseTo(0.3218688, within(1e-6));
    }

    @Test
    void modifiedEntropyIsNotWhatThePublicReferenceCodeComputes() {
        // the reference code (SVC_MIA.py m_entropy): log_reverse_prob = log(p) instead of log(1 - p), and
        // [:, labels] indexes every label of the batch in every row. For a batch whose labels cover all
        // classes that is -sum_i (1 - p_i) ln p_i for every row.
        double[][] batch = {P0, P1, {0.2, 0.2, 0.6}};
        int[] labels = {0, 1, 2};
        double[] buggy = referenceCodeModifiedEntropy(batch, labels);
        // row 0 by hand: -(0.3 ln 0.7 + 0.8 ln 0.2 + 0.9 ln 0.1) = 0.1070025 + 1.2875503 + 2.0723266
        assertThat(buggy[0]).isCloseTo(3.4668794, within(1e-6));
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(P0, 0)).isCloseTo(0.1621672, within(1e-6));
        for (int i = 0; i < batch.length; i++) {
            assertThat(MiaFeature.MODIFIED_ENTROPY.of(batch[i], labels[i])).as("row " + i)
                    .isNotCloseTo(buggy[i], within(0.1));
        }
    }

    @Test
    void modifiedEntropyUsesEachRowsOwnLabel() {
        // the same probabilities with another label give another value: labels are per row
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(P0, 1)).isNotCloseTo(MiaFeature.MODIFIED_ENTROPY.of(P0, 0), within(0.1));
        // y = 1 on P0: -(0.8) ln 0.2 - 0.7 ln 0.3 - 0.1 ln 0.9 = 1.2875503 + 0.8427810 + 0.0105361
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(P0, 1)).isCloseTo(2.1408673, within(1e-6));
    }

    @Test
    void modifiedEntropyIsZeroForACertainCorrectPredictionAndFiniteForACertainWrongOne() {
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(new double[] {1, 0, 0}, 0)).isZero();
        // -(1 - 0) ln(max(0, 1e-30)) - 1 * ln(max(1 - 1, 1e-30)) = 2 * 69.0775528
        assertThat(MiaFeature.MODIFIED_ENTROPY.of(new double[] {1, 0, 0}, 1)).isCloseTo(138.1551056, within(1e-6));
    }

    @Test
    void confidenceEntropyAndCorrectness() {
        assertThat(MiaFeature.CONFIDENCE.of(P0, 0)).isEqualTo(0.7);
        assertThat(MiaFeature.CONFIDENCE.of(P0, 2)).isEqualTo(0.1);
        // 0.7 * 0.3566749 + 0.2 * 1.6094379 + 0.1 * 2.3025851
        assertThat(MiaFeature.ENTROPY.of(P0, 0)).isCloseTo(0.8018186, within(1e-6));
        assertThat(MiaFeature.ENTROPY.of(P0, 2)).isEqualTo(MiaFeature.ENTROPY.of(P0, 0));
        assertThat(MiaFeature.CORRECTNESS.of(P0, 0)).isEqualTo(1.0);
        assertThat(MiaFeature.CORRECTNESS.of(P1, 0)).isEqualTo(0.0);
        assertThat(MiaFeature.MODIFIED_ENTROPY.label()).isEqualTo("modified-entropy");
    }

    /** A line-by-line Java transcription of the public reference code's m_entropy, bugs included. */
    private static double[] referenceCodeModifiedEntropy(double[][] prob, int[] labels) {
        int n = prob.length;
        int c = prob[0].length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double[] logProb = new double[c];
            double[] reverseProb = new double[c];
            double[] logReverseProb = new double[c];
            for (int k = 0; k < c; k++) {
                logProb[k] = Math.log(Math.max(prob[i][k], 1e-30));
                reverseProb[k] = 1 - prob[i][k];
                logReverseProb[k] = Math.log(Math.max(prob[i][k], 1e-30)); // the bug: p, not 1 - p
            }
            double[] modifiedProbs = prob[i].clone();
            double[] modifiedLogProbs = logReverseProb.clone();
            for (int label : labels) { // the bug: [:, labels] takes every label of the batch
                modifiedProbs[label] = reverseProb[label];
                modifiedLogProbs[label] = logProb[label];
            }
            double s = 0;
            for (int k = 0; k < c; k++) {
                s += modifiedProbs[k] * modifiedLogProbs[k];
            }
            out[i] = -s;
        }
        return out;
    }
}
