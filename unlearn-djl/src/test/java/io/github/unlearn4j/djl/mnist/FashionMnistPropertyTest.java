package io.github.unlearn4j.djl.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Properties of the IDX reader on arbitrary and mutated bytes: {@link FashionMnist#load} reads a
 * folder whose files are valid, and otherwise fails with an {@link InvalidRequestException} whose
 * message names the broken file; never another exception ({@code OutOfMemoryError},
 * {@code NegativeArraySizeException}, {@code ArithmeticException}, ...), and never allocating much
 * more memory than the files hold, whatever count their headers claim.
 */
class FashionMnistPropertyTest {
    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    /** What one load may allocate on top of the files' content: buffers, arrays of a few images. */
    private static final long ALLOCATION_BUDGET = 16L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Path dir;

    /** How to damage one of the four files of a valid folder. */
    record Damage(int file, boolean gzip, Kind kind, int at, int value, byte[] bytes, int limit) {
        @Override
        public String toString() {
            return kind + " of " + FILES[file] + (gzip ? ".gz" : "") + " at " + at + " value " + value + " bytes "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 24))) + " limit " + limit;
        }
    }

    enum Kind {
        /** The file is replaced by arbitrary bytes. */
        REPLACE,
        /** One int of the IDX header (before gzip) is replaced: magic, count, rows or columns. */
        HEADER,
        /** The same count is written into the images and labels header of a split. */
        BOTH_COUNTS,
        /** One byte of the file as stored (gzipped or not) is flipped. */
        FLIP,
        /** The file as stored is cut short. */
        TRUNCATE,
        /** Bytes are appended to the content before gzip. */
        APPEND
    }

    @BeforeProperty
    void createFolder() throws IOException {
        dir = Files.createTempDirectory("idx-property");
    }

    @AfterProperty
    void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300, seed = "20261130")
    void damagedFilesFailNamingTheFileWithinAMemoryBudget(@ForAll("damages") Damage d) throws IOException {
        assumeThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        Outcome expected = writeFolder(d);
        long stored = 0;
        for (String f : FILES) {
            stored += Files.size(find(f));
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Throwable thrown = catchThrowable(() -> FashionMnist.load(dir, d.limit(), d.limit(), false));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        if (expected.mustFail()) {
            assertThat(thrown).as("a damaged folder fails").isNotNull();
        }
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class);
            assertThat(thrown.getMessage()).as("names the damaged file").contains(expected.names());
        }
        // the files hold a few thousand bytes; a header's claim must not become an allocation
        assertThat(allocated).as("bytes allocated for %s bytes of files", stored)
                .isLessThan(ALLOCATION_BUDGET + 64 * stored);
    }

    @Property(tries = 60, seed = "20261201")
    void validFilesReadBackEveryPixelAndLabel(@ForAll("counts") int trainCount, @ForAll("counts") int testCount,
            @ForAll boolean gzip, @ForAll("limits") int limit) throws IOException {
        byte[] trainImages = images(trainCount, 11);
        byte[] testImages = images(testCount, 17);
        store("train-images-idx3-ubyte", gzip ? gzip(trainImages) : trainImages, gzip);
        store("train-labels-idx1-ubyte", gzip ? labels(trainCount, 3) : gzip(labels(trainCount, 3)), !gzip);
        store("t10k-images-idx3-ubyte", gzip ? gzip(testImages) : testImages, gzip);
        store("t10k-labels-idx1-ubyte", gzip ? gzip(labels(testCount, 7)) : labels(testCount, 7), gzip);
        FashionMnist data = FashionMnist.load(dir, limit, limit, false);
        check(data.train(), trainImages, Math.min(limit, trainCount), 3);
        check(data.test(), testImages, Math.min(limit, testCount), 7);
    }

    private static void check(LabeledImages images, byte[] idx, int n, int labelSeed) {
        assertThat(images.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(images.label(i)).isEqualTo((i * labelSeed + 1) % FashionMnist.CLASSES);
            for (int p = 0; p < FashionMnist.FEATURES; p += 97) {
                assertThat(images.pixel(i, p)).isEqualTo((idx[16 + i * FashionMnist.FEATURES + p] & 0xff) / 255f);
            }
        }
    }

    /**
     * What a load of a damaged folder must do: fail when the damage always breaks the file, and
     * name, in any failure, the damaged file (or, for both counts of a split, the split's files).
     */
    record Outcome(boolean mustFail, String names) {}

    /** Writes a valid folder with one file damaged. */
    private Outcome writeFolder(Damage d) throws IOException {
        byte[][] content = {images(3, 5), labels(3, 1), images(2, 9), labels(2, 3)};
        int f = d.file();
        int split = f - f % 2;
        boolean mustFail = false;
        switch (d.kind()) {
            case HEADER -> {
                int offset = 4 * Math.floorMod(d.at(), f == split ? 4 : 2);
                ByteBuffer header = ByteBuffer.wrap(content[f]);
                mustFail = header.getInt(offset) != d.value();
                header.putInt(offset, d.value());
            }
            case BOTH_COUNTS -> {
                mustFail = ByteBuffer.wrap(content[split]).getInt(4) != d.value();
                ByteBuffer.wrap(content[split]).putInt(4, d.value());
                ByteBuffer.wrap(content[split + 1]).putInt(4, d.value());
            }
            case APPEND -> {
                content[f] = Arrays.copyOf(content[f], content[f].length + 1 + d.bytes().length);
                mustFail = true;
            }
            case TRUNCATE -> mustFail = true;
            default -> { }
        }
        for (int i = 0; i < FILES.length; i++) {
            boolean gz = i == f ? d.gzip() : i % 2 == 0;
            byte[] stored = gz ? gzip(content[i]) : content[i];
            if (i == f) {
                stored = switch (d.kind()) {
                    case REPLACE -> d.bytes();
                    case FLIP -> {
                        byte[] b = stored.clone();
                        b[Math.floorMod(d.at(), b.length)] ^= (byte) (1 << Math.floorMod(d.value(), 8));
                        yield b;
                    }
                    case TRUNCATE -> Arrays.copyOf(stored, Math.floorMod(d.at(), stored.length));
                    default -> stored;
                };
            }
            store(FILES[i], stored, gz);
        }
        String names = d.kind() == Kind.BOTH_COUNTS
                ? FILES[split].substring(0, FILES[split].indexOf('-') + 1)
                : FILES[f] + (d.gzip() ? ".gz" : "");
        return new Outcome(mustFail, names);
    }

    private Path find(String base) {
        Path gz = dir.resolve(base + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(base);
    }

    private void store(String base, byte[] stored, boolean gz) throws IOException {
        Files.deleteIfExists(dir.resolve(base));
        Files.deleteIfExists(dir.resolve(base + ".gz"));
        Files.write(dir.resolve(gz ? base + ".gz" : base), stored);
    }

    static byte[] images(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * FashionMnist.FEATURES);
        b.putInt(FashionMnist.IMAGES_MAGIC).putInt(n).putInt(FashionMnist.SIDE).putInt(FashionMnist.SIDE);
        for (int i = 0; i < n * FashionMnist.FEATURES; i++) {
            b.put((byte) (i * seed + i / 7));
        }
        return b.array();
    }

    static byte[] labels(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(FashionMnist.LABELS_MAGIC).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) ((i * seed + 1) % FashionMnist.CLASSES));
        }
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(1, 6);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.of(1, 2, 5, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<Damage> damages() {
        Arbitrary<Integer> crafted = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(-1, 0, 1, 2, 3, 5, 28, 27, 29, 784, 0x00000801, 0x00000803,
                        Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 1 << 20, 2_000_000, 1 << 30, 60_000)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-10, 100_000)));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 4000),
                crafted,
                bytes,
                Arbitraries.of(1, 2, Integer.MAX_VALUE))
                .as(Damage::new);
    }
}
