package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads checkpoint files. The format (version {@value #VERSION}), all little-endian:
 *
 * <pre>
 * magic            4 bytes  "UL4C"
 * version          int      1
 * header length    int      H, in [0, 1 MiB]
 * header           H bytes:
 *   kind             string   (a string: int byte count, then that many bytes of UTF-8)
 *   architecture     string
 *   parameter count  int      N
 *   data fingerprint string   (64 lower-case hex digits)
 *   recipe           string
 *   seed             long
 *   training seconds double   (NaN when unknown)
 *   created          long     (milliseconds since 1970-01-01T00:00Z)
 *   metadata count   int      M, then M pairs of strings (name, value), sorted by name
 * parameters       N floats (IEEE-754 binary32, raw bits)
 * checksum         32 bytes: the SHA-256 of every byte before it
 * </pre>
 *
 * <p>A read checks every length and count against the bytes the file has before it allocates
 * anything, checks every field, and checks the checksum before it returns; anything wrong is a
 * {@link CheckpointException} naming the file and the field. A write goes to a temporary file in
 * the same folder, which is then moved onto the target in one atomic step where the file system
 * can (and replaces it otherwise), so a killed run leaves the old file or the new one, never half
 * of one. The checksum catches damage, not forgery: anyone who can write the folder can write a
 * valid checkpoint.
 */
public final class Checkpoints {
    /** The file name extension of a checkpoint. */
    public static final String EXTENSION = ".ckpt";
    /** The format version this class writes, and the only one it reads. */
    public static final int VERSION = 1;
    /** The largest header a checkpoint may have, in bytes. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    static final byte[] MAGIC = {'U', 'L', '4', 'C'};
    /** The magic of the parameter files that came before checkpoints. */
    static final byte[] OLD_MAGIC = {'U', 'L', '4', 'J'};
    /** Magic, version, header length. */
    static final int PREFIX_BYTES = 12;
    static final int CHECKSUM_BYTES = 32;
    static final int CHUNK = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {}

    /**
     * Writes a checkpoint: to a temporary file in the target's folder (created if missing), then
     * moved onto the target.
     *
     * @param file the target; replaced if it exists
     * @param checkpoint the checkpoint
     * @return the file
     * @throws InvalidRequestException when the header would exceed {@link #MAX_HEADER_BYTES}
     * @throws UncheckedIOException naming the file when it cannot be written; the target is then
     *     as it was, and no temporary file is left
     */
    public static Path write(Path file, Checkpoint checkpoint) {
        byte[] header = encodeHeader(checkpoint.header());
        if (header.length > MAX_HEADER_BYTES) {
            throw InvalidRequestException.of("checkpoint header", header.length + " bytes", "is more than the "
                    + MAX_HEADER_BYTES + " a checkpoint's header may hold; shorten the recipe or the metadata");
        }
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                MessageDigest md = DataFingerprint.sha256();
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                buf.put(MAGIC).putInt(VERSION).putInt(header.length);
                emit(ch, md, buf);
                md.update(header);
                writeFully(ch, ByteBuffer.wrap(header));
                float[] p = checkpoint.parametersView();
                for (int off = 0; off < p.length; ) {
                    int n = Math.min(p.length - off, CHUNK / 4);
                    buf.asFloatBuffer().put(p, off, n);
                    buf.position(4 * n);
                    emit(ch, md, buf);
                    off += n;
                }
                writeFully(ch, ByteBuffer.wrap(md.digest()));
                ch.force(true);
            }
            move(tmp, target);
            tmp = null;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("cannot delete the temporary file {}: {}", tmp, e.toString());
                }
            }
        }
    }

    /**
     * Reads a checkpoint, whatever its provenance; {@link CheckpointStore#find} reads one only when
     * its provenance is the expected one.
     *
     * @param file the file
     * @return the checkpoint
     * @throws CheckpointException naming the file and the field when it is not a checkpoint of
     *     this format version, or is corrupt
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Checkpoint read(Path file) {
        try (CheckpointReader r = CheckpointReader.open(file)) {
            return r.checkpoint(r.header());
        }
    }

    /**
     * Reads a checkpoint's header only, checking it and the file's size against it (not the
     * checksum, which covers the parameters too: {@link #read} checks it).
     *
     * @param file the file
     * @return the header
     * @throws CheckpointException naming the file and the field when it is not a checkpoint of
     *     this format version, or its header is corrupt
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static CheckpointHeader readHeader(Path file) {
        try (CheckpointReader r = CheckpointReader.open(file)) {
            return r.header();
        }
    }

    /** Moves atomically where the file system can, else with a plain replacing move. */
    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.debug("atomic move not supported for {}, replacing it: {}", target, e.toString());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void emit(FileChannel ch, MessageDigest md, ByteBuffer buf) throws IOException {
        buf.flip();
        md.update(buf.array(), 0, buf.limit());
        writeFully(ch, buf);
        buf.clear();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The key's fields, in the header's encoding: also what {@link CheckpointKey#hash()} hashes. */
    static byte[] encodeKey(CheckpointKey key) {
        return encode(key, null);
    }

    static byte[] encodeHeader(CheckpointHeader header) {
        return encode(header.key(), header);
    }

    private static byte[] encode(CheckpointKey key, CheckpointHeader header) {
        List<byte[]> strings = new ArrayList<>();
        strings.add(utf8(key.kind()));
        strings.add(utf8(key.architecture()));
        strings.add(utf8(key.dataFingerprint()));
        strings.add(utf8(key.recipe()));
        if (header != null) {
            for (Map.Entry<String, String> e : header.metadata().entrySet()) {
                strings.add(utf8(e.getKey()));
                strings.add(utf8(e.getValue()));
            }
        }
        long size = 4 + 8 + (header != null ? 8 + 8 + 4 : 0);
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw InvalidRequestException.of("checkpoint header", size + " bytes", "is more than the "
                    + MAX_HEADER_BYTES + " a checkpoint's header may hold; shorten the recipe or the metadata");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        put(b, strings.get(0));
        put(b, strings.get(1));
        b.putInt(key.parameterCount());
        put(b, strings.get(2));
        put(b, strings.get(3));
        b.putLong(key.seed());
        if (header != null) {
            b.putDouble(header.trainingSeconds()).putLong(header.created().toEpochMilli())
                    .putInt(header.metadata().size());
            for (int i = 4; i < strings.size(); i++) {
                put(b, strings.get(i));
            }
        }
        return b.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }
}
