package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.InvalidRequestException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One deletion request as the ledger holds it.
 *
 * @param id the caller's id, on which submission is idempotent
 * @param rows the training rows to forget, ascending and distinct
 * @param received when it was committed
 * @param state pending or applied
 * @param sequence its position in commit order, from 1
 */
public record DeletionRequest(String id, int[] rows, Instant received, RequestState state, long sequence) {
    /** The longest request id. */
    public static final int MAX_ID_LENGTH = 200;

    /**
     * Validates and copies.
     *
     * @param id id
     * @param rows rows
     * @param received received
     * @param state state
     * @param sequence sequence
     */
    public DeletionRequest {
        checkId(id);
        rows = checkRows(rows);
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(state, "state");
    }

    /** @return a copy of the rows */
    @Override
    public int[] rows() {
        return rows.clone();
    }

    /**
     * Checks a request id: 1 to {@link #MAX_ID_LENGTH} printable characters.
     *
     * @param id the id
     * @return it
     * @throws InvalidRequestException naming {@code requestId}
     */
    static String checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw InvalidRequestException.of("requestId", id == null ? "null" : "'" + id + "'",
                    "must be 1 to " + MAX_ID_LENGTH + " printable characters");
        }
        return id;
    }

    /**
     * Checks rows: at least one, none negative; returns them sorted and without duplicates.
     *
     * @param rows the rows
     * @return a sorted, distinct copy
     * @throws InvalidRequestException naming {@code rows}
     */
    static int[] checkRows(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw InvalidRequestException.of("rows", rows == null ? "null" : "[]", "name at least one row to forget");
        }
        int[] sorted = Arrays.stream(rows).sorted().distinct().toArray();
        if (sorted[0] < 0) {
            throw InvalidRequestException.of("rows", sorted[0], "row ids are not negative");
        }
        return sorted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeletionRequest r && id.equals(r.id) && Arrays.equals(rows, r.rows)
                && received.equals(r.received) && state == r.state && sequence == r.sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(rows), received, state, sequence);
    }

    @Override
    public String toString() {
        return "DeletionRequest[" + id + ", " + rows.length + " rows, " + state + ", #" + sequence + "]";
    }
}
