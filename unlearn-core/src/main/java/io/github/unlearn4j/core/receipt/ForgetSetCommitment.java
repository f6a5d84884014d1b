package io.github.unlearn4j.core.receipt;

import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The keyed commitment to a forget set that a receipt carries instead of the ids ({@link #SCHEME}).
 *
 * <p>Why keyed: a plain hash of the sorted ids (what receipts of schema {@code unlearn4j-receipt/1}
 * held) can be reversed by hashing every candidate set; with one row out of 3,000 that takes
 * milliseconds. A random salt stored beside the hash does not help, since the attacker reads the
 * salt too. An HMAC under a key the application keeps cannot be tested without the key, and the
 * application, which has it, can still show which set a receipt was for ({@link #matches}).
 *
 * <p>The receipt's request id is part of the message, so two receipts for the same rows carry
 * different commitments and cannot be linked by comparing them.
 *
 * <p>Without a key a receipt holds no commitment at all ({@link #NONE}): anything derived from the
 * ids alone, salted or not, could be reversed the same way.
 */
public final class ForgetSetCommitment {
    /** How the commitment is computed, as written in receipts. */
    public static final String SCHEME = "HMAC-SHA256 under the application's receipt key (named by seal.keyId) over:"
            + " the ASCII bytes of \"unlearn4j-forget-set/1\", a 0x00 byte, the receipt's requestId in ASCII, a 0x00"
            + " byte, then the forget ids (row indices into the training set) sorted ascending, each as a 4-byte"
            + " big-endian two's-complement int; lower-case hex";
    /** What a receipt made without a key says instead of a scheme. */
    public static final String NONE = "none: no receipt key was given, so the receipt holds no commitment to the"
            + " forget set (a hash of the ids alone, salted or not, can be reversed by trying every candidate set);"
            + " the forget set is identified only by its size";

    private static final byte[] DOMAIN = "unlearn4j-forget-set/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = {0};

    private ForgetSetCommitment() {}

    /**
     * Computes the commitment ({@link #SCHEME}); the order of the ids does not matter.
     *
     * @param key the application's receipt key
     * @param requestId the receipt's request id
     * @param ids the forget ids
     * @return 64 lower-case hex digits
     */
    public static String compute(ReceiptKey key, String requestId, int[] ids) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestId, "requestId");
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        ByteBuffer buf = ByteBuffer.allocate(4 * sorted.length).order(ByteOrder.BIG_ENDIAN);
        for (int id : sorted) {
            buf.putInt(id);
        }
        return HexFormat.of().formatHex(key.hmac(DOMAIN, SEPARATOR, requestId.getBytes(StandardCharsets.US_ASCII),
                SEPARATOR, buf.array()));
    }

    /**
     * Whether a receipt was made for exactly this set of rows: the application's proof of which
     * set it was. Compares in constant time. Check the receipt's MAC first ({@link ReceiptVerifier}):
     * this looks only at the commitment.
     *
     * @param receipt the receipt
     * @param key the key the receipt was made with
     * @param candidateIds the rows, in any order
     * @return true if the receipt commits to exactly these rows
     * @throws InvalidRequestException naming {@code receipt.forgetSet.commitment} when the receipt
     *     holds none (it was made without a key), or {@code receipt.seal.keyId} when it was sealed
     *     under another key
     */
    public static boolean matches(UnlearningReceipt receipt, ReceiptKey key, int[] candidateIds) {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(candidateIds, "candidateIds");
        String stored = receipt.forgetSet() == null ? null : receipt.forgetSet().commitment();
        if (stored == null) {
            throw InvalidRequestException.of("receipt.forgetSet.commitment", "null",
                    "the receipt was made without a receipt key, so it cannot show which rows it was for");
        }
        if (receipt.seal() != null && !key.id().equals(receipt.seal().keyId())) {
            throw InvalidRequestException.of("receipt.seal.keyId", receipt.seal().keyId(),
                    "the receipt was made with another key; the given key has id " + key.id());
        }
        String mine = compute(key, receipt.requestId(), candidateIds);
        return MessageDigest.isEqual(mine.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
    }
}
