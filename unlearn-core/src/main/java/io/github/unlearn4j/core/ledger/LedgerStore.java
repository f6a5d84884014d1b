package io.github.unlearn4j.core.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the deletion ledger lives: requests, model versions and the receipt chain. Implementations
 * make every write durable before returning and are safe for any number of threads.
 *
 * <p>Order of calls in one round: {@link #pending} (the requests to apply), the application unlearns
 * and writes the new model's parameters (atomically, to a temporary file moved into place), then
 * {@link #addVersion}, then {@link #append}, which records the receipt and marks the requests applied
 * in one transaction: a round interrupted before {@link #append} leaves its requests pending, so
 * they are applied exactly once in the end.
 */
public interface LedgerStore extends AutoCloseable {
    /**
     * Records a deletion request; returns only after it is committed. Idempotent on the id: the same
     * id with the same rows returns the first submission, marked duplicate.
     *
     * @param requestId the caller's id
     * @param rows the rows to forget (sorted and made distinct)
     * @return the committed request
     * @throws io.github.unlearn4j.api.InvalidRequestException on a bad id or rows, or when the id was
     *     submitted before with other rows
     */
    SubmitResult submit(String requestId, int[] rows);

    /**
     * @param requestId an id
     * @return the request, if submitted
     */
    Optional<DeletionRequest> find(String requestId);

    /** @return the pending requests, in commit order */
    List<DeletionRequest> pending();

    /** @return every request, in commit order */
    List<DeletionRequest> requests();

    /**
     * Records a model version.
     *
     * @param fingerprint the SHA-256 of its parameters
     * @param parent the version it was made from, or null
     * @param location where its parameters are stored
     * @return the version
     */
    ModelVersion addVersion(String fingerprint, Long parent, String location);

    /**
     * @param id a version number
     * @return the version, if recorded
     */
    Optional<ModelVersion> version(long id);

    /** @return the version the last chain entry produced (the one to serve), if any */
    Optional<ModelVersion> servedVersion();

    /** @return every recorded model version, by id */
    List<ModelVersion> versions();

    /**
     * The orphaned model versions: those that no chain entry names (as the version before or after)
     * and that are not served. A round killed after {@link #addVersion} and before {@link #append}
     * leaves one. While the chain is empty, the first version (the lowest id: the original model,
     * which the ledger serves until the first round) is not an orphan.
     *
     * @return the orphans, by id
     */
    List<ModelVersion> orphanVersions();

    /**
     * Removes the {@link #orphanVersions() orphaned versions}' records, in one transaction; their
     * parameter files are the caller's to delete. Do not call it while a round may stand between
     * {@link #addVersion} and {@link #append}: its version would be removed and its {@code append}
     * would fail (its requests stay pending, so nothing is lost, but the round's work is).
     * {@link DeletionLedger#prune()} holds the lock that rounds in its process take.
     *
     * @return the versions removed, by id
     */
    List<ModelVersion> removeOrphanVersions();

    /**
     * Appends a receipt to the chain and marks its requests applied, in one transaction.
     *
     * @param requestIds the pending requests the round applied
     * @param versionBefore the version the round started from, or null
     * @param versionAfter the version it produced
     * @param receiptJson the receipt
     * @return the entry
     * @throws io.github.unlearn4j.api.InvalidRequestException when a request is unknown or not
     *     pending, or a version is unknown (nothing is written then)
     */
    LedgerEntry append(List<String> requestIds, Long versionBefore, long versionAfter, String receiptJson);

    /** @return the chain, in order */
    List<LedgerEntry> entries();

    /**
     * Recomputes the chain: every entry's hash and its link to the previous one, and the fingerprints
     * of the model versions it names, as stored now.
     *
     * @param fingerprinter the SHA-256 of a version's stored parameters, read from its location
     * @return intact, or the first entry that does not match and why
     */
    ChainCheck verify(Function<ModelVersion, String> fingerprinter);

    /** Releases the connection. */
    @Override
    void close();
}
