package com.example.unlearnplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimNpoLossTest {
    /** Central differences of the loss, one logit at a time. */
    private static double[] numericGradient(SimNpoLoss loss, double[] z, int y) {
        double h = 1e-5;
        double[] g = new double[z.length];
        double[] scratch = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            double[] plus = z.clone();
            double[] minus = z.clone();
            plus[c] += h;
            minus[c] -= h;
            g[c] = (loss.rowLoss(plus, y, null, scratch) - loss.rowLoss(minus, y, null, scratch)) / (2 * h);
        }
        return g;
    }

    @Test
    void theGradientIsTheDerivativeOfTheLoss() {
        SplittableRandom random = new SplittableRandom(17);
        for (SimNpoLoss loss : new SimNpoLoss[] {new SimNpoLoss(2.5, 0), new SimNpoLoss(0.5, 1.5), new SimNpoLoss(8, 0)}) {
            for (int trial = 0; trial < 20; trial++) {
                double[] z = new double[5];
                for (int c = 0; c < z.length; c++) {
                    z[c] = 6 * random.nextDouble() - 3;
                }
                int y = random.nextInt(z.length);
                double[] analytic = new double[z.length];
                loss.rowLoss(z, y, null, analytic);
                double[] numeric = numericGradient(loss, z, y);
                for (int c = 0; c < z.length; c++) {
                    assertThat(analytic[c]).as("%s, trial %d, logit %d", loss.name(), trial, c)
                            .isCloseTo(numeric[c], within(1e-6));
                }
            }
        }
    }

    /** Logits of three classes whose softmax gives class 0 the probability {@code py}, the rest shared. */
    private static double[] logitsWith(double py) {
        return new double[] {Math.log(py), Math.log((1 - py) / 2), Math.log((1 - py) / 2)};
    }

    /** The gradient is 2σ(β log p_y + γ) times gradient ascent's e_y − p: that weight, read off class 0. */
    private static double weight(SimNpoLoss loss, double py) {
        double[] g = new double[3];
        loss.rowLoss(logitsWith(py), 0, null, g);
        return g[0] / (1 - py);
    }

    @Test
    void theAscentStopsByItselfAsTheTrueClassLosesProbability() {
        SimNpoLoss loss = new SimNpoLoss(2.5, 0);
        // the figures of SimNpoLoss's javadoc
        assertThat(weight(loss, 0.9)).isCloseTo(0.87, within(0.005));
        assertThat(weight(loss, 0.1)).isCloseTo(0.006, within(0.0005));
        // every component is that weight times e_y − p
        double[] g = new double[3];
        loss.rowLoss(logitsWith(0.6), 0, null, g);
        double w = weight(loss, 0.6);
        assertThat(g).containsExactly(new double[] {w * 0.4, -w * 0.2, -w * 0.2}, within(1e-12));
        // a margin keeps the weight up
        assertThat(weight(new SimNpoLoss(2.5, 2), 0.1)).isGreaterThan(5 * weight(loss, 0.1));
        // the loss falls with p_y, to 0
        double[] scratch = new double[3];
        assertThat(loss.rowLoss(logitsWith(0.9), 0, null, scratch))
                .isGreaterThan(loss.rowLoss(logitsWith(0.5), 0, null, scratch))
                .isGreaterThan(loss.rowLoss(logitsWith(0.01), 0, null, scratch));
        assertThat(loss.rowLoss(logitsWith(1e-12), 0, null, scratch)).isCloseTo(0, within(1e-12));
    }

    @Test
    void aSmallBetaIsGradientAscentOnTheCrossEntropy() {
        double[] z = {1.0, -0.5, 0.25, 2.0};
        double max = 2.0;
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] g = new double[z.length];
        new SimNpoLoss(1e-9, 0).rowLoss(z, 2, null, g);
        for (int c = 0; c < z.length; c++) {
            double p = Math.exp(z[c] - max) / sum;
            assertThat(g[c]).as("logit %d", c).isCloseTo((c == 2 ? 1 : 0) - p, within(1e-7));
        }
    }

    @Test
    void extremeLogitsStayFinite() {
        double[] g = new double[3];
        double value = new SimNpoLoss(2.5, 0).rowLoss(new double[] {-800, 800, 0}, 0, null, g);
        assertThat(value).isFinite().isCloseTo(0, within(1e-12));
        assertThat(g).doesNotContain(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        value = new SimNpoLoss(2.5, 10).rowLoss(new double[] {800, -800, 0}, 0, null, g);
        assertThat(value).isCloseTo(2 / 2.5 * (10 + Math.log1p(Math.exp(-10))), within(1e-9));
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new SimNpoLoss(0, 0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("simnpo.beta = 0.0");
        assertThatThrownBy(() -> new SimNpoLoss(1, Double.NaN)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("simnpo.gamma = NaN");
    }
}
