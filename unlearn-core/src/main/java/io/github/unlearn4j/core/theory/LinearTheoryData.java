package io.github.unlearn4j.core.theory;

import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.numeric.Gaussian;
import java.util.SplittableRandom;

/**
 * A synthetic overparameterized regression problem (n &lt; d) for the paper's theory. Retain rows
 * are non-zero on coordinates {@code [0, dRetain)}; forget rows on
 * {@code [dRetain − dOverlap, dRetain − dOverlap + dForget)}, where dOverlap = 0 in the distinct
 * regime. Features are N(0, 1) on a row's support and 0 elsewhere; targets are
 * {@code y = x·w* + noise·ε} with w*, ε ~ N(0, 1). Rows 0..nRetain−1 are retained, the rest forgotten.
 *
 * @param regime distinct or overlapping
 * @param config the sizes
 * @param train the dataset, all rows
 * @param forgetIds the forget rows
 */
public record LinearTheoryData(FeatureRegime regime, Config config, ArrayDataset train, int[] forgetIds) {

    /**
     * Sizes of the problem.
     *
     * @param nRetain retain rows
     * @param nForget forget rows
     * @param dRetain coordinates used by retain rows
     * @param dForget coordinates used by forget rows
     * @param dOverlap coordinates shared in the overlapping regime
     * @param noise target noise standard deviation
     */
    public record Config(int nRetain, int nForget, int dRetain, int dForget, int dOverlap, double noise) {
        /** The sizes used by {@code ./unlearn4j theory} and the tests. */
        public static final Config DEFAULT = new Config(40, 10, 100, 60, 20, 0.1);

        /**
         * Validates.
         *
         * @param nRetain retain rows
         * @param nForget forget rows
         * @param dRetain retain coordinates
         * @param dForget forget coordinates
         * @param dOverlap shared coordinates
         * @param noise noise
         */
        public Config {
            if (nRetain < 1 || nForget < 1 || nRetain >= dRetain || nForget >= dForget) {
                throw new IllegalArgumentException("need 1 <= nRetain < dRetain and 1 <= nForget < dForget: " + this);
            }
            if (dOverlap < 0 || dOverlap >= Math.min(dRetain, dForget) || !(noise >= 0)) {
                throw new IllegalArgumentException("need 0 <= dOverlap < min(dRetain, dForget), noise >= 0: " + this);
            }
        }
    }

    /**
     * Generates a problem.
     *
     * @param regime distinct or overlapping
     * @param config the sizes
     * @param seed the seed
     * @return the data
     */
    public static LinearTheoryData generate(FeatureRegime regime, Config config, long seed) {
        int overlap = regime == FeatureRegime.OVERLAPPING ? config.dOverlap() : 0;
        int forgetStart = config.dRetain() - overlap;
        int d = forgetStart + config.dForget();
        int n = config.nRetain() + config.nForget();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] wStar = new double[d];
        for (int j = 0; j < d; j++) {
            wStar[j] = Gaussian.next(rnd);
        }
        float[][] x = new float[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean forget = i >= config.nRetain();
            int from = forget ? forgetStart : 0;
            int to = forget ? d : config.dRetain();
            double target = 0;
            for (int j = from; j < to; j++) {
                x[i][j] = (float) Gaussian.next(rnd);
                target += x[i][j] * wStar[j];
            }
            y[i] = target + config.noise() * Gaussian.next(rnd);
        }
        int[] forgetIds = new int[config.nForget()];
        for (int i = 0; i < forgetIds.length; i++) {
            forgetIds[i] = config.nRetain() + i;
        }
        String name = "theory-" + regime.name().toLowerCase(java.util.Locale.ROOT);
        return new LinearTheoryData(regime, config, ArrayDataset.regression(name, x, y), forgetIds);
    }


    /** @return the feature dimension d */
    public int dimension() {
        return train.featureCount();
    }

    /** @return the first coordinate used by forget rows */
    public int forgetStart() {
        return config.dRetain() - (regime == FeatureRegime.OVERLAPPING ? config.dOverlap() : 0);
    }

    /** @return the forget ids, a copy */
    @Override
    public int[] forgetIds() {
        return forgetIds.clone();
    }
}
