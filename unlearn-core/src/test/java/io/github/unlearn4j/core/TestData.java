package io.github.unlearn4j.core;

import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import java.util.SplittableRandom;

/** Small seeded datasets for tests. */
public final class TestData {
    private TestData() {}

    /**
     * A regression set y = x·w* + noise.
     *
     * @param n rows
     * @param d features
     * @param seed seed
     * @return the data
     */
    public static ArrayDataset regression(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (r.nextDouble() * 2 - 1);
                y[i] += x[i][j] * (j + 1);
            }
            y[i] += 0.01 * (r.nextDouble() - 0.5);
        }
        return ArrayDataset.regression("reg", x, y);
    }

    /**
     * A classification set of noisy blobs, one centre per class; row i has label i % classes.
     *
     * @param n rows
     * @param d features
     * @param classes classes
     * @param seed seed
     * @return the data
     */
    public static ArrayDataset classification(int n, int d, int classes, long seed) {
        // the centres depend only on the shape, so train and test sets of one shape share them
        SplittableRandom centreRandom = new SplittableRandom(1000L + 31L * d + classes);
        float[][] centres = new float[classes][d];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                centres[c][j] = (float) (centreRandom.nextDouble() * 4 - 2);
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[y[i]][j] + (float) (r.nextDouble() * 2 - 1);
            }
        }
        return ArrayDataset.classification("cls", x, y, classes);
    }
}
