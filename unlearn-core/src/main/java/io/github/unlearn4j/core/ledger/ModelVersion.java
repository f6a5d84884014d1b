package io.github.unlearn4j.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A model version the ledger knows: what its parameters hash to, which version it came from, and
 * where its parameters are stored.
 *
 * @param id its number, from 1
 * @param fingerprint the SHA-256 of its parameters (64 hex digits)
 * @param parent the version it was made from, or null for the first
 * @param location where its parameters are stored (a path or URI the application understands)
 * @param created when it was recorded
 */
public record ModelVersion(long id, String fingerprint, Long parent, String location, Instant created) {
    /**
     * Checks the fields.
     *
     * @param id id
     * @param fingerprint fingerprint
     * @param parent parent, or null
     * @param location location
     * @param created created
     */
    public ModelVersion {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(created, "created");
    }
}
