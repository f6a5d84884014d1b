package io.github.unlearn4j.bench.harness;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation of a few values (the seeds of a row).
 *
 * @param mean the mean, NaN when there are no values
 * @param std the sample standard deviation (n − 1), 0 for a single value
 * @param n the number of values
 */
record Stats(double mean, double std, int n) {
    /**
     * Summarizes values.
     *
     * @param values the values
     * @return their mean and standard deviation
     */
    static Stats of(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Stats(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n);
    }

    /**
     * Formats as {@code mean±std}.
     *
     * @param decimals digits after the point
     * @return the text
     */
    String format(int decimals) {
        if (n == 0 || Double.isNaN(mean)) {
            return "–";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + "±" + f, mean, std);
    }
}
