package io.github.unlearn4j.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of the results table for one model, in percent (DESIGN.md §4): UA = 100 − accuracy
 * on D_f, RA = accuracy on D_r, TA = accuracy on the test set, MIA = MIA-efficacy (confidence
 * feature). In class-wise forgetting TA is measured on the test rows of the remaining classes and
 * the MIA's non-member rows exclude the forgotten class (the reference code's convention); the
 * forgotten class's own test accuracy is {@code forgetClassTa}, reported beside them and not part of
 * the Avg. Gap. Elsewhere TA uses every test row and {@code forgetClassTa} is NaN.
 *
 * @param ua unlearning accuracy
 * @param ra retain accuracy
 * @param ta test accuracy (remaining classes in class-wise forgetting)
 * @param mia MIA-efficacy
 * @param forgetClassTa accuracy on the test rows of the forgotten class, NaN when not class-wise
 */
record Metrics(double ua, double ra, double ta, double mia, double forgetClassTa) {
    /**
     * Metrics without a forgotten class.
     *
     * @param ua unlearning accuracy
     * @param ra retain accuracy
     * @param ta test accuracy
     * @param mia MIA-efficacy
     */
    Metrics(double ua, double ra, double ta, double mia) {
        this(ua, ra, ta, mia, Double.NaN);
    }

    /** The metric names, in table order. */
    static final String[] NAMES = {"UA", "RA", "TA", "MIA"};

    /**
     * The absolute differences to a reference, metric by metric.
     *
     * @param reference the retrained model's metrics
     * @return |this − reference| per metric
     */
    Metrics gapTo(Metrics reference) {
        return new Metrics(Math.abs(ua - reference.ua), Math.abs(ra - reference.ra), Math.abs(ta - reference.ta),
                Math.abs(mia - reference.mia), Math.abs(forgetClassTa - reference.forgetClassTa));
    }

    /** @return the mean of UA, RA, TA and MIA: the Avg. Gap when this holds gaps */
    double mean() {
        return (ua + ra + ta + mia) / 4;
    }

    /**
     * One metric by index.
     *
     * @param i 0..3, in {@link #NAMES} order
     * @return its value
     */
    double get(int i) {
        return switch (i) {
            case 0 -> ua;
            case 1 -> ra;
            case 2 -> ta;
            case 3 -> mia;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** @return name to value, in table order */
    Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], get(i));
        }
        return m;
    }
}
