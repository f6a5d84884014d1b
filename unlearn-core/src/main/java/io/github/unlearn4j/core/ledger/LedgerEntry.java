package io.github.unlearn4j.core.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One link of the tamper-evident chain: a receipt, the requests it applied, the model versions
 * before and after with their fingerprints, and the hash of the previous entry.
 *
 * <p>{@code hash = SHA-256(index ‖ previousHash ‖ requestIds ‖ versionBefore ‖ fingerprintBefore ‖
 * versionAfter ‖ fingerprintAfter ‖ SHA-256(receipt) ‖ created)}, each field followed by a newline;
 * the first entry's previous hash is 64 zeros. Changing any stored field of any entry changes its
 * hash, and so breaks the link from the next entry.
 *
 * @param index its position, from 1
 * @param previousHash the previous entry's hash (64 zeros for the first)
 * @param hash this entry's hash
 * @param requestIds the requests this entry applied, in commit order
 * @param versionBefore the model version the round started from, or null for none
 * @param fingerprintBefore its fingerprint, or empty
 * @param versionAfter the model version the round produced
 * @param fingerprintAfter its fingerprint
 * @param receipt the receipt's JSON
 * @param created when it was appended
 */
public record LedgerEntry(long index, String previousHash, String hash, List<String> requestIds, Long versionBefore,
        String fingerprintBefore, long versionAfter, String fingerprintAfter, String receipt, Instant created) {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * Copies the list.
     *
     * @param index index
     * @param previousHash previous hash
     * @param hash hash
     * @param requestIds request ids
     * @param versionBefore version before, or null
     * @param fingerprintBefore fingerprint before
     * @param versionAfter version after
     * @param fingerprintAfter fingerprint after
     * @param receipt receipt
     * @param created created
     */
    public LedgerEntry {
        requestIds = List.copyOf(requestIds);
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(fingerprintBefore, "fingerprintBefore");
        Objects.requireNonNull(fingerprintAfter, "fingerprintAfter");
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(created, "created");
    }

    /**
     * Computes an entry's hash from its fields (see the class comment).
     *
     * @param index index
     * @param previousHash previous hash
     * @param requestIds request ids
     * @param versionBefore version before, or null
     * @param fingerprintBefore fingerprint before
     * @param versionAfter version after
     * @param fingerprintAfter fingerprint after
     * @param receipt receipt JSON
     * @param created created
     * @return 64 lower-case hex digits
     */
    public static String hashOf(long index, String previousHash, List<String> requestIds, Long versionBefore,
            String fingerprintBefore, long versionAfter, String fingerprintAfter, String receipt, Instant created) {
        StringBuilder b = new StringBuilder();
        b.append(index).append('\n').append(previousHash).append('\n');
        for (String id : requestIds) {
            b.append(id.length()).append(':').append(id);
        }
        b.append('\n').append(versionBefore == null ? "-" : versionBefore.toString()).append('\n')
                .append(fingerprintBefore).append('\n').append(versionAfter).append('\n').append(fingerprintAfter)
                .append('\n').append(sha256(receipt)).append('\n').append(created).append('\n');
        return sha256(b.toString());
    }

    /** @return whether the stored hash is the hash of the stored fields */
    public boolean hashMatches() {
        return hash.equals(hashOf(index, previousHash, requestIds, versionBefore, fingerprintBefore, versionAfter,
                fingerprintAfter, receipt, created));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
