package io.github.unlearn4j.core.ledger;

/** Where a deletion request stands. */
public enum RequestState {
    /** Committed, not yet applied to a served model. */
    PENDING,
    /** Applied: a chain entry names it, and its model version is served. */
    APPLIED
}
