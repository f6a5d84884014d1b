package io.github.unlearn4j.djl.mnist;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.numeric.Gaussian;
import java.util.SplittableRandom;

/**
 * Seeded data of Fashion-MNIST's shape (28×28 pixels in [0, 1], 10 classes) for tests and machines
 * without the real files. Each class has a fixed prototype made of three Gaussian blobs, the same in
 * every generated set, so that a training set and a test set drawn with different seeds come from
 * the same distribution. Each image is its class prototype shifted by up to 2 pixels, scaled in
 * brightness by a factor in [0.7, 1.3], plus Gaussian pixel noise (σ = 0.15), clipped to [0, 1].
 * Labels are uniform over the classes. An MLP learns it to well above chance in one epoch, but not
 * perfectly.
 */
public final class SyntheticImages {
    private static final long PROTOTYPE_SEED = 0x5EED_F00DL;
    private static final int BLOBS = 3;
    private static final float[][] PROTOTYPES = prototypes();

    private SyntheticImages() {}

    /**
     * Generates images.
     *
     * @param name a name for the set, e.g. {@code "synthetic/train"}
     * @param n the number of images, at least 1
     * @param seed the seed; same seed, same images
     * @return the images
     */
    public static LabeledImages generate(String name, int n, long seed) {
        if (n < 1) {
            throw InvalidRequestException.of("n", n, "must be at least 1");
        }
        int side = FashionMnist.SIDE;
        int f = FashionMnist.FEATURES;
        float[] pixels = new float[Math.multiplyExact(n, f)];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(FashionMnist.CLASSES);
            labels[i] = c;
            int dx = random.nextInt(5) - 2;
            int dy = random.nextInt(5) - 2;
            double scale = 0.7 + 0.6 * random.nextDouble();
            float[] proto = PROTOTYPES[c];
            for (int r = 0; r < side; r++) {
                for (int col = 0; col < side; col++) {
                    int sr = r - dy;
                    int sc = col - dx;
                    double base = sr >= 0 && sr < side && sc >= 0 && sc < side ? proto[sr * side + sc] : 0;
                    double v = scale * base + 0.15 * Gaussian.next(random);
                    pixels[i * f + r * side + col] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return new LabeledImages(name, side, side, FashionMnist.CLASSES, pixels, labels, false);
    }

    private static float[][] prototypes() {
        int side = FashionMnist.SIDE;
        float[][] out = new float[FashionMnist.CLASSES][side * side];
        for (int c = 0; c < out.length; c++) {
            SplittableRandom random = new SplittableRandom(PROTOTYPE_SEED + c);
            for (int b = 0; b < BLOBS; b++) {
                double cy = 5 + 18 * random.nextDouble();
                double cx = 5 + 18 * random.nextDouble();
                double sy = 1.5 + 4 * random.nextDouble();
                double sx = 1.5 + 4 * random.nextDouble();
                double amp = 0.5 + 0.5 * random.nextDouble();
                for (int r = 0; r < side; r++) {
                    for (int col = 0; col < side; col++) {
                        double d = (r - cy) * (r - cy) / (2 * sy * sy) + (col - cx) * (col - cx) / (2 * sx * sx);
                        out[c][r * side + col] += (float) (amp * Math.exp(-d));
                    }
                }
            }
            for (int k = 0; k < out[c].length; k++) {
                out[c][k] = Math.min(1f, out[c][k]);
            }
        }
        return out;
    }

}
