package io.github.unlearn4j.core.numeric;

import java.util.SplittableRandom;

/**
 * Standard normal draws by the Box–Muller transform, {@code √(−2 ln(1 − u₁)) · cos(2π u₂)}, two
 * uniform draws per value. Kept instead of {@code nextGaussian()} so that seeded data and
 * initializations stay the same across JDKs.
 */
public final class Gaussian {
    private Gaussian() {}

    /**
     * One N(0, 1) draw.
     *
     * @param random the generator
     * @return the value
     */
    public static double next(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
