package io.github.unlearn4j.bench.harness;

import io.github.unlearn4j.api.InvalidRequestException;
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
 * half-written model. A file of another architecture or parameter count is a miss (the model is
 * trained again and the file replaced); a file that is not the store's, or is corrupt, fails with
 * an error naming it.
 */
final class ModelStore {
    private static final int MAGIC = 0x4A344C55;
    private static final int VERSION = 1;
    /** The largest file {@link #save} can write: one Java array. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

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
     * Loads a saved model into {@code model}, if there is one that matches its architecture and
     * parameter count.
     *
     * @param key the key
     * @param model the model to overwrite
     * @return the training seconds recorded at save time; empty when nothing was loaded
     * @throws InvalidRequestException naming the file if it is not a model file of this store or is
     *     corrupt: every length it claims is checked against the bytes there are before anything is
     *     allocated
     */
    OptionalDouble load(String key, TrainableModel model) {
        Path file = folder.resolve(key + ".params");
        if (!Files.isRegularFile(file)) {
            return OptionalDouble.empty();
        }
        try {
            if (Files.size(file) > MAX_FILE) {
                throw corrupt(file, "it has " + Files.size(file) + " bytes, more than a saved model can");
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 12 || b.getInt() != MAGIC || b.getInt() != VERSION) {
                throw InvalidRequestException.of("model file", file, "is not a saved model of the harness (it must"
                        + " start with \"UL4J\" and version " + VERSION + "); delete it to train again");
            }
            int archLength = b.getInt();
            if (archLength < 0 || archLength > b.remaining() - 4) {
                throw corrupt(file, "its architecture name claims " + archLength + " bytes, and " + b.remaining()
                        + " bytes follow");
            }
            byte[] arch = new byte[archLength];
            b.get(arch);
            int n = b.getInt();
            if (n < 0 || 4L * n + 8 != b.remaining()) {
                throw corrupt(file, "it claims " + n + " parameters and the training time, and " + b.remaining()
                        + " bytes follow");
            }
            if (!new String(arch, StandardCharsets.UTF_8).equals(model.description().architecture())
                    || n != model.description().parameterCount()) {
                return OptionalDouble.empty();
            }
            float[] p = new float[n];
            b.asFloatBuffer().get(p);
            b.position(b.position() + 4 * n);
            double seconds = b.getDouble();
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw corrupt(file, "its training time is " + seconds + " s");
            }
            model.setParameters(p);
            return OptionalDouble.of(seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InvalidRequestException corrupt(Path file, String why) {
        return InvalidRequestException.of("model file", file, "is corrupt: " + why + "; delete it to train again");
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
