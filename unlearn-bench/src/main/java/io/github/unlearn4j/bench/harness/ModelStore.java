package io.github.unlearn4j.bench.harness;

import io.github.unlearn4j.api.model.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalDouble;

/**
 * The harness's model cache: a trained model's flat parameters under a key that names everything
 * its training depended on (data, recipe, seed, architecture), so a rerun loads it instead of
 * training again. File {@code <key>.params}: "UL4J", version 1, the architecture (UTF-8,
 * length-prefixed), the parameter count, the floats, the training seconds (a double), all
 * little-endian; written to a temporary file and moved into place, so that a killed run leaves no
 * half-written model.
 */
final class ModelStore {
    private static final int MAGIC = 0x4A344C55;
    private static final int VERSION = 1;

    private final Path folder;

    /**
     * Creates the store.
     *
     * @param folder where the files live; created on the first save
     */
    ModelStore(Path folder) {
        this.folder = folder;
    }

    /** @return the folder */
    Path folder() {
        return folder;
    }

    /**
     * A short, stable key from a description of everything a model depends on.
     *
     * @param stem a readable prefix, e.g. {@code original-seed1}
     * @param description the full description
     * @return {@code stem-<12 hex digits>}
     */
    static String key(String stem, String description) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return stem + "-" + HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * Loads a saved model into {@code model}, if there is one that matches its architecture.
     *
     * @param key the key
     * @param model the model to overwrite
     * @return the training seconds recorded at save time; empty when nothing was loaded
     */
    OptionalDouble load(String key, TrainableModel model) {
        Path file = folder.resolve(key + ".params");
        if (!Files.isRegularFile(file)) {
            return OptionalDouble.empty();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 16 || b.getInt() != MAGIC || b.getInt() != VERSION) {
                return OptionalDouble.empty();
            }
            byte[] arch = new byte[b.getInt()];
            b.get(arch);
            if (!new String(arch, StandardCharsets.UTF_8).equals(model.description().architecture())) {
                return OptionalDouble.empty();
            }
            int n = b.getInt();
            if (n != model.description().parameterCount() || b.remaining() != 4L * n + 8) {
                return OptionalDouble.empty();
            }
            float[] p = new float[n];
            b.asFloatBuffer().get(p);
            b.position(b.position() + 4 * n);
            double seconds = b.getDouble();
            model.setParameters(p);
            return OptionalDouble.of(seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Saves a model.
     *
     * @param key the key
     * @param model the model
     * @param trainSeconds how long it took to train
     * @return the file
     */
    Path save(String key, TrainableModel model, double trainSeconds) {
        float[] p = model.parameters();
        byte[] arch = model.description().architecture().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + arch.length + 4 * p.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(arch.length).put(arch).putInt(p.length);
        b.asFloatBuffer().put(p);
        b.position(b.position() + 4 * p.length);
        b.putDouble(trainSeconds);
        Path file = folder.resolve(key + ".params");
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, key, ".tmp");
            Files.write(tmp, b.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
