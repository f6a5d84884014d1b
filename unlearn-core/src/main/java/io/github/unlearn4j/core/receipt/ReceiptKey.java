package io.github.unlearn4j.core.receipt;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The application's secret key for receipts (HMAC-SHA256). One key serves two purposes, kept
 * apart by a distinct prefix in each HMAC message:
 *
 * <ul>
 *   <li>the forget-set commitment ({@link ForgetSetCommitment}): who holds the key can later show
 *       which rows a receipt was for, and nobody without it can test a guess;
 *   <li>the receipt's MAC ({@link ReceiptMac}): who holds the key can tell an edited receipt from
 *       the one that was issued.
 * </ul>
 *
 * <p>The key is never written into a receipt; a receipt names it only by its {@link #id()}, a
 * one-way tag from which the key cannot be recovered. Keep the key where the application keeps its
 * other secrets: whoever has it can also make receipts that verify, and can test guessed forget sets
 * against a receipt's commitment. Losing it means old receipts can no longer be checked.
 *
 * <p>A key file holds the key as hexadecimal text ({@link #FILE_FORMAT}); {@code openssl rand -hex 32}
 * makes one, and so does {@link #write(Path)} after {@link #generate()}.
 *
 * <p>{@link #toString()} shows the id only. Instances are immutable and thread-safe.
 */
public final class ReceiptKey {
    /** The smallest key length, in bytes (the output length of SHA-256, as RFC 2104 advises). */
    public static final int MIN_BYTES = 32;
    /** The length of a key made by {@link #generate()}, in bytes. */
    public static final int GENERATED_BYTES = 32;
    /** The MAC algorithm, as written in receipts. */
    public static final String ALGORITHM = "HMAC-SHA256";
    /** What a key file holds. */
    public static final String FILE_FORMAT = "the key as hexadecimal text, at least " + 2 * MIN_BYTES
            + " hex digits (" + MIN_BYTES + " bytes), surrounding whitespace ignored";
    /** How {@link #id()} is derived from the key. */
    public static final String ID_ENCODING = "the first 16 hex digits of HMAC-SHA256(key, the ASCII bytes of"
            + " \"unlearn4j-receipt-key-id/1\")";

    private static final String JCA_NAME = "HmacSHA256";
    private static final byte[] ID_DOMAIN = "unlearn4j-receipt-key-id/1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String id;

    private ReceiptKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, JCA_NAME);
        this.id = HexFormat.of().formatHex(hmac(ID_DOMAIN)).substring(0, 16);
    }

    /**
     * A key from its bytes, which are copied.
     *
     * @param bytes at least {@value #MIN_BYTES} bytes, from a secure random source
     * @return the key
     * @throws InvalidRequestException naming {@code receipt key} and the length when it is too short
     */
    public static ReceiptKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < MIN_BYTES) {
            throw InvalidRequestException.of("receipt key", bytes.length + " bytes", "must be at least " + MIN_BYTES
                    + " bytes from a secure random source; make one with ReceiptKey.generate() or"
                    + " `openssl rand -hex 32`");
        }
        return new ReceiptKey(bytes.clone());
    }

    /**
     * A new random key of {@value #GENERATED_BYTES} bytes from {@link SecureRandom}.
     *
     * @return the key; store it with {@link #write(Path)} or in the application's secret store
     */
    public static ReceiptKey generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return new ReceiptKey(bytes);
    }

    /**
     * Reads a key file ({@link #FILE_FORMAT}).
     *
     * @param file the file
     * @return the key
     * @throws InvalidRequestException naming {@code receipt key file} and the path: it does not
     *     exist, cannot be read, is not hex text, or holds too short a key (its content is never
     *     echoed)
     */
    public static ReceiptKey read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw InvalidRequestException.of("receipt key file", file, "does not exist; make one with"
                    + " `openssl rand -hex 32 > " + file + "` (or let `forget --receipt-key` generate it)");
        }
        if (Files.isDirectory(file)) {
            throw InvalidRequestException.of("receipt key file", file, "is a folder, not a key file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw InvalidRequestException.of("receipt key file", file, "cannot be read: " + e);
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("receipt key file", file, "is not a key file: expected " + FILE_FORMAT);
        }
        if (bytes.length < MIN_BYTES) {
            throw InvalidRequestException.of("receipt key file", file, "holds a " + bytes.length
                    + "-byte key; a key must be at least " + MIN_BYTES + " bytes (" + 2 * MIN_BYTES + " hex digits)");
        }
        return new ReceiptKey(bytes);
    }

    /**
     * Writes this key to a new file ({@link #FILE_FORMAT}, then a newline), readable and writable
     * by its owner only where the file system has POSIX permissions. Never replaces a file.
     *
     * @param file the file to create
     * @throws InvalidRequestException naming {@code receipt key file} and the path when a file is
     *     there already or its folder does not exist
     * @throws UnlearnException when writing fails otherwise
     */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw InvalidRequestException.of("receipt key file", file, "its folder " + parent + " does not exist");
        }
        byte[] text = (HexFormat.of().formatHex(key.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw InvalidRequestException.of("receipt key file", file, "exists already; a key file is never replaced");
        } catch (IOException e) {
            throw new UnlearnException("cannot write the receipt key to " + file + ": " + e, e);
        }
    }

    /**
     * A short public tag naming this key, written in receipts so that a verifier can tell which
     * key sealed one ({@link #ID_ENCODING}). It reveals nothing usable about the key.
     *
     * @return 16 lower-case hex digits
     */
    public String id() {
        return id;
    }

    /**
     * HMAC-SHA256 of the concatenated parts under this key.
     *
     * @param parts the message, in pieces
     * @return the 32-byte tag
     */
    byte[] hmac(byte[]... parts) {
        Mac mac = newMac();
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    /** @return a MAC initialised with this key */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform must provide " + JCA_NAME, e);
        }
    }

    /** @return {@code ReceiptKey[id=…]}; never the key itself */
    @Override
    public String toString() {
        return "ReceiptKey[id=" + id + "]";
    }
}
