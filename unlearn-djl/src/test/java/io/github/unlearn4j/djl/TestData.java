package io.github.unlearn4j.djl;

import java.util.SplittableRandom;

/** Seeded toy data shared by the tests. */
public final class TestData {
    private TestData() {}

    /** Features drawn around a class-dependent mean. */
    public record Classification(float[][] x, int[] y, int classes) {}

    /**
     * Gaussian blobs: class c has mean 1.5·e_{c mod F} (+ noise σ = 1).
     *
     * @param n rows
     * @param features features
     * @param classes classes
     * @param seed seed
     * @return the data
     */
    public static Classification blobs(int n, int features, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = (float) (gaussian(r) + (j % classes == y[i] ? 1.5 : 0));
            }
        }
        return new Classification(x, y, classes);
    }

    /**
     * Values from N(0, σ²).
     *
     * @param n how many
     * @param sigma σ
     * @param seed seed
     * @return the values
     */
    public static float[] gaussians(int n, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sigma * gaussian(r));
        }
        return out;
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
