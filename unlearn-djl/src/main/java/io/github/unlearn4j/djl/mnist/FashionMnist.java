package io.github.unlearn4j.djl.mnist;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; 60,000 training and 10,000 test images of
 * 28×28 grey pixels, 10 classes) from the four IDX files of Debian's {@code dataset-fashion-mnist}
 * package, gzipped or not: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}. DJL's own
 * {@code FashionMnist} cannot read that folder (it wants DJL's repository metadata), hence this
 * reader.
 *
 * <p>Pixels are scaled from 0..255 to [0, 1], and optionally standardized with the training set's
 * mean and standard deviation ({@link #MEAN}, {@link #STD}). Every problem with the files fails with
 * an {@link InvalidRequestException} that names the file: missing (with the package to install),
 * truncated, not gzip or failing the gzip CRC-32 and length check, a wrong magic number, a header
 * that claims more or fewer items than the file holds, an image and label count that disagree. Each
 * file is read to its end, also when a limit keeps only its first images, so that its integrity is
 * checked every time; memory grows with the bytes actually read, never with what a header claims.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEFAULT_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    /** Image height and width. */
    public static final int SIDE = 28;
    /** Features per image. */
    public static final int FEATURES = SIDE * SIDE;
    /** The number of classes. */
    public static final int CLASSES = 10;
    /** Mean pixel value of the training set, after scaling to [0, 1]. */
    public static final float MEAN = 0.2860f;
    /** Standard deviation of the training set's pixels, after scaling to [0, 1]. */
    public static final float STD = 0.3530f;

    /** IDX magic number of a file of unsigned bytes with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** IDX magic number of a file of unsigned bytes with 1 dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;

    /** The most item bytes one file may hold: the largest array a JVM allocates. */
    private static final long MAX_BODY = Integer.MAX_VALUE - 8;

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);
    private static final String INSTALL_HINT =
            "install the Debian package with `apt-get install dataset-fashion-mnist`, or pass the folder "
                    + "that holds the four IDX files";

    private final LabeledImages train;
    private final LabeledImages test;

    private FashionMnist(LabeledImages train, LabeledImages test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Loads all 70,000 images, scaled to [0, 1].
     *
     * @param folder the folder with the four IDX files, for example {@link #DEFAULT_FOLDER}
     * @return the training and test sets
     * @throws InvalidRequestException if a file is missing, truncated or malformed
     */
    public static FashionMnist load(Path folder) {
        return load(folder, Integer.MAX_VALUE, Integer.MAX_VALUE, false);
    }

    /**
     * Loads the first images of each split.
     *
     * @param folder the folder with the four IDX files
     * @param trainLimit at most this many training images (the first ones), at least 1
     * @param testLimit at most this many test images, at least 1
     * @param standardize whether to map each pixel p in [0, 1] to {@code (p − MEAN) / STD}
     * @return the training and test sets
     * @throws InvalidRequestException on a bad limit, or if a file is missing, truncated or malformed
     */
    public static FashionMnist load(Path folder, int trainLimit, int testLimit, boolean standardize) {
        Objects.requireNonNull(folder, "folder");
        if (trainLimit < 1) {
            throw InvalidRequestException.of("trainLimit", trainLimit, "must be at least 1");
        }
        if (testLimit < 1) {
            throw InvalidRequestException.of("testLimit", testLimit, "must be at least 1");
        }
        if (!Files.isDirectory(folder)) {
            throw InvalidRequestException.of("fashionMnist.folder", folder, "is not a folder; " + INSTALL_HINT);
        }
        long t0 = System.nanoTime();
        LabeledImages train = split(folder, "train", "fashion-mnist/train", trainLimit, standardize);
        LabeledImages test = split(folder, "t10k", "fashion-mnist/test", testLimit, standardize);
        LOG.debug("read {} and {} from {} in {} ms", train, test, folder, (System.nanoTime() - t0) / 1_000_000);
        return new FashionMnist(train, test);
    }

    /**
     * Whether a folder has the four files, gzipped or not.
     *
     * @param folder the folder
     * @return true if every file is there
     */
    public static boolean isAvailable(Path folder) {
        for (String prefix : new String[] {"train", "t10k"}) {
            for (String kind : new String[] {"-images-idx3-ubyte", "-labels-idx1-ubyte"}) {
                if (find(folder, prefix + kind) == null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the training set */
    public LabeledImages train() {
        return train;
    }

    /** @return the test set */
    public LabeledImages test() {
        return test;
    }

    private static LabeledImages split(Path folder, String prefix, String name, int limit, boolean standardize) {
        Path imageFile = require(folder, prefix + "-images-idx3-ubyte");
        Path labelFile = require(folder, prefix + "-labels-idx1-ubyte");
        Idx images = read(imageFile, IMAGES_MAGIC, limit);
        Idx labelIdx = read(labelFile, LABELS_MAGIC, limit);
        if (images.count != labelIdx.count) {
            throw InvalidRequestException.of(
                    imageFile.toString(), images.count + " images",
                    "but " + labelFile + " has " + labelIdx.count + " labels; the files do not belong together");
        }
        int n = images.kept;
        if (n == 0) {
            throw InvalidRequestException.of(imageFile.toString(), "0 images", "the file holds no images");
        }
        byte[] pixelBytes = images.body;
        byte[] labelBytes = labelIdx.body;
        float[] pixels = new float[pixelBytes.length];
        for (int i = 0; i < pixels.length; i++) {
            float p = (pixelBytes[i] & 0xff) / 255f;
            pixels[i] = standardize ? (p - MEAN) / STD : p;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = labelBytes[i] & 0xff;
            if (labels[i] >= CLASSES) {
                throw InvalidRequestException.of(
                        labelFile + " label[" + i + "]", labels[i], "Fashion-MNIST labels are 0..9; the file is corrupt");
            }
        }
        return new LabeledImages(name, SIDE, SIDE, CLASSES, pixels, labels, false);
    }

    private static Path find(Path folder, String base) {
        Path gz = folder.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = folder.resolve(base);
        return Files.isRegularFile(plain) ? plain : null;
    }

    private static Path require(Path folder, String base) {
        Path file = find(folder, base);
        if (file == null) {
            throw InvalidRequestException.of(
                    "fashionMnist.file", folder.resolve(base + ".gz"), "is missing; " + INSTALL_HINT);
        }
        return file;
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            InputStream body = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
            return new DataInputStream(new BufferedInputStream(body, 1 << 16));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * One IDX file: the item count its header claims, how many items were kept, and their bytes.
     */
    private record Idx(int count, int kept, byte[] body) {}

    /**
     * Reads an IDX file in one pass: the header, the first {@code limit} items, and then the rest of
     * the file up to its end, so that the file must hold exactly the items its header claims, and so
     * that {@link GZIPInputStream} reaches the gzip trailer and checks its CRC-32 and length. Memory
     * grows with the bytes actually read, never with what a header claims.
     */
    private static Idx read(Path file, int magic, int limit) {
        try (DataInputStream in = open(file)) {
            int[] h = header(in, file, magic);
            int count = h[0];
            if (magic == IMAGES_MAGIC && (h[1] != SIDE || h[2] != SIDE)) {
                throw InvalidRequestException.of(
                        file.toString(), h[1] + "x" + h[2] + " images", "Fashion-MNIST images are 28x28");
            }
            long itemSize = (long) h[1] * h[2];
            int kept = Math.min(limit, count);
            long keptBytes = kept * itemSize;
            if (keptBytes > MAX_BODY) {
                throw InvalidRequestException.of(file.toString(), "count " + count,
                        kept + " items of " + itemSize + " bytes are more than a Java array holds; the file is"
                                + " corrupt, or pass a smaller limit");
            }
            // readNBytes allocates as the data arrives, so a header that claims more than the file
            // holds costs no more memory than the file's real content
            byte[] body = in.readNBytes((int) keptBytes);
            if (body.length < keptBytes) {
                throw truncated(file, count, itemSize, body.length);
            }
            long rest = (count - (long) kept) * itemSize;
            long skipped = drain(in, rest);
            if (skipped < rest) {
                throw truncated(file, count, itemSize, keptBytes + skipped);
            }
            if (in.read() != -1) {
                throw InvalidRequestException.of("fashionMnist.file", file,
                        "is corrupt: it holds more data after the " + count + " items its header claims");
            }
            return new Idx(count, kept, body);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads and discards up to {@code n} bytes; returns how many there were. */
    private static long drain(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private static InvalidRequestException truncated(Path file, int count, long itemSize, long found) {
        return InvalidRequestException.of("fashionMnist.file", file,
                "is truncated or corrupt: its header claims " + count + " items of " + itemSize
                        + " bytes, but it holds only " + found + " bytes of items; reinstall the package or"
                        + " download the file again");
    }

    /** count, rows, cols (rows = cols = 1 for labels). */
    private static int[] header(DataInputStream in, Path file, int magic) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw InvalidRequestException.of(
                    file.toString(), String.format("magic number 0x%08x", found),
                    String.format("wrong magic number: expected 0x%08x (%s)", magic,
                            magic == IMAGES_MAGIC ? "IDX images" : "IDX labels"));
        }
        int count = in.readInt();
        if (count < 0) {
            throw InvalidRequestException.of(file.toString(), "count " + count, "negative item count; the file is corrupt");
        }
        if (magic == IMAGES_MAGIC) {
            return new int[] {count, in.readInt(), in.readInt()};
        }
        return new int[] {count, 1, 1};
    }

    private static InvalidRequestException unreadable(Path file, IOException e) {
        String problem;
        if (e instanceof EOFException) {
            problem = "is truncated or corrupt (unexpected end of data" + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()) + "); reinstall the package or download the file again";
        } else if (e instanceof ZipException) {
            problem = "is corrupt: the gzip data fails its checks (" + e.getMessage()
                    + "); reinstall the package or download the file again";
        } else {
            problem = "cannot be read: " + e;
        }
        InvalidRequestException ex = InvalidRequestException.of("fashionMnist.file", file, problem);
        ex.initCause(e);
        return ex;
    }

    @Override
    public String toString() {
        return "FashionMnist[" + train + ", " + test + "]";
    }
}
