package io.github.unlearn4j.djl.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One rule per test: which data a command line's {@code --data} and {@code --synthetic} choose. */
class FashionMnistOrSyntheticTest {
    @TempDir
    Path dir;

    /** A folder with the four IDX files: 30 training and 20 test images. */
    private Path dataFolder() {
        Path folder = dir.resolve("fashion-mnist");
        IdxFiles.write(folder, SyntheticImages.generate("train", 30, 7), SyntheticImages.generate("test", 20, 8));
        return folder;
    }

    @Test
    void aNamedFolderThatDoesNotExistIsAnErrorNamingDataAndThePath() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> FashionMnistOrSynthetic.resolve(missing, false, dataFolder()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("--data = " + missing + ": does not exist");
    }

    @Test
    void aNamedFolderThatIsAFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("file.gz"), "x");
        assertThatThrownBy(() -> FashionMnistOrSynthetic.resolve(file, false, dataFolder()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("--data = " + file + ": is a file, not a folder");
    }

    @Test
    void aNamedFolderWithoutAllFourFilesIsAnErrorAndNeverFallsBack() throws IOException {
        Path incomplete = dataFolder();
        Files.delete(incomplete.resolve("t10k-labels-idx1-ubyte.gz"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        for (Path p : new Path[] {incomplete, empty}) {
            assertThatThrownBy(() -> FashionMnistOrSynthetic.resolve(p, false, dir.resolve("nowhere")))
                    .as(p.toString())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("--data = " + p + ": does not hold Fashion-MNIST's four IDX files")
                    .hasMessageContaining("t10k-labels-idx1-ubyte");
        }
    }

    @Test
    void aNamedFolderWithTheDataIsReadWithoutANote() {
        Path folder = dataFolder();
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(folder, false, dir.resolve("nowhere"));
        assertThat(source.isSynthetic()).isFalse();
        assertThat(source.folder()).contains(folder);
        assertThat(source.dataName()).isEqualTo("fashion-mnist");
        assertThat(source.note()).isEmpty();
        FashionMnistOrSynthetic.Images images = source.load(25, 100, 0, false, 1);
        assertThat(images.dataName()).isEqualTo("fashion-mnist");
        assertThat(images.train().size()).isEqualTo(25);
        assertThat(images.test().size()).as("at most the 20 there are").isEqualTo(20);
        assertThat(images.validation()).isEmpty();
        assertThat(images.note()).isEmpty();
    }

    @Test
    void aMissingDefaultFolderFallsBackToSyntheticDataWithOneNoteSayingHowToInstallIt() {
        Path nowhere = dir.resolve("nowhere");
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(null, false, nowhere);
        assertThat(source.isSynthetic()).isTrue();
        assertThat(source.folder()).isEmpty();
        assertThat(source.dataName()).isEqualTo("synthetic");
        assertThat(source.note()).hasValueSatisfying(note -> assertThat(note)
                .contains(nowhere.toString(), "apt-get install dataset-fashion-mnist", "synthetic data instead")
                .doesNotContain("\n"));
        FashionMnistOrSynthetic.Images images = source.load(40, 10, 0, false, 42);
        assertThat(images.dataName()).isEqualTo("synthetic");
        assertThat(images.note()).isEqualTo(source.note());
        assertThat(images.train().pixels()).containsExactly(SyntheticImages.generate("x", 40, 42).pixels());
        assertThat(images.test().labels()).containsExactly(SyntheticImages.generate("x", 10, 43).labels());
        assertThat(images.train().name()).isEqualTo("synthetic/train");
        assertThat(images.validation()).isEmpty();
    }

    @Test
    void theDefaultFolderIsReadWhenItHoldsTheData() {
        Path folder = dataFolder();
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(null, false, folder);
        assertThat(source.folder()).contains(folder);
        assertThat(source.note()).isEmpty();
    }

    @Test
    void theSyntheticFlagForcesSyntheticDataWithoutANoteEvenWhenTheDataIsThere() {
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(null, true, dataFolder());
        assertThat(source.isSynthetic()).isTrue();
        assertThat(source.note()).isEmpty();
        FashionMnistOrSynthetic.Images images = source.load(30, 20, 10, true, 11);
        assertThat(images.train().labels()).containsExactly(SyntheticImages.generate("x", 30, 11).labels());
        assertThat(images.test().labels()).containsExactly(SyntheticImages.generate("x", 20, 12).labels());
        assertThat(images.validation()).hasValueSatisfying(v -> {
            assertThat(v.name()).isEqualTo("synthetic/validation");
            assertThat(v.pixels()).as("not standardized").containsExactly(
                    SyntheticImages.generate("x", 10, 13).pixels());
        });
    }

    @Test
    void dataAndSyntheticTogetherConflict() {
        Path folder = dataFolder();
        assertThatThrownBy(() -> FashionMnistOrSynthetic.resolve(folder, true, folder))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("--data = " + folder + ": conflicts with --synthetic; choose one");
    }

    @Test
    void aValidationSetIsTheTestImagesAfterTheTestSet() {
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(dataFolder(), false, dir);
        FashionMnistOrSynthetic.Images images = source.load(30, 12, 8, true, 1);
        FashionMnist all = FashionMnist.load(source.folder().orElseThrow(), 30, 20, true);
        assertThat(images.test().name()).isEqualTo("fashion-mnist/test");
        assertThat(images.test().labels()).containsExactly(java.util.Arrays.copyOfRange(all.test().labels(), 0, 12));
        LabeledImages validation = images.validation().orElseThrow();
        assertThat(validation.name()).isEqualTo("fashion-mnist/validation");
        assertThat(validation.labels()).containsExactly(java.util.Arrays.copyOfRange(all.test().labels(), 12, 20));
        assertThat(validation.pixel(0, 100)).isEqualTo(all.test().pixel(12, 100));

        assertThatThrownBy(() -> source.load(30, 12, 9, true, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("test + validation images = 21: exceeds the 20 test images of");
    }

    @Test
    void badSizesAreRefusedBeforeReadingAnything() {
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(null, true, dir);
        assertThatThrownBy(() -> source.load(0, 1, 0, false, 1)).hasMessage("train = 0: must be at least 1");
        assertThatThrownBy(() -> source.load(1, 0, 0, false, 1)).hasMessage("test = 0: must be at least 1");
        assertThatThrownBy(() -> source.load(1, 1, -1, false, 1)).hasMessage("validation = -1: must be at least 0");
    }
}
