package io.github.unlearn4j.djl.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesReadBackAsFashionMnistWithPixelsQuantizedToBytes() {
        LabeledImages train = SyntheticImages.generate("train", 50, 3);
        LabeledImages test = SyntheticImages.generate("test", 9, 4);
        Path folder = dir.resolve("a/b");
        IdxFiles.write(folder, train, test);
        assertThat(FashionMnist.isAvailable(folder)).isTrue();
        FashionMnist read = FashionMnist.load(folder);
        assertThat(read.train().labels()).containsExactly(train.labels());
        assertThat(read.test().labels()).containsExactly(test.labels());
        float[] expected = train.pixels();
        float[] actual = read.train().pixels();
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(0.5f / 255 + 1e-6f));
        }
    }

    @Test
    void imagesOfAnotherShapeAreRefused() {
        LabeledImages small = new LabeledImages("small", 2, 2, 10, new float[4], new int[] {0});
        assertThatThrownBy(() -> IdxFiles.write(dir, small, small))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("small = 2x2, 10 classes");
    }
}
