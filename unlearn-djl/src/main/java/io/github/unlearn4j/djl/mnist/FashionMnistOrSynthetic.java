package io.github.unlearn4j.djl.mnist;

import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The choice between Fashion-MNIST and {@link SyntheticImages} that the command-line programs
 * make from their {@code --data DIR} and {@code --synthetic} options, and the loading of the
 * chosen images. The rules, checked by {@link #resolve} before any compute:
 *
 * <ul>
 *   <li>{@code --synthetic} uses synthetic images; with {@code --data} as well it is an error;
 *   <li>a folder the user named with {@code --data} must exist, be a folder and hold Fashion-MNIST's
 *       four IDX files, or it is an error that names {@code --data} and the path: it never falls
 *       back;
 *   <li>without {@code --data}, the default folder is read when it holds the files; when it does
 *       not, synthetic images are used, and {@link #note()} is the one line the caller prints: how
 *       to install the data set, and that the run uses synthetic data.
 * </ul>
 *
 * <p>The class prints nothing itself; the caller prints the note once, with its own prefix.
 */
public final class FashionMnistOrSynthetic {
    /** The option that names the data folder, in the messages of {@link #resolve}. */
    public static final String DATA_OPTION = "--data";
    /** The option that asks for synthetic images, in the messages of {@link #resolve}. */
    public static final String SYNTHETIC_OPTION = "--synthetic";
    /** The data name of Fashion-MNIST. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The data name of {@link SyntheticImages}. */
    public static final String SYNTHETIC = "synthetic";

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistOrSynthetic.class);

    private final Path folder;
    private final String note;

    private FashionMnistOrSynthetic(Path folder, String note) {
        this.folder = folder;
        this.note = note;
    }

    /**
     * Chooses the data by the rules of the class description, checking a named folder; reads no
     * images.
     *
     * @param named the folder given with {@code --data}, or null when the option was not given
     * @param synthetic whether {@code --synthetic} was given
     * @param defaultFolder the folder read when {@code --data} is not given, for example
     *     {@link FashionMnist#DEFAULT_FOLDER}
     * @return the choice
     * @throws InvalidRequestException if {@code --data} and {@code --synthetic} are both given, or
     *     the named folder does not exist, is a file, or lacks one of the four IDX files
     */
    public static FashionMnistOrSynthetic resolve(Path named, boolean synthetic, Path defaultFolder) {
        Objects.requireNonNull(defaultFolder, "defaultFolder");
        if (synthetic) {
            if (named != null) {
                throw InvalidRequestException.of(DATA_OPTION, named, "conflicts with " + SYNTHETIC_OPTION
                        + "; choose one");
            }
            return new FashionMnistOrSynthetic(null, null);
        }
        if (named != null) {
            if (!Files.isDirectory(named)) {
                throw InvalidRequestException.of(DATA_OPTION, named, Files.exists(named) ? "is a file, not a folder;"
                        + " name the folder that holds Fashion-MNIST's four IDX files" : "does not exist");
            }
            if (!FashionMnist.isAvailable(named)) {
                throw InvalidRequestException.of(DATA_OPTION, named, "does not hold Fashion-MNIST's four IDX files"
                        + " (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                        + " t10k-labels-idx1-ubyte, gzipped or not)");
            }
            return new FashionMnistOrSynthetic(named, null);
        }
        if (FashionMnist.isAvailable(defaultFolder)) {
            return new FashionMnistOrSynthetic(defaultFolder, null);
        }
        LOG.debug("no Fashion-MNIST in the default folder {}; using synthetic images", defaultFolder);
        return new FashionMnistOrSynthetic(null, "Fashion-MNIST not found in " + defaultFolder
                + ": install it with `apt-get install dataset-fashion-mnist` (or pass " + DATA_OPTION
                + " DIR); running on built-in synthetic data instead.");
    }

    /**
     * Whether the images are synthetic: {@code --synthetic}, or the default folder's fallback.
     *
     * @return true for {@link SyntheticImages}
     */
    public boolean isSynthetic() {
        return folder == null;
    }

    /**
     * The folder that is read.
     *
     * @return the Fashion-MNIST folder, or empty for synthetic images
     */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /**
     * The data's name: {@value #FASHION_MNIST} or {@value #SYNTHETIC}.
     *
     * @return the name
     */
    public String dataName() {
        return isSynthetic() ? SYNTHETIC : FASHION_MNIST;
    }

    /**
     * The one line to print when the default folder fell back to synthetic images.
     *
     * @return the line (without a prefix), or empty when there was no fallback
     */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /**
     * Loads the chosen images. Fashion-MNIST: the first {@code train} training images, and the first
     * {@code test + validation} test images, of which the first {@code test} are the test set and
     * the others the validation set. Synthetic: {@code train}, {@code test} and {@code validation}
     * images generated with seeds {@code syntheticSeed}, {@code syntheticSeed + 1} and
     * {@code syntheticSeed + 2}, pixels in [0, 1] whatever {@code standardize} says.
     *
     * @param train at most this many training images, at least 1
     * @param test at most this many test images, at least 1
     * @param validation exactly this many validation images, or 0 for none
     * @param standardize whether to standardize Fashion-MNIST's pixels (see {@link FashionMnist#load(Path, int,
     *     int, boolean)})
     * @param syntheticSeed the seed of the synthetic images
     * @return the images
     * @throws InvalidRequestException on a bad size, a malformed file, or fewer than
     *     {@code test + validation} test images when a validation set is asked for
     */
    public Images load(int train, int test, int validation, boolean standardize, long syntheticSeed) {
        atLeast("train", train, 1);
        atLeast("test", test, 1);
        atLeast("validation", validation, 0);
        if (isSynthetic()) {
            Optional<LabeledImages> validationImages = validation == 0 ? Optional.empty()
                    : Optional.of(SyntheticImages.generate("synthetic/validation", validation, syntheticSeed + 2));
            return new Images(SYNTHETIC, SyntheticImages.generate("synthetic/train", train, syntheticSeed),
                    SyntheticImages.generate("synthetic/test", test, syntheticSeed + 1), validationImages, note());
        }
        if (validation == 0) {
            FashionMnist f = FashionMnist.load(folder, train, test, standardize);
            return new Images(FASHION_MNIST, f.train(), f.test(), Optional.empty(), Optional.empty());
        }
        int wanted = (int) Math.min(Integer.MAX_VALUE, (long) test + validation);
        FashionMnist f = FashionMnist.load(folder, train, wanted, standardize);
        int held = f.test().size();
        if (held < (long) test + validation) {
            throw InvalidRequestException.of("test + validation images", (long) test + validation,
                    "exceeds the " + held + " test images of " + folder + "; ask for fewer");
        }
        return new Images(FASHION_MNIST, f.train(), slice(f.test(), "fashion-mnist/test", 0, test),
                Optional.of(slice(f.test(), "fashion-mnist/validation", test, test + validation)), Optional.empty());
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw InvalidRequestException.of(name, value, "must be at least " + min);
        }
    }

    private static LabeledImages slice(LabeledImages images, String name, int from, int to) {
        int f = images.featureCount();
        return new LabeledImages(name, images.height(), images.width(), images.classCount(),
                Arrays.copyOfRange(images.pixels(), from * f, to * f), Arrays.copyOfRange(images.labels(), from, to),
                false);
    }

    @Override
    public String toString() {
        return "FashionMnistOrSynthetic[" + (isSynthetic() ? SYNTHETIC : folder) + "]";
    }

    /**
     * The loaded images, with the data's name and the fallback note.
     *
     * @param dataName {@value FashionMnistOrSynthetic#FASHION_MNIST} or {@value FashionMnistOrSynthetic#SYNTHETIC}
     * @param train the training images
     * @param test the test images
     * @param validation the validation images, or empty when none was asked for
     * @param note the one line on the default folder's fallback to synthetic images, or empty when
     *     there was no fallback
     */
    public record Images(String dataName, LabeledImages train, LabeledImages test,
            Optional<LabeledImages> validation, Optional<String> note) {}
}
