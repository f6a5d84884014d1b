package io.github.unlearn4j.core.verify;

/**
 * The per-sample features of the membership-inference attack, computed from a model's class
 * probabilities p and the sample's label y (DESIGN.md §4). Logarithms use
 * {@code log(max(x, 1e-30))}, as Song and Mittal's code does, so that a probability of exactly 0
 * or 1 gives a large finite value instead of infinity.
 */
public enum MiaFeature {
    /** The confidence in the true class, p_y. The reported default. */
    CONFIDENCE,
    /** The prediction entropy −Σ_i p_i log p_i. */
    ENTROPY,
    /**
     * Song and Mittal's modified entropy −(1 − p_y) log p_y − Σ_{i≠y} p_i log(1 − p_i). The public
     * reference code computes log p_i where log(1 − p_i) belongs, and indexes the labels of the
     * whole batch for every row; this is the published formula.
     */
    MODIFIED_ENTROPY,
    /** Whether the predicted class (the first largest probability) is the label: 1 or 0. */
    CORRECTNESS;

    /** The floor of logarithm arguments. */
    public static final double LOG_FLOOR = 1e-30;

    /**
     * The feature of one sample.
     *
     * @param p the class probabilities
     * @param y the label, an index into {@code p}
     * @return the feature value
     */
    public double of(double[] p, int y) {
        switch (this) {
            case CONFIDENCE:
                return p[y];
            case ENTROPY: {
                double h = 0;
                for (double pi : p) {
                    h -= pi * log(pi);
                }
                return h;
            }
            case MODIFIED_ENTROPY: {
                double h = -(1 - p[y]) * log(p[y]);
                for (int i = 0; i < p.length; i++) {
                    if (i != y) {
                        h -= p[i] * log(1 - p[i]);
                    }
                }
                return h;
            }
            case CORRECTNESS: {
                int best = 0;
                for (int i = 1; i < p.length; i++) {
                    if (p[i] > p[best]) {
                        best = i;
                    }
                }
                return best == y ? 1 : 0;
            }
            default:
                throw new AssertionError(this);
        }
    }

    private static double log(double x) {
        return Math.log(Math.max(x, LOG_FLOOR));
    }

    /** @return the name as settings and reports spell it, e.g. {@code modified-entropy} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
