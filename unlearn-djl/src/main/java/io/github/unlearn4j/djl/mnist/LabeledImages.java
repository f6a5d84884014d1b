package io.github.unlearn4j.djl.mnist;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.Arrays;
import java.util.Objects;

/**
 * Single-channel images with class labels, on the Java heap: pixels row-major per image, images one
 * after another. Immutable; the accessors that return arrays return copies.
 */
public final class LabeledImages {
    private final String name;
    private final int height;
    private final int width;
    private final int classCount;
    private final float[] pixels;
    private final int[] labels;

    /**
     * Wraps images. The arrays are copied.
     *
     * @param name a short name, e.g. {@code "fashion-mnist/train"}
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classCount the number of classes
     * @param pixels {@code labels.length · height · width} finite values
     * @param labels one label in {@code [0, classCount)} per image
     * @throws InvalidRequestException on a size mismatch, a non-finite pixel or a bad label
     */
    public LabeledImages(String name, int height, int width, int classCount, float[] pixels, int[] labels) {
        this(name, height, width, classCount, pixels.clone(), labels.clone(), true);
    }

    LabeledImages(String name, int height, int width, int classCount, float[] pixels, int[] labels, boolean check) {
        this.name = Objects.requireNonNull(name, "name");
        this.height = height;
        this.width = width;
        this.classCount = classCount;
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (height < 1 || width < 1) {
            throw InvalidRequestException.of(name + ".shape", height + "x" + width, "needs at least 1x1 pixels");
        }
        if (classCount < 2) {
            throw InvalidRequestException.of(name + ".classCount", classCount, "needs at least 2 classes");
        }
        long expected = (long) labels.length * height * width;
        if (pixels.length != expected) {
            throw InvalidRequestException.of(name + ".pixels.length", pixels.length,
                    labels.length + " images of " + height + "x" + width + " need " + expected);
        }
        if (check) {
            int f = height * width;
            for (int i = 0; i < pixels.length; i++) {
                if (!Float.isFinite(pixels[i])) {
                    throw InvalidRequestException.of(
                            name + ".pixels[" + (i / f) + "][" + (i % f) + "]", pixels[i], "pixels must be finite");
                }
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classCount) {
                    throw InvalidRequestException.of(
                            name + ".labels[" + i + "]", labels[i], "labels must be in [0, " + classCount + ")");
                }
            }
        }
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return image height */
    public int height() {
        return height;
    }

    /** @return image width */
    public int width() {
        return width;
    }

    /** @return pixels per image, {@code height · width} */
    public int featureCount() {
        return height * width;
    }

    /** @return the number of classes */
    public int classCount() {
        return classCount;
    }

    /**
     * One pixel.
     *
     * @param image the image index
     * @param pixel the pixel index within the image, row-major
     * @return its value
     */
    public float pixel(int image, int pixel) {
        return pixels[image * featureCount() + pixel];
    }

    /**
     * The label of an image.
     *
     * @param image the image index
     * @return its label
     */
    public int label(int image) {
        return labels[image];
    }

    /** @return a copy of every pixel, image after image */
    public float[] pixels() {
        return pixels.clone();
    }

    /** @return a copy of the labels */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The first images.
     *
     * @param n how many, at most {@link #size()}
     * @return the subset, named {@code name[:n]}
     */
    public LabeledImages head(int n) {
        if (n < 1 || n > size()) {
            throw InvalidRequestException.of("n", n, "must be in [1, " + size() + "] for " + name);
        }
        if (n == size()) {
            return this;
        }
        return new LabeledImages(name + "[:" + n + "]", height, width, classCount,
                Arrays.copyOf(pixels, n * featureCount()), Arrays.copyOf(labels, n), false);
    }

    /**
     * The images as a dataset of the DJL backend, each image flattened to {@link #featureCount()}
     * features.
     *
     * @param device where to hold the features
     * @return the dataset; close it when done
     */
    public DjlDataset toDataset(Device device) {
        return DjlDataset.classification(name, pixels, featureCount(), labels, classCount, device);
    }

    /**
     * The images as a DJL {@link ArrayDataset}: data of shape [n, 1, height, width], float32 labels
     * of shape [n], for training with DJL's own {@code Trainer}.
     *
     * @param manager the manager that owns the arrays
     * @param batchSize DJL's batch size
     * @param shuffle whether DJL's sampler shuffles
     * @return the DJL dataset
     */
    public ArrayDataset toArrayDataset(NDManager manager, int batchSize, boolean shuffle) {
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return new ArrayDataset.Builder()
                .setData(manager.create(pixels, new Shape(size(), 1, height, width)))
                .optLabels(manager.create(y))
                .setSampling(batchSize, shuffle)
                .build();
    }

    @Override
    public String toString() {
        return "LabeledImages[" + name + ", " + size() + " images " + height + "x" + width + ", " + classCount
                + " classes]";
    }
}
