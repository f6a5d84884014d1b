package io.github.unlearn4j.core.verify;

/**
 * The multi-feature membership score of {@link MiaAttack#MULTI_FEATURE}: a logistic regression on
 * {@code (−log p_y, p_y, entropy, modified entropy)}, each standardized with the shadow data's mean
 * and standard deviation, fitted on shadow members (1) against shadow non-members (0) by gradient
 * descent on the mean log loss plus {@code (λ/2)‖w‖²} (λ = 1e-3, the intercept not penalized; 2,000
 * full-batch steps of 0.5, enough for the convex loss on four standardized features). Written here
 * rather than taken from a library: four features and one model do not justify a dependency, and
 * the fit is deterministic and testable by hand.
 */
final class MultiFeatureScore {
    /** Features per row. */
    static final int FEATURES = 4;
    private static final double LAMBDA = 1e-3;
    private static final int STEPS = 2_000;
    private static final double RATE = 0.5;

    private final double[] mean;
    private final double[] std;
    private final double[] w;
    private final double bias;

    private MultiFeatureScore(double[] mean, double[] std, double[] w, double bias) {
        this.mean = mean;
        this.std = std;
        this.w = w;
        this.bias = bias;
    }

    /**
     * The four features of one row.
     *
     * @param p class probabilities
     * @param y the label
     * @return loss, confidence, entropy, modified entropy
     */
    static double[] features(double[] p, int y) {
        return new double[] {-Math.log(Math.max(MiaFeature.LOG_FLOOR, p[y])), MiaFeature.CONFIDENCE.of(p, y),
            MiaFeature.ENTROPY.of(p, y), MiaFeature.MODIFIED_ENTROPY.of(p, y)};
    }

    /**
     * Fits the score.
     *
     * @param members shadow members' features
     * @param nonMembers shadow non-members' features
     * @return the fitted score
     */
    static MultiFeatureScore fit(double[][] members, double[][] nonMembers) {
        int n = members.length + nonMembers.length;
        double[] mean = new double[FEATURES];
        double[] std = new double[FEATURES];
        for (double[][] set : new double[][][] {members, nonMembers}) {
            for (double[] f : set) {
                for (int k = 0; k < FEATURES; k++) {
                    mean[k] += f[k] / n;
                }
            }
        }
        for (double[][] set : new double[][][] {members, nonMembers}) {
            for (double[] f : set) {
                for (int k = 0; k < FEATURES; k++) {
                    std[k] += (f[k] - mean[k]) * (f[k] - mean[k]) / n;
                }
            }
        }
        for (int k = 0; k < FEATURES; k++) {
            std[k] = std[k] > 1e-24 ? Math.sqrt(std[k]) : 1;
        }
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < members.length; i++) {
            x[i] = standardize(members[i], mean, std);
            y[i] = 1;
        }
        for (int i = 0; i < nonMembers.length; i++) {
            x[members.length + i] = standardize(nonMembers[i], mean, std);
        }
        double[] w = new double[FEATURES];
        double b = 0;
        for (int step = 0; step < STEPS; step++) {
            double[] g = new double[FEATURES];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double r = sigmoid(dot(w, x[i]) + b) - y[i];
                for (int k = 0; k < FEATURES; k++) {
                    g[k] += r * x[i][k] / n;
                }
                gb += r / n;
            }
            for (int k = 0; k < FEATURES; k++) {
                w[k] -= RATE * (g[k] + LAMBDA * w[k]);
            }
            b -= RATE * gb;
        }
        return new MultiFeatureScore(mean, std, w, b);
    }

    /**
     * The membership logit of one row's features.
     *
     * @param f the row's four features
     * @return {@code w · standardized(f) + b}; higher is more member-like
     */
    double score(double[] f) {
        return dot(w, standardize(f, mean, std)) + bias;
    }

    /** @return the fitted weights on the standardized features, for tests */
    double[] weights() {
        return w.clone();
    }

    private static double[] standardize(double[] f, double[] mean, double[] std) {
        double[] z = new double[FEATURES];
        for (int k = 0; k < FEATURES; k++) {
            z[k] = (f[k] - mean[k]) / std[k];
        }
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
