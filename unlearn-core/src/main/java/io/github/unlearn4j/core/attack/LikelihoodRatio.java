package io.github.unlearn4j.core.attack;

import io.github.unlearn4j.core.verify.Outputs;
import java.util.Arrays;

/**
 * The statistics of the per-example likelihood-ratio test, separate from how the shadow
 * observations were obtained.
 *
 * <p>Each target example {@code i} has observations of the logit-scaled confidence
 * {@code φ = log p_y − log Σ_{j≠y} p_j} (that is, {@code log(p/(1−p))} computed without
 * cancellation) under two hypotheses: "trained on, then unlearned" ({@code in}) and "never seen"
 * ({@code out}). Gaussians are fitted per example: means {@code μ_in[i]}, {@code μ_out[i]}, and
 * variances either pooled over the examples (one {@code σ²_in}, one {@code σ²_out}: the within-example
 * variance of every example's observations about its own mean) or per example. A model is scored on
 * example {@code i} by {@code s_i = log N(φ_i; μ_in[i], σ²_in) − log N(φ_i; μ_out[i], σ²_out)}; a
 * higher score says "unlearned" rather than "never seen".
 */
final class LikelihoodRatio {
    /** Floor of a probability and of a variance, so that every score is finite. */
    static final double FLOOR = 1e-30;
    private static final double MIN_VARIANCE = 1e-6;

    private final double[] meanIn;
    private final double[] meanOut;
    private final double[] varIn;
    private final double[] varOut;

    private LikelihoodRatio(double[] meanIn, double[] meanOut, double[] varIn, double[] varOut) {
        this.meanIn = meanIn;
        this.meanOut = meanOut;
        this.varIn = varIn;
        this.varOut = varOut;
    }

    /**
     * The logit-scaled confidence of a row: {@code log p_y − log Σ_{j≠y} p_j}, each floored at
     * {@link #FLOOR}.
     *
     * @param p class probabilities
     * @param label the row's label
     * @return φ
     */
    static double logitConfidence(double[] p, int label) {
        double others = 0;
        for (int c = 0; c < p.length; c++) {
            if (c != label) {
                others += Math.max(0, p[c]);
            }
        }
        return Math.log(Math.max(FLOOR, p[label])) - Math.log(Math.max(FLOOR, others));
    }

    /**
     * Fits the Gaussians.
     *
     * @param in per example, its observations under "unlearned"; at least one each
     * @param out per example, its observations under "never seen"; at least one each
     * @param variance pooled or per example
     * @return the fitted test
     */
    static LikelihoodRatio fit(double[][] in, double[][] out, UliraVariance variance) {
        if (in.length != out.length || in.length == 0) {
            throw new IllegalArgumentException("in and out must hold the same examples, at least one: " + in.length
                    + " and " + out.length);
        }
        int n = in.length;
        double[] mIn = new double[n];
        double[] mOut = new double[n];
        double[] vIn = new double[n];
        double[] vOut = new double[n];
        double pooledIn = pooled(in, mIn, vIn);
        double pooledOut = pooled(out, mOut, vOut);
        if (variance == UliraVariance.POOLED) {
            Arrays.fill(vIn, pooledIn);
            Arrays.fill(vOut, pooledOut);
        } else {
            for (int i = 0; i < n; i++) {
                // an example with one observation, or identical ones, borrows the pooled variance
                vIn[i] = Double.isNaN(vIn[i]) || vIn[i] < MIN_VARIANCE ? pooledIn : vIn[i];
                vOut[i] = Double.isNaN(vOut[i]) || vOut[i] < MIN_VARIANCE ? pooledOut : vOut[i];
            }
        }
        return new LikelihoodRatio(mIn, mOut, vIn, vOut);
    }

