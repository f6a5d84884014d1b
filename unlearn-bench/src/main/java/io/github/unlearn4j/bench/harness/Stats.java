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

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /**
     * The two-sided 95% quantile of Student's t.
     *
     * @param df degrees of freedom, at least 1
     * @return t such that P(|T| &lt;= t) = 0.95 (1.96 beyond 30 degrees of freedom would understate it
     *     slightly; 2.0 is used there)
     */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1: " + df);
        }
        return df <= T975.length ? T975[df - 1] : 2.0;
    }

    /**
     * A 95% confidence interval for a mean: {@code mean ± t_{0.975, n−1} · sd / √n}.
     *
     * @param mean the mean
     * @param low the lower bound (NaN with fewer than 2 values)
     * @param high the upper bound (NaN with fewer than 2 values)
     * @param n the number of values
     */
    record Interval(double mean, double low, double high, int n) {
        /** @return whether the interval lies entirely above or below zero */
        boolean excludesZero() {
            return n >= 2 && (low > 0 || high < 0);
        }

        /**
         * Formats as {@code mean [low, high]}.
         *
         * @param decimals digits after the point
         * @return the text
         */
        String format(int decimals) {
            if (n == 0 || Double.isNaN(mean)) {
                return "–";
            }
            String f = "%+." + decimals + "f";
            if (n < 2) {
                return String.format(Locale.ROOT, f + " (one seed)", mean);
            }
            return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", mean, low, high);
        }
    }

    /**
     * The 95% interval of the mean of values (Student's t, n − 1 degrees of freedom).
     *
     * @param values the values
     * @return the interval
     */
    static Interval interval(List<Double> values) {
        Stats s = of(values);
        if (s.n < 2) {
            return new Interval(s.mean, Double.NaN, Double.NaN, s.n);
        }
        double half = t975(s.n - 1) * s.std / Math.sqrt(s.n);
        return new Interval(s.mean, s.mean - half, s.mean + half, s.n);
    }

    /**
     * The paired 95% interval of {@code a − b}: the interval of the per-seed differences.
     *
     * @param a one value per seed
     * @param b one value per seed, in the same seed order
     * @return the interval of the mean difference
     */
    static Interval paired(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("paired values need one per seed on both sides: " + a.size() + " vs "
                    + b.size());
        }
        List<Double> d = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            d.add(a.get(i) - b.get(i));
        }
        return interval(d);
    }

    /**
     * Pearson's correlation of paired values.
     *
     * @param x one value per point
     * @param y one value per point, same order
     * @return r in [-1, 1]; NaN with fewer than 3 points or no spread
     */
    static double correlation(List<Double> x, List<Double> y) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("correlation needs pairs: " + x.size() + " vs " + y.size());
        }
        int n = x.size();
        if (n < 3) {
            return Double.NaN;
        }
        double mx = of(x).mean;
        double my = of(y).mean;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i) - mx;
            double dy = y.get(i) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
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
