package io.github.unlearn4j.core.checkpoint;

import static io.github.unlearn4j.core.checkpoint.Checkpoints.CHECKSUM_BYTES;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.CHUNK;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.MAGIC;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.MAX_HEADER_BYTES;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.OLD_MAGIC;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.PREFIX_BYTES;
import static io.github.unlearn4j.core.checkpoint.Checkpoints.VERSION;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one checkpoint file in two steps: the header, then (only if the caller wants the model)
 * the parameters and the checksum. Every length and count is checked against the bytes the file
 * has before anything is allocated for it; the header is at most {@link
 * Checkpoints#MAX_HEADER_BYTES}, and the parameters are allocated only once the file's size is
 * exactly what the header says.
 */
final class CheckpointReader implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final MessageDigest md = DataFingerprint.sha256();

    private CheckpointReader(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    static CheckpointReader open(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            return new CheckpointReader(file, ch, ch.size());
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e, e);
        }
    }

    /**
     * Reads and checks the header, and the file's size against it.
     *
     * @return the header
     */
    CheckpointHeader header() {
        ByteBuffer start = read((int) Math.min(size, PREFIX_BYTES), "its start");
        byte[] magic = Arrays.copyOf(start.array(), Math.min(4, start.limit()));
        if (Arrays.equals(magic, OLD_MAGIC)) {
            throw new CheckpointException(file, "is a parameter file of the old \"UL4J\" format, which unlearn4j no"
                    + " longer reads; delete it and run again to regenerate the model as a checkpoint (\"UL4C\")");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException(file, "is not an unlearn4j checkpoint (it must start with \"UL4C\");"
                    + " give a checkpoint file that unlearn4j saved");
        }
        if (size < PREFIX_BYTES) {
            throw corrupt("it is " + size + " bytes long, shorter than the " + PREFIX_BYTES
                    + " bytes of a checkpoint's start");
        }
        start.position(4);
        int version = start.getInt();
        if (version != VERSION) {
            throw new CheckpointException(file, "has checkpoint format version " + version + "; this unlearn4j reads"
                    + " version " + VERSION + " only" + (version > VERSION ? " (a newer unlearn4j wrote it)" : "")
                    + "; delete it and run again to regenerate it");
        }
        int headerLength = start.getInt();
        long rest = size - PREFIX_BYTES;
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES || headerLength > rest - CHECKSUM_BYTES) {
            throw corrupt("its header length is " + headerLength + " bytes, and " + rest + " bytes follow (the header"
                    + " may hold at most " + MAX_HEADER_BYTES + ", and a " + CHECKSUM_BYTES + "-byte checksum ends the"
                    + " file)");
        }
        CheckpointHeader header = parse(read(headerLength, "its header"));
        long count = header.key().parameterCount();
        long follow = rest - headerLength;
        if (follow != 4 * count + CHECKSUM_BYTES) {
            throw corrupt("its header claims " + count + " parameters (" + 4 * count + " bytes) and a "
                    + CHECKSUM_BYTES + "-byte checksum after it, and " + follow + " bytes follow");
        }
        return header;
    }

    /**
     * Reads the parameters and checks the checksum; call after {@link #header()}.
     *
     * @param header the header it read
     * @return the checkpoint
     */
    Checkpoint checkpoint(CheckpointHeader header) {
        float[] p = new float[header.key().parameterCount()];
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(4L * p.length, 4)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < p.length; ) {
            int n = Math.min(p.length - off, buf.capacity() / 4);
            buf.clear().limit(4 * n);
            fill(buf, "its parameters");
            md.update(buf.array(), 0, buf.limit());
            buf.flip().asFloatBuffer().get(p, off, n);
            off += n;
        }
        byte[] expected = md.digest();
        ByteBuffer checksum = ByteBuffer.allocate(CHECKSUM_BYTES);
        fill(checksum, "its checksum");
        if (!MessageDigest.isEqual(expected, checksum.array())) {
            throw corrupt("its SHA-256 checksum does not match its content, so it was changed or damaged after it"
                    + " was written");
        }
        return Checkpoint.owning(header, p);
    }

    private CheckpointHeader parse(ByteBuffer b) {
        String kind = string(b, "kind");
        String architecture = string(b, "architecture");
        int count = integer(b, "parameter count");
        if (count < 0) {
            throw corrupt("its parameter count is " + count);
        }
        String data = string(b, "data fingerprint");
        String recipe = string(b, "recipe");
        need(b, 8 + 8 + 8, "seed, training seconds and creation time");
        long seed = b.getLong();
        double seconds = b.getDouble();
        long created = b.getLong();
        int entries = integer(b, "metadata count");
        if (entries < 0 || entries > b.remaining() / 8) {
            throw corrupt("its metadata count is " + entries + ", and " + b.remaining() + " bytes of header follow"
                    + " (at least 8 for each entry)");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String name = string(b, "metadata name " + (i + 1));
            if (metadata.put(name, string(b, "metadata value of " + name)) != null) {
                throw corrupt("its metadata names " + name + " twice");
            }
        }
        if (b.hasRemaining()) {
            throw corrupt("its header has " + b.remaining() + " bytes after its last field");
        }
        try {
            CheckpointKey key = new CheckpointKey(kind, architecture, count, data, recipe, seed);
            return new CheckpointHeader(key, seconds, Instant.ofEpochMilli(created), metadata);
        } catch (InvalidRequestException e) {
            throw corrupt(e.getMessage());
        }
    }

    private int integer(ByteBuffer b, String field) {
        need(b, 4, field);
        return b.getInt();
    }

    private String string(ByteBuffer b, String field) {
        int length = integer(b, field + " length");
        if (length < 0 || length > b.remaining()) {
            throw corrupt("its " + field + " claims " + length + " bytes, and " + b.remaining()
                    + " bytes of header follow");
        }
        ByteBuffer bytes = b.slice(b.position(), length);
        b.position(b.position() + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw corrupt("its " + field + " is not valid UTF-8");
        }
    }

    private void need(ByteBuffer b, int bytes, String field) {
        if (b.remaining() < bytes) {
            throw corrupt("its header ends inside its " + field + " (" + bytes + " bytes needed, " + b.remaining()
                    + " left)");
        }
    }

    /** Reads n bytes (n checked by the caller against the file's size), hashing them. */
    private ByteBuffer read(int n, String what) {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        fill(b, what);
        md.update(b.array(), 0, n);
        return b.flip();
    }

    private void fill(ByteBuffer b, String what) {
        try {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw corrupt("it ended inside " + what + " (was it cut short while being read?)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e, e);
        }
    }

    private CheckpointException corrupt(String why) {
        return new CheckpointException(file, "is corrupt: " + why + "; delete it and run again to regenerate it");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close checkpoint " + file + ": " + e, e);
        }
    }
}