    /** Fills means and per-example variances (NaN with one observation); returns the pooled variance. */
    private static double pooled(double[][] obs, double[] mean, double[] var) {
        double ss = 0;
        long dof = 0;
        for (int i = 0; i < obs.length; i++) {
            if (obs[i].length == 0) {
                throw new IllegalArgumentException("example " + i + " has no observation");
            }
            double m = 0;
            for (double v : obs[i]) {
                m += v;
            }
            m /= obs[i].length;
            mean[i] = m;
            double s = 0;
            for (double v : obs[i]) {
                s += (v - m) * (v - m);
            }
            var[i] = obs[i].length > 1 ? s / (obs[i].length - 1) : Double.NaN;
            ss += s;
            dof += obs[i].length - 1;
        }
        return dof > 0 ? Math.max(MIN_VARIANCE, ss / dof) : 1.0;
    }

    /**
     * The score of one example's observed φ.
     *
     * @param example the example's index
     * @param phi the model's logit-scaled confidence on it
     * @return {@code log N(φ; μ_in, σ²_in) − log N(φ; μ_out, σ²_out)}
     */
    double score(int example, double phi) {
        return logNormal(phi, meanIn[example], varIn[example]) - logNormal(phi, meanOut[example], varOut[example]);
    }

    /** @return the mean of "unlearned" minus the mean of "never seen", averaged over the examples */
    double meanShift() {
        double s = 0;
        for (int i = 0; i < meanIn.length; i++) {
            s += meanIn[i] - meanOut[i];
        }
        return s / meanIn.length;
    }

    private static double logNormal(double x, double mean, double var) {
        return -0.5 * Math.log(2 * Math.PI * var) - (x - mean) * (x - mean) / (2 * var);
    }

    /**
     * The attack's figures on two groups of scores: the model under test's (positives) and the
     * retrained reference's (negatives), on the same examples.
     *
     * @param positives scores of the model under test
     * @param negatives scores of the retrained reference
     * @return AUC, its standard error, accuracy at the likelihood-ratio threshold 0, TPR at 1% and
     *     0.1% FPR
     */
    static Roc roc(double[] positives, double[] negatives) {
        double auc = Outputs.auc(positives, negatives);
        int p = positives.length;
        int n = negatives.length;
        long correct = Arrays.stream(positives).filter(s -> s > 0).count()
                + Arrays.stream(negatives).filter(s -> s <= 0).count();
        return new Roc(auc, hanleyMcNeil(auc, p, n), 100.0 * correct / (p + n), 100 * tprAt(positives, negatives, 0.01),
                100 * tprAt(positives, negatives, 0.001));
    }

    /**
     * The true-positive rate at a false-positive rate: the threshold is the lowest that calls at
     * most {@code floor(fpr · n)} negatives positive (strictly above it), so with fewer than
     * {@code 1 / fpr} negatives it is the TPR at zero false positives.
     */
    static double tprAt(double[] positives, double[] negatives, double fpr) {
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        int allowed = (int) Math.floor(fpr * neg.length);
        double threshold = neg[neg.length - 1 - allowed];
        return (double) Arrays.stream(positives).filter(s -> s > threshold).count() / positives.length;
    }

    /** Hanley and McNeil's (1982) standard error of an AUC on p positives and n negatives. */
    static double hanleyMcNeil(double auc, int p, int n) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double v = (auc * (1 - auc) + (p - 1) * (q1 - auc * auc) + (n - 1) * (q2 - auc * auc)) / ((double) p * n);
        return Math.sqrt(Math.max(0, v));
    }

    /**
     * The attack's figures.
     *
     * @param auc area under the ROC curve
     * @param aucStdErr its standard error (Hanley–McNeil)
     * @param accuracyPercent accuracy at the threshold 0 (equal priors), in percent
     * @param tprAt1PctFpr TPR at 1% FPR, in percent
     * @param tprAt01PctFpr TPR at 0.1% FPR, in percent
     */
    record Roc(double auc, double aucStdErr, double accuracyPercent, double tprAt1PctFpr, double tprAt01PctFpr) {}
}
