package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One link of the tamper-evident chain: a receipt, the requests it applied, the model versions
 * before and after with their fingerprints, and the hash of the previous entry.
 *
 * <p>{@code hash} is the {@link DataFingerprint} (SHA-256, every value with its type and length) of
 * index, previous hash, the number of request ids and each id, version before (−1 for none),
 * fingerprint before, version after, fingerprint after, the receipt and the creation time; the
 * first entry's previous hash is 64 zeros. Changing any stored field of any entry changes its
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
        DataFingerprint.Builder b = DataFingerprint.builder().add(index).add(previousHash).add(requestIds.size());
        for (String id : requestIds) {
            b.add(id);
        }
        return b.add(versionBefore == null ? -1 : versionBefore).add(fingerprintBefore).add(versionAfter)
                .add(fingerprintAfter).add(receipt).add(created.toString()).hex();
    }

    /** @return whether the stored hash is the hash of the stored fields */
    public boolean hashMatches() {
        return hash.equals(hashOf(index, previousHash, requestIds, versionBefore, fingerprintBefore, versionAfter,
                fingerprintAfter, receipt, created));
    }
}
