package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.model.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Saves and loads a model's flat parameters. A file is named {@code <stem>-<sha>.params}, where sha
 * is the first 16 hex digits of the SHA-256 of its content, so a load checks the content against
 * its name. Format: "UL4J", a version int, the architecture as UTF-8 (length-prefixed), the
 * parameter count, then the floats, all little-endian.
 */
final class ParameterFiles {
    private static final int MAGIC = 0x4A344C55; // "UL4J" little-endian
    private static final int VERSION = 1;

    private ParameterFiles() {}

    static Path save(TrainableModel model, Path folder, String stem) {
        float[] p = model.parameters();
        byte[] arch = model.description().architecture().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + arch.length + 4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(arch.length).put(arch).putInt(p.length);
        for (float v : p) {
            b.putFloat(v);
        }
        byte[] bytes = b.array();
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(stem + "-" + sha(bytes) + ".params");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Finds a saved file for a stem, checks its checksum and architecture, and loads it into the model. */
    static Optional<Path> loadInto(TrainableModel model, Path folder, String stem) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, stem + "-*.params")) {
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                String expected = name.substring(stem.length() + 1, name.length() - ".params".length());
                if (!sha(bytes).equals(expected)) {
                    throw new UnlearnException("saved model " + file + " does not match the checksum in its name; "
                            + "delete it to retrain");
                }
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                if (b.getInt() != MAGIC || b.getInt() != VERSION) {
                    throw InvalidRequestException.of("model file", file, "not an unlearn4j parameter file");
                }
                byte[] arch = new byte[b.getInt()];
                b.get(arch);
                String architecture = new String(arch, StandardCharsets.UTF_8);
                if (!architecture.equals(model.description().architecture())) {
                    throw InvalidRequestException.of("model file", file,
                            "holds " + architecture + ", expected " + model.description().architecture());
                }
                float[] p = new float[b.getInt()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = b.getFloat();
                }
                model.setParameters(p);
                return Optional.of(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read models in " + folder + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    /**
     * Reads a parameter file's floats, for checking a receipt's fingerprints. Any file name; the
     * checksum in a saved file's name is not consulted, since comparing the parameters with the
     * receipt's fingerprint is the check that matters.
     */
    static float[] read(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw InvalidRequestException.of(option, file, Files.exists(file) ? "is not a file"
                    : "does not exist; give a .params file that forget saved");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InvalidRequestException.of(option, file, "cannot be read: " + e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.getInt() != MAGIC || b.getInt() != VERSION) {
                throw InvalidRequestException.of(option, file, "is not an unlearn4j parameter file (no UL4J header)");
            }
            int architectureLength = b.getInt();
            b.position(b.position() + architectureLength);
            int count = b.getInt();
            if (count < 0 || count != b.remaining() / 4 || b.remaining() % 4 != 0) {
                throw InvalidRequestException.of(option, file, "is truncated or damaged: it announces " + count
                        + " parameters and holds " + b.remaining() + " bytes of them");
            }
            float[] p = new float[count];
            for (int i = 0; i < p.length; i++) {
                p[i] = b.getFloat();
            }
            return p;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw InvalidRequestException.of(option, file, "is truncated or damaged: not an unlearn4j parameter file");
        }
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
