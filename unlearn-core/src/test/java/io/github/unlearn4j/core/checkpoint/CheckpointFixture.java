package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

/** Keys, checkpoints and hand-made files for the checkpoint tests. */
final class CheckpointFixture {
    static final String DATA = DataFingerprint.builder().add("test data").add(new int[] {0, 1, 1, 0}).hex();
    static final String OTHER_DATA = DataFingerprint.builder().add("other data").hex();
    static final String RECIPE = "TrainingSettings[learningRate=0.05, epochs=5] schedule CONSTANT";
    static final Instant CREATED = Instant.parse("2026-12-01T10:15:30.123Z");

    private CheckpointFixture() {}

    /** The key of an original linear model with {@code n} weights. */
    static CheckpointKey key(int n, long seed) {
        return new CheckpointKey(CheckpointKey.ORIGINAL, "linear(" + n + "->1)", n, DATA, RECIPE, seed);
    }

    static Checkpoint checkpoint(CheckpointKey key, float[] weights, double seconds) {
        return new Checkpoint(new CheckpointHeader(key, seconds, CREATED, Map.of("note", "fixture")), weights);
    }

    static Checkpoint checkpoint(float[] weights) {
        return Checkpoint.of(key(weights.length, 1), LinearRegressionModel.withWeights(weights), 12.5, Map.of());
    }

    /** The bytes with their last 32 replaced by the SHA-256 of the rest: a crafted file that passes the checksum. */
    static byte[] resealed(byte[] bytes) {
        byte[] b = bytes.clone();
        if (b.length < 32) {
            return b;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, b.length - 32);
            System.arraycopy(md.digest(), 0, b, b.length - 32, 32);
            return b;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A file of the old parameter format: "UL4J", version 1, architecture, count, floats. */
    static byte[] oldParameterFile(String architecture, float[] weights) {
        byte[] arch = architecture.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + arch.length + 4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4A344C55).putInt(1).putInt(arch.length).put(arch).putInt(weights.length);
        for (float w : weights) {
            b.putFloat(w);
        }
        return b.array();
    }

    static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where each field of a well-formed file starts. */
    record Layout(int headerLength, int kindLength, int architectureLength, int count, int fingerprintLength,
            int recipeLength, int seed, int seconds, int created, int metadataCount, int parameters,
            int checksum) {
        static Layout of(byte[] file) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int kind = 12;
            int arch = kind + 4 + b.getInt(kind);
            int count = arch + 4 + b.getInt(arch);
            int fp = count + 4;
            int recipe = fp + 4 + b.getInt(fp);
            int seed = recipe + 4 + b.getInt(recipe);
            int parameters = 12 + b.getInt(8);
            return new Layout(8, kind, arch, count, fp, recipe, seed, seed + 8, seed + 16, seed + 24, parameters,
                    file.length - 32);
        }

        /** The header's int fields, where a crafted length or count goes. */
        int[] ints() {
            return new int[] {0, 4, headerLength, kindLength, architectureLength, count, fingerprintLength,
                recipeLength, metadataCount};
        }
    }

    /** The parameters a well-formed file holds. */
    static float[] floats(byte[] file) {
        Layout l = Layout.of(file);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        float[] p = new float[b.getInt(l.count())];
        b.position(l.parameters());
        b.asFloatBuffer().get(p);
        return p;
    }
}
