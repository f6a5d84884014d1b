package io.github.unlearn4j.core.numeric;

/** Cholesky factorization A = L Lᵀ of a symmetric matrix and the solve that goes with it, in double. */
public final class Cholesky {
    private Cholesky() {}

    /**
     * Factors {@code A + jitter·I}.
     *
     * @param a a symmetric matrix (only the lower triangle is read)
     * @param jitter added to the diagonal, ≥ 0
     * @param minPivot a pivot at or below this value means "not positive definite"
     * @return the lower-triangular L, or null if a pivot is ≤ minPivot
     */
    public static double[][] factor(double[][] a, double jitter, double minPivot) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > minPivot)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /**
     * Solves {@code (L Lᵀ) x = b} by forward and back substitution.
     *
     * @param l a factor from {@link #factor}
     * @param b the right-hand side
     * @return x
     */
    public static double[] solve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /**
     * The largest diagonal entry, the scale for pivot thresholds.
     *
     * @param a a square matrix
     * @return max_i |a_ii|
     */
    public static double diagonalScale(double[][] a) {
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        return scale;
    }
}
