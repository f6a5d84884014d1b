package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.model.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** The largest file {@link #save} can write: one Java array. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

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

    /**
     * Finds a saved file for a stem, checks its checksum and architecture, and loads it into the
     * model. A file that is not a parameter file, or is corrupt, fails with an
     * {@link UnlearnException} naming it.
     */
    static Optional<Path> loadInto(TrainableModel model, Path folder, String stem) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, stem + "-*.params")) {
            for (Path file : files) {
                if (Files.size(file) > MAX_FILE) {
                    throw corrupt("model file", file, "it has " + Files.size(file) + " bytes, more than a parameter file can");
                }
                byte[] bytes = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                String expected = name.substring(stem.length() + 1, name.length() - ".params".length());
                if (!sha(bytes).equals(expected)) {
                    throw new UnlearnException("saved model " + file + " does not match the checksum in its name; "
                            + "delete it to retrain");
                }
                model.setParameters(read(file, bytes, model));
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
        return parse(file, bytes, option).parameters();
    }

    /**
     * Parses a parameter file's content, checking every length it claims against the bytes there
     * are before allocating, and the architecture and parameter count against the model's.
     */
    static float[] read(Path file, byte[] bytes, TrainableModel model) {
        Parsed parsed = parse(file, bytes, "model file");
        String expected = model.description().architecture();
        if (!parsed.architecture().equals(expected)) {
            throw InvalidRequestException.of("model file", file, "holds " + parsed.architecture() + ", expected "
                    + expected);
        }
        if (parsed.parameters().length != model.description().parameterCount()) {
            throw InvalidRequestException.of("model file", file, "holds " + parsed.parameters().length
                    + " parameters; " + expected + " has " + model.description().parameterCount());
        }
        return parsed.parameters();
    }

    private record Parsed(String architecture, float[] parameters) {}

    /** Every length the file claims is checked against the bytes there are before allocating. */
    private static Parsed parse(Path file, byte[] bytes, String field) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt() != MAGIC || b.getInt() != VERSION) {
            throw InvalidRequestException.of(field, file,
                    "is not an unlearn4j parameter file (it must start with \"UL4J\" and version " + VERSION + ")");
        }
        int archLength = b.getInt();
        if (archLength < 0 || archLength > b.remaining() - 4) {
            throw corrupt(field, file, "its architecture name claims " + archLength + " bytes, and " + b.remaining()
                    + " bytes follow");
        }
        byte[] arch = new byte[archLength];
        b.get(arch);
        int count = b.getInt();
        if (count < 0 || 4L * count != b.remaining()) {
            throw corrupt(field, file, "it claims " + count + " parameters, and " + b.remaining() + " bytes follow");
        }
        float[] p = new float[count];
        b.asFloatBuffer().get(p);
        return new Parsed(new String(arch, StandardCharsets.UTF_8), p);
    }

    private static InvalidRequestException corrupt(String field, Path file, String why) {
        return InvalidRequestException.of(field, file, "is corrupt: " + why + "; delete it to retrain");
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
