package io.github.unlearn4j.core.theory;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.numeric.Cholesky;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;

/**
 * Closed forms of overparameterized least squares (n &lt; d) on a subset of a regression dataset's
 * rows, in double precision. With X the chosen rows (full row rank):
 *
 * <ul>
 *   <li>the minimum-norm interpolator {@code X⁺ y = Xᵀ (X Xᵀ)⁻¹ y};
 *   <li>the projection onto the row space {@code P v = X⁺ X v = Xᵀ (X Xᵀ)⁻¹ X v}.
 * </ul>
 *
 * The n×n Gram matrix is factored once (Cholesky); each solve is then O(n·d).
 */
final class MinNormSolver {
    private final ArrayDataset data;
    private final int[] rows;
    private final int d;
    private final double[][] gram;
    private final double[][] cholesky;

    /**
     * Factors the Gram matrix of the chosen rows.
     *
     * @param data a regression dataset
     * @param rows the rows forming X
     * @throws InvalidRequestException if X is not of full row rank (e.g. n ≥ d, or repeated rows)
     */
    public MinNormSolver(ArrayDataset data, int[] rows) {
        this.data = data;
        this.rows = rows.clone();
        this.d = data.featureCount();
        int n = rows.length;
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (double) data.feature(rows[a], j) * data.feature(rows[b], j);
                }
                gram[a][b] = s;
                gram[b][a] = s;
            }
        }
        this.gram = gram;
        this.cholesky = choleskyLower(gram);
    }

    private static double[][] choleskyLower(double[][] gram) {
        double[][] l = Cholesky.factor(gram, 0, 1e-12 * Cholesky.diagonalScale(gram));
        if (l == null) {
            throw InvalidRequestException.of("rows", gram.length + " rows",
                    "X is not of full row rank; the theory needs n < d and independent rows");
        }
        return l;
    }

    /** Solves (L Lᵀ) z = b. */
    private double[] solveGram(double[] b) {
        return Cholesky.solve(cholesky, b);
    }

    private double[] timesTransposed(double[] z) {
        double[] w = new double[d];
        for (int a = 0; a < rows.length; a++) {
            for (int j = 0; j < d; j++) {
                w[j] += z[a] * data.feature(rows[a], j);
            }
        }
        return w;
    }

    /** @return the minimum-norm interpolator {@code X⁺ y} of the chosen rows */
    public double[] minNormSolution() {
        double[] y = new double[rows.length];
        for (int a = 0; a < rows.length; a++) {
            y[a] = data.target(rows[a]);
        }
        return timesTransposed(solveGram(y));
    }

    /**
     * Projects onto the row space of X.
     *
     * @param v a vector of length d
     * @return {@code P v}
     */
    public double[] project(double[] v) {
        double[] xv = new double[rows.length];
        for (int a = 0; a < rows.length; a++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += data.feature(rows[a], j) * v[j];
            }
            xv[a] = s;
        }
        return timesTransposed(solveGram(xv));
    }

    /**
     * The largest eigenvalue of the squared-loss Hessian {@code (2/n) Xᵀ X}, by power iteration.
     * Gradient descent on the mean squared error is stable for learning rates below 2/λ_max.
     *
     * @return λ_max
     */
    public double hessianMaxEigenvalue() {
        int n = rows.length;
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(n));
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += gram[i][j] * v[j];
                }
                w[i] = s;
            }
            lambda = Vectors.norm(w);
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / lambda;
            }
        }
        return 2.0 * lambda / n;
    }
}
