package io.github.unlearn4j.core.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for verdict lines. */
final class Numbers {
    private Numbers() {}

    /**
     * Four significant digits, plain for ordinary magnitudes, scientific otherwise.
     *
     * @param v a value
     * @return its text
     */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
