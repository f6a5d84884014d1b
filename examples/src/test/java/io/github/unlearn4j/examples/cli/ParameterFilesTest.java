package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFilesTest {
    private static final String STEM = "original-linear-00000000";

    @TempDir
    Path dir;

    private final LinearRegressionModel model = new LinearRegressionModel(3);

    /** A saved file with one int replaced, renamed to its new checksum, as a crafted file would be. */
    private Path crafted(int offset, int value) throws IOException {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(new float[] {1, 2, 3}), dir, STEM);
        byte[] bytes = Files.readAllBytes(saved);
        Files.delete(saved);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        Path file = dir.resolve(STEM + "-" + ParameterFiles.sha(bytes) + ".params");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void savesAndLoadsBack() {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(new float[] {1, -2, 3.5f}), dir, STEM);
        assertThat(ParameterFiles.loadInto(model, dir, STEM)).isEqualTo(Optional.of(saved));
        assertThat(model.parameters()).containsExactly(1, -2, 3.5f);
        assertThat(ParameterFiles.loadInto(model, dir.resolve("none"), STEM)).isEmpty();
    }

    @Test
    void aNegativeArchitectureLengthIsCorruptNotANegativeArraySize() throws IOException {
        Path file = crafted(8, -1);
        assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("model file = " + file + ": is corrupt: its architecture name claims -1 bytes");
        assertThat(model.parameters()).containsOnly(0f);
    }

    @Test
    void anArchitectureLengthBeyondTheFileIsCorruptBeforeAllocating() throws IOException {
        Path file = crafted(8, Integer.MAX_VALUE - 8);
        assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("claims 2147483639 bytes, and 28 bytes follow");
    }

    @Test
    void aParameterCountBeyondTheFileIsCorruptBeforeAllocating() throws IOException {
        int countAt = 12 + "linear(3->1)".length();
        for (int count : new int[] {Integer.MAX_VALUE, -1, 4, 2}) {
            Path file = crafted(countAt, count);
            assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                    .as("count %d", count)
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("model file = " + file + ": is corrupt: it claims " + count
                            + " parameters, and 12 bytes follow");
            Files.delete(file);
        }
    }

    @Test
    void aParameterCountOtherThanTheModelsNamesTheFile() throws IOException {
        byte[] arch = "linear(3->1)".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + arch.length + 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4A344C55).putInt(1).putInt(arch.length).put(arch).putInt(4);
        b.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        Path file = dir.resolve(STEM + "-" + ParameterFiles.sha(b.array()) + ".params");
        Files.write(file, b.array());
        assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model file = " + file + ": holds 4 parameters; linear(3->1) has 3");
        assertThat(model.parameters()).containsOnly(0f);
    }

    @Test
    void anotherArchitectureNamesTheFile() {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(new float[] {1, 2, 3, 4}), dir, STEM);
        assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model file = " + saved + ": holds linear(4->1), expected linear(3->1)");
    }

    @Test
    void aShortOrForeignFileIsNotAParameterFile() throws IOException {
        for (byte[] bytes : new byte[][] {{}, {0x55, 0x4c, 0x34}, "not a model at all".getBytes(java.nio.charset.StandardCharsets.UTF_8)}) {
            Path file = dir.resolve(STEM + "-" + ParameterFiles.sha(bytes) + ".params");
            Files.write(file, bytes);
            assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                    .as(Arrays.toString(bytes))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("model file = " + file + ": is not an unlearn4j parameter file");
            Files.delete(file);
        }
    }

    @Test
    void aChangedFileFailsItsChecksum() throws IOException {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(new float[] {1, 2, 3}), dir, STEM);
        byte[] bytes = Files.readAllBytes(saved);
        bytes[bytes.length - 1] ^= 1;
        Files.write(saved, bytes);
        assertThatThrownBy(() -> ParameterFiles.loadInto(model, dir, STEM))
                .isExactlyInstanceOf(UnlearnException.class)
                .hasMessageContaining(saved.toString())
                .hasMessageContaining("does not match the checksum in its name");
    }
}
