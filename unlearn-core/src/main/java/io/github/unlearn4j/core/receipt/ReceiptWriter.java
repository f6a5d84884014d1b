package io.github.unlearn4j.core.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Reads and writes receipts as JSON (Jackson). Call {@link #checkWritable} before any compute, so
 * that a bad path fails in a second rather than after an hour of unlearning; {@link #write} then
 * writes atomically (a temporary file in the same folder, moved into place).
 */
public final class ReceiptWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReceiptWriter() {}

    /**
     * Checks that a receipt can be written to a path, by creating and deleting a temporary file
     * next to it (permission bits alone say little when running as root or on a read-only mount).
     * Writes nothing else; an existing file at the path is left as it is (it will be replaced).
     *
     * @param path where the receipt will go
     * @throws InvalidRequestException naming {@code receipt} and the path: it is a folder, its
     *     folder does not exist or is not a folder, or nothing can be created there
     */
    public static void checkWritable(Path path) {
        Objects.requireNonNull(path, "path");
        Path abs = path.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw InvalidRequestException.of("receipt", path, "is a folder; give a file name such as receipt.json");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw InvalidRequestException.of("receipt", path, "exists and cannot be overwritten");
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.exists(parent)) {
            throw InvalidRequestException.of("receipt", path, "its folder " + parent + " does not exist; create it first");
        }
        if (!Files.isDirectory(parent)) {
            throw InvalidRequestException.of("receipt", path, "its parent " + parent + " is not a folder");
        }
        try {
            Path probe = Files.createTempFile(parent, ".unlearn4j-receipt-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw InvalidRequestException.of("receipt", path, "cannot create a file in " + parent + ": " + e);
        }
    }

    /**
     * The receipt as indented JSON.
     *
     * @param receipt the receipt
     * @return the JSON text
     */
    public static String toJson(UnlearningReceipt receipt) {
        try {
            return MAPPER.writeValueAsString(Objects.requireNonNull(receipt, "receipt"));
        } catch (JsonProcessingException e) {
            throw new UnlearnException("cannot serialize the receipt: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a receipt from JSON. Unknown fields (from a newer version) are ignored.
     *
     * @param json the JSON text
     * @return the receipt
     * @throws InvalidRequestException if the text is not a receipt
     */
    public static UnlearningReceipt fromJson(String json) {
        try {
            return MAPPER.readValue(json, UnlearningReceipt.class);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of("receipt", "JSON", "not a valid receipt: " + e.getOriginalMessage());
        }
    }

    /**
     * Writes a receipt, atomically replacing any file at the path.
     *
     * @param receipt the receipt
     * @param path the file
     * @throws UnlearnException if writing fails
     */
    public static void write(UnlearningReceipt receipt, Path path) {
        String json = toJson(receipt);
        Path abs = path.toAbsolutePath().normalize();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(abs.getParent(), ".unlearn4j-receipt-", ".tmp");
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more
                }
            }
            throw new UnlearnException("cannot write the receipt to " + path + ": " + e, e);
        }
    }

    /**
     * Reads a receipt file.
     *
     * @param path the file
     * @return the receipt
     * @throws UnlearnException if it cannot be read
     * @throws InvalidRequestException if it is not a receipt
     */
    public static UnlearningReceipt read(Path path) {
        try {
            return fromJson(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UnlearnException("cannot read the receipt " + path + ": " + e, e);
        }
    }
}
