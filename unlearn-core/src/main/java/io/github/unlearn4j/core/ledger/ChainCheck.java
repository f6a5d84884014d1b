package io.github.unlearn4j.core.ledger;

/**
 * The outcome of {@link LedgerStore#verify}: whether every entry's hash, every link and every
 * stored model's fingerprint match, and if not, the first entry that does not.
 *
 * @param intact whether everything matched
 * @param entries the entries checked
 * @param firstBadEntry the index of the first entry that does not match, or null
 * @param problem what did not match, or empty
 */
public record ChainCheck(boolean intact, long entries, Long firstBadEntry, String problem) {
    static ChainCheck ok(long entries) {
        return new ChainCheck(true, entries, null, "");
    }

    static ChainCheck broken(long entries, long index, String problem) {
        return new ChainCheck(false, entries, index, "entry " + index + ": " + problem);
    }
}
