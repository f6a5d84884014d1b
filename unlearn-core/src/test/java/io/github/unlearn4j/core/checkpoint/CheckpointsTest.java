package io.github.unlearn4j.core.checkpoint;

import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.CREATED;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.checkpoint;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.key;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.oldParameterFile;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.resealed;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.checkpoint.CheckpointFixture.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    private byte[] good() throws IOException {
        Path file = Checkpoints.write(dir.resolve("good.ckpt"), checkpoint(key(3, 7), new float[] {1, -2, 3.5f},
                Double.NaN));
        return Files.readAllBytes(file);
    }

    /** A good file with one int replaced, resealed so that its checksum passes, as a crafted file would be. */
    private Path crafted(int offset, int value) throws IOException {
        byte[] bytes = good();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return write(dir.resolve("crafted.ckpt"), resealed(bytes));
    }

    private static String corrupt(Path file, String why) {
        return "checkpoint file = " + file + ": is corrupt: " + why + "; delete it and run again to regenerate it";
    }

    @Test
    void writesAndReadsBackEveryField() {
        Checkpoint c = new Checkpoint(new CheckpointHeader(new CheckpointKey("unlearned", "mlp(784-256-10) é",
                4, CheckpointFixture.DATA, "ft {epochs=2, learningRate=0.01}", -3), Double.NaN, CREATED,
                Map.of("method", "ft", "role", "method", "empty", "")),
                new float[] {Float.NaN, Float.intBitsToFloat(0x7fc00001), -0f, Float.MAX_VALUE});
        Path file = Checkpoints.write(dir.resolve("sub/folder/ft.ckpt"), c);
        Checkpoint read = Checkpoints.read(file);
        assertThat(read).isEqualTo(c);
        assertThat(read.header().trainingSeconds()).isNaN();
        assertThat(read.header().created()).isEqualTo(CREATED);
        assertThat(read.header().metadata()).containsExactly(Map.entry("empty", ""), Map.entry("method", "ft"),
                Map.entry("role", "method"));
        assertThat(Checkpoints.readHeader(file)).isEqualTo(c.header());
        float[] p = read.parameters();
        assertThat(Float.floatToRawIntBits(p[1])).isEqualTo(0x7fc00001);
        assertThat(Float.floatToRawIntBits(p[2])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void theFileIsTheDocumentedLayout() throws IOException {
        byte[] bytes = good();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("UL4C");
        assertThat(b.getInt(4)).isEqualTo(Checkpoints.VERSION);
        Layout l = Layout.of(bytes);
        assertThat(b.getInt(l.count())).isEqualTo(3);
        assertThat(b.getLong(l.seed())).isEqualTo(7);
        assertThat(b.getDouble(l.seconds())).isNaN();
        assertThat(b.getLong(l.created())).isEqualTo(CREATED.toEpochMilli());
        assertThat(b.getInt(l.metadataCount())).isEqualTo(1);
        assertThat(bytes).hasSize(l.parameters() + 3 * 4 + 32);
        assertThat(b.getFloat(l.parameters() + 8)).isEqualTo(3.5f);
        assertThat(resealed(bytes)).as("the last 32 bytes are the SHA-256 of the rest").isEqualTo(bytes);
    }

    @Test
    void writingLeavesNoTemporaryFileAndReplacesTheTarget() throws IOException {
        Path file = dir.resolve("m.ckpt");
        Checkpoints.write(file, checkpoint(new float[] {1, 2}));
        Checkpoints.write(file, checkpoint(new float[] {3, 4}));
        assertThat(Checkpoints.read(file).parameters()).containsExactly(3, 4);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("taken.ckpt"));
        Files.writeString(target.resolve("inside"), "a folder in the way");
        assertThatThrownBy(() -> Checkpoints.write(target, checkpoint(new float[] {1})))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot write checkpoint " + target);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aTruncatedFileIsCorruptAtEveryLength() throws IOException {
        byte[] good = good();
        Path file = dir.resolve("cut.ckpt");
        for (int n = 0; n < good.length; n++) {
            write(file, Arrays.copyOf(good, n));
            int length = n;
            assertThatThrownBy(() -> Checkpoints.read(file))
                    .as("cut to %d bytes", n)
                    .isExactlyInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("checkpoint file = " + file + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).contains(length < 4 ? "is not an unlearn4j checkpoint"
                            : "is corrupt: "));
        }
    }

    /**
     * Each value, written at the offset of a good file that is then resealed, makes it corrupt: the
     * message names the file and starts its reason with {@code why(value)}.
     */
    private void assertEachCorrupt(int offset, int[] values, IntFunction<String> why) throws IOException {
        for (int value : values) {
            Path file = crafted(offset, value);
            assertThatThrownBy(() -> Checkpoints.read(file))
                    .as("%d at offset %d", value, offset)
                    .isExactlyInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith("checkpoint file = " + file + ": is corrupt: " + why.apply(value))
                    .hasMessageEndingWith("; delete it and run again to regenerate it");
        }
    }

    @Test
    void aNegativeOrHugeHeaderLengthIsCorruptBeforeAllocating() throws IOException {
        assertEachCorrupt(8, new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, Checkpoints.MAX_HEADER_BYTES + 1},
                length -> "its header length is " + length + " bytes, and ");
    }

    @Test
    void aNegativeStringLengthIsCorruptNotANegativeArraySize() throws IOException {
        Layout l = Layout.of(good());
        Path file = crafted(l.architectureLength(), -1);
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint file = " + file + ": is corrupt: its architecture claims -1 bytes,"
                        + " and ");
    }

    @Test
    void aStringLengthBeyondTheHeaderIsCorruptBeforeAllocating() throws IOException {
        Layout l = Layout.of(good());
        Path file = crafted(l.recipeLength(), Integer.MAX_VALUE - 8);
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("its recipe claims 2147483639 bytes, and ");
    }

    @Test
    void aParameterCountOtherThanTheFileHoldsIsCorruptBeforeAllocating() throws IOException {
        Layout l = Layout.of(good());
        assertEachCorrupt(l.count(), new int[] {CheckpointKey.MAX_PARAMETERS, Integer.MAX_VALUE / 4 + 1, 1 << 30, 4,
            2, 0}, count -> "its header claims " + count + " parameters (" + 4L * count + " bytes) and a 32-byte"
                + " checksum after it, and 44 bytes follow; delete");
        Path beyond = crafted(l.count(), Integer.MAX_VALUE);
        assertThatThrownBy(() -> Checkpoints.read(beyond))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessage(corrupt(beyond, "checkpoint parameter count = 2147483647: must be in [0, 2147483639]"));
        Path negative = crafted(l.count(), -1);
        assertThatThrownBy(() -> Checkpoints.read(negative))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessage(corrupt(negative, "its parameter count is -1"));
    }

    @Test
    void aNegativeOrHugeMetadataCountIsCorrupt() throws IOException {
        assertEachCorrupt(Layout.of(good()).metadataCount(), new int[] {-1, Integer.MAX_VALUE, 1 << 20},
                count -> "its metadata count is " + count + ", and ");
    }

    @Test
    void anInvalidFieldIsCorruptNamingTheField() throws IOException {
        byte[] bytes = good();
        Layout l = Layout.of(bytes);
        byte[] fingerprint = bytes.clone();
        fingerprint[l.fingerprintLength() + 4] = 'X';
        Path file = write(dir.resolve("fp.ckpt"), resealed(fingerprint));
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint file = " + file + ": is corrupt: checkpoint data fingerprint = X");
        byte[] seconds = bytes.clone();
        ByteBuffer.wrap(seconds).order(ByteOrder.LITTLE_ENDIAN).putDouble(l.seconds(), -1);
        write(file, resealed(seconds));
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageContaining("is corrupt: checkpoint training seconds = -1.0: must be finite");
        byte[] utf8 = bytes.clone();
        utf8[l.kindLength() + 4] = (byte) 0xff;
        write(file, resealed(utf8));
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessageContaining("is corrupt: its kind is not valid UTF-8");
    }

    @Test
    void aForeignFileIsNotACheckpoint() {
        Path file = dir.resolve("x.ckpt");
        for (byte[] bytes : new byte[][] {{}, {0x55, 0x4c, 0x34}, "not a model at all".getBytes(StandardCharsets.UTF_8),
            "UL4X....".getBytes(StandardCharsets.UTF_8)}) {
            write(file, bytes);
            assertThatThrownBy(() -> Checkpoints.read(file))
                    .as(Arrays.toString(bytes))
                    .isExactlyInstanceOf(CheckpointException.class)
                    .hasMessage("checkpoint file = " + file + ": is not an unlearn4j checkpoint (it must start with"
                            + " \"UL4C\"); give a checkpoint file that unlearn4j saved");
        }
    }

    @Test
    void anOldUl4jParameterFileSaysItIsTheOldFormatAndHowToRegenerateIt() {
        Path file = write(dir.resolve("original-mlp-0123abcd-0123456789abcdef.params"),
                oldParameterFile("linear(3->1)", new float[] {1, 2, 3}));
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint file = " + file + ": is a parameter file of the old \"UL4J\" format, which"
                        + " unlearn4j no longer reads; delete it and run again to regenerate the model as a checkpoint"
                        + " (\"UL4C\")");
    }

    @Test
    void anotherFormatVersionSaysWhichVersionsAreRead() throws IOException {
        for (int version : new int[] {0, 2, -1}) {
            Path file = crafted(4, version);
            assertThatThrownBy(() -> Checkpoints.read(file))
                    .isExactlyInstanceOf(CheckpointException.class)
                    .hasMessage("checkpoint file = " + file + ": has checkpoint format version " + version
                            + "; this unlearn4j reads version 1 only" + (version > 1 ? " (a newer unlearn4j wrote it)"
                            : "") + "; delete it and run again to regenerate it");
        }
    }

    @Test
    void aChangedFileFailsItsChecksum() throws IOException {
        byte[] bytes = good();
        Path file = dir.resolve("changed.ckpt");
        for (int at : new int[] {Layout.of(bytes).parameters(), Layout.of(bytes).seed(), bytes.length - 1}) {
            byte[] bad = bytes.clone();
            bad[at] ^= 1;
            write(file, bad);
            assertThatThrownBy(() -> Checkpoints.read(file))
                    .as("bit flipped at %d", at)
                    .isExactlyInstanceOf(CheckpointException.class)
                    .hasMessage(corrupt(file, "its SHA-256 checksum does not match its content, so it was changed or"
                            + " damaged after it was written"));
        }
    }

    @Test
    void bytesAfterTheChecksumOrInsideTheHeaderAreCorrupt() throws IOException {
        byte[] good = good();
        Path file = write(dir.resolve("long.ckpt"), Arrays.copyOf(good, good.length + 4));
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessage(corrupt(file, "its header claims 3 parameters (12 bytes) and a 32-byte checksum after it,"
                        + " and 48 bytes follow"));
        // a header that says it is 4 bytes longer than its fields: the parameters' first float counts as header
        Path longer = crafted(8, ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(8) + 4);
        assertThatThrownBy(() -> Checkpoints.read(longer))
                .isExactlyInstanceOf(CheckpointException.class)
                .hasMessage(corrupt(longer, "its header has 4 bytes after its last field"));
    }

    @Test
    void aHeaderOverTheLimitIsRefusedWhenWriting() {
        CheckpointKey key = new CheckpointKey("original", "linear(1->1)", 1, CheckpointFixture.DATA,
                "x".repeat(Checkpoints.MAX_HEADER_BYTES), 1);
        assertThatThrownBy(() -> Checkpoints.write(dir.resolve("big.ckpt"), checkpoint(key, new float[] {1}, 1)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("checkpoint header = ")
                .hasMessageContaining("shorten the recipe or the metadata");
        assertThat(dir.resolve("big.ckpt")).doesNotExist();
    }

    @Test
    void aCheckpointIsImmutableAndAppliesOnlyToItsModel() {
        float[] weights = {1, 2, 3};
        Checkpoint c = checkpoint(key(3, 1), weights, 1);
        weights[0] = 99;
        c.parameters()[1] = 99;
        assertThat(c.parameters()).containsExactly(1, 2, 3);
        LinearRegressionModel model = new LinearRegressionModel(3);
        c.applyTo(model);
        assertThat(model.parameters()).containsExactly(1, 2, 3);
        LinearRegressionModel other = new LinearRegressionModel(4);
        assertThatThrownBy(() -> c.applyTo(other))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model = linear(4->1) with 4 parameters: is not the model of this checkpoint, linear(3->1)"
                        + " with 3 parameters");
        assertThat(other.parameters()).containsOnly(0f);
        assertThatThrownBy(() -> new Checkpoint(c.header(), new float[2]))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("checkpoint parameters = 2 values: the header says 3 (linear(3->1))");
        assertThatThrownBy(() -> Checkpoint.of(key(3, 1), other, 1, Map.of()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("model = linear(4->1) with 4 parameters");
    }
}
