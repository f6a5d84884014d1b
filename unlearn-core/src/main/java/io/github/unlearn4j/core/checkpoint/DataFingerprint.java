package io.github.unlearn4j.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a training set's identity, as a checkpoint records it ({@link
 * CheckpointKey#dataFingerprint()}): the caller adds what identifies its data (a name, sizes, the
 * labels, the features, forget ids), and two runs on the same data get the same fingerprint.
 * Every value is added with a type tag and its length, so that no two different sequences of
 * values hash the same bytes; floats are hashed as their raw IEEE-754 bits, little-endian.
 *
 * <p>Hashing all of Fashion-MNIST's training set (60,000 x 784 floats and the labels) takes 0.2 to
 * 0.7 s on one core of a 2-core machine, so a run can fingerprint its data's content, not only its
 * name and size.
 */
public final class DataFingerprint {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int CHUNK = 1 << 16;

    private DataFingerprint() {}

    /** @return a new, empty fingerprint */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a string has the form of a fingerprint.
     *
     * @param fingerprint the string, or null
     * @return true for 64 lower-case hex digits
     */
    public static boolean isValid(String fingerprint) {
        return fingerprint != null && HEX.matcher(fingerprint).matches();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Copies values {@code [off, off + n)} of an array into the buffer at its position. */
    @FunctionalInterface
    private interface Chunk {
        void copy(int off, int n);
    }

    /** Adds values in order, then {@link #hex()} gives the fingerprint. Not thread-safe. */
    public static final class Builder {
        private final MessageDigest md = sha256();
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private boolean done;

        private Builder() {}

        /**
         * Adds a string, as UTF-8.
         *
         * @param value the string
         * @return this builder
         */
        public Builder add(String value) {
            byte[] bytes = Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
            start('S', 4).putInt(bytes.length);
            flush();
            md.update(bytes);
            return this;
        }

        /**
         * Adds a number (a size, a seed).
         *
         * @param value the number
         * @return this builder
         */
        public Builder add(long value) {
            start('L', 8).putLong(value);
            return this;
        }

        /**
         * Adds ints (labels, row ids), in order.
         *
         * @param values the ints
         * @return this builder
         */
        public Builder add(int[] values) {
            return addAll('I', values.length, (off, n) -> buf.asIntBuffer().put(values, off, n));
        }

        /**
         * Adds floats (features), in order, as their raw bits.
         *
         * @param values the floats
         * @return this builder
         */
        public Builder add(float[] values) {
            return addAll('F', values.length, (off, n) -> buf.asFloatBuffer().put(values, off, n));
        }

        /** Adds a tag, a length and that many 4-byte values, which {@code put} copies in chunks. */
        private Builder addAll(char tag, int length, Chunk put) {
            start(tag, 4).putInt(length);
            for (int off = 0; off < length; ) {
                int n = Math.min(length - off, buf.remaining() / 4);
                if (n == 0) {
                    flush();
                    continue;
                }
                put.copy(off, n);
                buf.position(buf.position() + 4 * n);
                off += n;
            }
            return this;
        }

        /**
         * Finishes the fingerprint; the builder cannot be used afterwards.
         *
         * @return 64 lower-case hex digits
         * @throws IllegalStateException when called twice
         */
        public String hex() {
            ensureOpen();
            flush();
            done = true;
            return HexFormat.of().formatHex(md.digest());
        }

        private ByteBuffer start(char tag, int bytes) {
            ensureOpen();
            if (buf.remaining() < 1 + bytes) {
                flush();
            }
            return buf.put((byte) tag);
        }

        private void flush() {
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }

        private void ensureOpen() {
            if (done) {
                throw new IllegalStateException("this data fingerprint is finished: hex() was called; start a new"
                        + " one with DataFingerprint.builder()");
            }
        }
    }
}
