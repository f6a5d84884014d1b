package io.github.unlearn4j.djl.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void readsARealSubsetWhenInstalled() {
        assumeTrue(FashionMnist.isAvailable(FashionMnist.DEFAULT_FOLDER),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        FashionMnist data = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 500, 200, false);
        LabeledImages train = data.train();
        assertThat(train.size()).isEqualTo(500);
        assertThat(data.test().size()).isEqualTo(200);
        assertThat(train.featureCount()).isEqualTo(784);
        assertThat(train.classCount()).isEqualTo(10);
        // The first training image of Fashion-MNIST is an ankle boot (class 9), the first test image too.
        assertThat(train.label(0)).isEqualTo(9);
        assertThat(data.test().label(0)).isEqualTo(9);
        float[] pixels = train.pixels();
        double mean = 0;
        for (float p : pixels) {
            assertThat(p).isBetween(0f, 1f);
            mean += p;
        }
        assertThat(mean / pixels.length).isCloseTo(FashionMnist.MEAN, within(0.03));
        assertThat(Arrays.stream(train.labels()).distinct().count()).isEqualTo(10);

        LabeledImages standardized = FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 1, 1, true).train();
        assertThat(standardized.pixel(0, 0)).isCloseTo((train.pixel(0, 0) - FashionMnist.MEAN) / FashionMnist.STD,
                within(1e-6f));
    }

    @Test
    void readsWellFormedFilesGzippedOrNot() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, false);
        FashionMnist data = FashionMnist.load(dir);
        assertThat(data.train().size()).isEqualTo(3);
        assertThat(data.test().size()).isEqualTo(2);
        assertThat(data.train().labels()).containsExactly(0, 1, 2);
        assertThat(data.train().pixel(1, 0)).isEqualTo(1 / 255f);
        assertThat(data.train().pixel(2, 783)).isEqualTo(((2 + 783) % 256) / 255f);
        assertThat(FashionMnist.load(dir, 2, 1, false).train().size()).isEqualTo(2);
    }

    @Test
    void missingFolderOrFileSaysWhatToInstall() throws IOException {
        assertThatThrownBy(() -> FashionMnist.load(dir.resolve("nowhere")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nowhere")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        writeSplit("train", 3, 3, true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("missing")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThat(FashionMnist.isAvailable(dir)).isFalse();
    }

    @Test
    void truncatedGzipNamesTheFile() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("truncated or corrupt")
                .hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void notGzipNamesTheFile() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("corrupt");
    }

    @Test
    void wrongMagicNumberNamesFileExpectedAndFound() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        // a labels file where the images file belongs
        Files.copy(dir.resolve("train-labels-idx1-ubyte.gz"), dir.resolve("train-images-idx3-ubyte.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("expected 0x00000803")
                .hasMessageContaining("0x00000801");
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels(5), true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("2 images")
                .hasMessageContaining("5 labels")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aFlippedByteInTheGzipCrcOrLengthTrailerNamesTheFile() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] good = Files.readAllBytes(labels);
        // the last 8 bytes of a gzip member: CRC-32 of the content, then its length mod 2^32
        for (int back : new int[] {8, 5, 4, 1}) {
            byte[] bad = good.clone();
            bad[bad.length - back] ^= 0x01;
            Files.write(labels, bad);
            assertThatThrownBy(() -> FashionMnist.load(dir))
                    .as("byte %d from the end", back)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                    .hasMessageContaining("is corrupt")
                    .hasCauseInstanceOf(ZipException.class);
        }
        // also when a limit keeps only the first image, the file is read to its end and checked
        Files.write(labels, good);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] bad = Files.readAllBytes(images);
        bad[bad.length - 6] ^= 0x40;
        Files.write(images, bad);
        assertThatThrownBy(() -> FashionMnist.load(dir, 1, 1, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasCauseInstanceOf(ZipException.class);
    }

    @Test
    void aGzipCutInItsTrailerIsTruncated() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("truncated or corrupt")
                .hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void aHeaderClaimingMoreImagesThanTheFileHoldsFailsBeforeAllocatingThem() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, false);
        // 2,000,000 images would be 1.5 GB; the files hold 2
        write(dir.resolve("t10k-images-idx3-ubyte"), withCount(images(2), 2_000_000), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), withCount(labels(2), 2_000_000), false);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("claims 2000000 items of 784 bytes, but it holds only 1568 bytes");
        // more than a Java array holds
        write(dir.resolve("t10k-images-idx3-ubyte"), withCount(images(2), Integer.MAX_VALUE), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), withCount(labels(2), Integer.MAX_VALUE), false);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(dir.resolve("t10k-images-idx3-ubyte") + " = count 2147483647: ")
                .hasMessageContaining("more than a Java array holds");
        // a limit reads fewer, but the file must still hold what its header claims
        assertThatThrownBy(() -> FashionMnist.load(dir, 1, 1, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("truncated");
    }

    @Test
    void dataAfterTheClaimedItemsIsCorrupt() throws IOException {
        writeSplit("train", 3, 3, true);
        writeSplit("t10k", 2, 2, true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), Arrays.copyOf(labels(3), 8 + 3 + 1), true);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining("more data after the 3 items its header claims");
    }

    @Test
    void negativeCountOrWrongImageSizeNamesTheFile() throws IOException {
        writeSplit("train", 3, 3, false);
        writeSplit("t10k", 2, 2, false);
        write(dir.resolve("train-labels-idx1-ubyte"), withCount(labels(3), -3), false);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-labels-idx1-ubyte = count -3: negative item count");
        writeSplit("train", 3, 3, false);
        byte[] wide = images(3);
        java.nio.ByteBuffer.wrap(wide).putInt(12, -28);
        write(dir.resolve("train-images-idx3-ubyte"), wide, false);
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("train-images-idx3-ubyte = 28x-28 images: Fashion-MNIST images are 28x28");
    }

    private static byte[] withCount(byte[] idx, int count) {
        byte[] copy = idx.clone();
        java.nio.ByteBuffer.wrap(copy).putInt(4, count);
        return copy;
    }

    @Test
    void rejectsBadLimits() {
        assertThatThrownBy(() -> FashionMnist.load(dir, 0, 1, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("trainLimit = 0");
    }

    private void writeSplit(String prefix, int images, int labels, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), images(images), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), labels(labels), gzip);
    }

    private static byte[] images(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(28);
        out.writeInt(28);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                out.writeByte((i + p) % 256);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte(i % 10);
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }
}
