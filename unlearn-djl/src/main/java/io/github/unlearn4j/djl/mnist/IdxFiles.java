package io.github.unlearn4j.djl.mnist;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes images as Fashion-MNIST's four gzipped IDX files, which {@link FashionMnist} reads back:
 * for machines without the real data set (for example {@link SyntheticImages} written for a
 * program that only reads IDX files) and for tests. Pixels in [0, 1] are quantized to bytes
 * ({@code round(255 · p)}, clipped to [0, 1] first).
 */
public final class IdxFiles {
    private IdxFiles() {}

    /**
     * Writes {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
     * {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}, creating the folder.
     *
     * @param folder the folder
     * @param train the training images, 28×28 with labels 0..9
     * @param test the test images, 28×28 with labels 0..9
     * @throws InvalidRequestException if the images are not 28×28 with at most 10 classes
     * @throws UnlearnException if a file cannot be written
     */
    public static void write(Path folder, LabeledImages train, LabeledImages test) {
        for (LabeledImages images : new LabeledImages[] {train, test}) {
            if (images.height() != FashionMnist.SIDE || images.width() != FashionMnist.SIDE
                    || images.classCount() > FashionMnist.CLASSES) {
                throw InvalidRequestException.of(images.name(), images.height() + "x" + images.width() + ", "
                        + images.classCount() + " classes", "Fashion-MNIST's IDX files hold 28x28 images of at most"
                        + " 10 classes");
            }
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UnlearnException("cannot create the folder " + folder + ": " + e, e);
        }
        write(folder, "train", train);
        write(folder, "t10k", test);
    }

    private static void write(Path folder, String prefix, LabeledImages images) {
        Path imageFile = folder.resolve(prefix + "-images-idx3-ubyte.gz");
        try (DataOutputStream out = gzip(imageFile)) {
            out.writeInt(FashionMnist.IMAGES_MAGIC);
            out.writeInt(images.size());
            out.writeInt(images.height());
            out.writeInt(images.width());
            float[] pixels = images.pixels();
            byte[] bytes = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                bytes[i] = (byte) Math.round(Math.min(1f, Math.max(0f, pixels[i])) * 255f);
            }
            out.write(bytes);
        } catch (IOException e) {
            throw new UnlearnException("cannot write " + imageFile + ": " + e, e);
        }
        Path labelFile = folder.resolve(prefix + "-labels-idx1-ubyte.gz");
        try (DataOutputStream out = gzip(labelFile)) {
            out.writeInt(FashionMnist.LABELS_MAGIC);
            out.writeInt(images.size());
            for (int label : images.labels()) {
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new UnlearnException("cannot write " + labelFile + ": " + e, e);
        }
    }

    private static DataOutputStream gzip(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try {
            return new DataOutputStream(new GZIPOutputStream(raw, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
