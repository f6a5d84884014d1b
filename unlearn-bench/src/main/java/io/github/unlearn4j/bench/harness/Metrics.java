package io.github.unlearn4j.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four metrics of the results table for one model, in percent (DESIGN.md §4): UA = 100 −
 * accuracy on D_f, RA = accuracy on D_r, TA = accuracy on the test set, MIA = MIA-efficacy
 * (confidence feature).
 *
 * @param ua unlearning accuracy
 * @param ra retain accuracy
 * @param ta test accuracy
 * @param mia MIA-efficacy
 */
record Metrics(double ua, double ra, double ta, double mia) {
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
                Math.abs(mia - reference.mia));
    }

    /** @return the mean of the four values: the Avg. Gap when this holds gaps */
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
