package io.github.unlearn4j.core.ledger;

import java.util.Objects;

/**
 * What {@link LedgerStore#submit} returned: the committed request, and whether it was already there.
 *
 * @param request the request as committed (the first submission's, for a repeat)
 * @param duplicate whether this id had been submitted before with the same rows
 */
public record SubmitResult(DeletionRequest request, boolean duplicate) {
    /**
     * Checks.
     *
     * @param request request
     * @param duplicate duplicate
     */
    public SubmitResult {
        Objects.requireNonNull(request, "request");
    }
}
