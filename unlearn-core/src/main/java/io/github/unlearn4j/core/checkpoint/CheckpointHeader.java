package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a checkpoint's header says it holds: the model's provenance ({@link CheckpointKey}), how long
 * its training took, when it was saved, and free metadata.
 *
 * @param key what the model is and what it depends on
 * @param trainingSeconds how long its training took, in seconds; NaN when unknown
 * @param created when it was saved (kept to the millisecond, as the file stores it)
 * @param metadata free text, by name (names not blank); kept sorted by name
 */
public record CheckpointHeader(CheckpointKey key, double trainingSeconds, Instant created,
        Map<String, String> metadata) {

    /**
     * Checks and copies.
     *
     * @param key the key
     * @param trainingSeconds the training time
     * @param created the creation time
     * @param metadata the metadata
     * @throws InvalidRequestException naming the field that is not allowed: a negative or infinite
     *     training time, a blank metadata name, a null value, text that is not valid Unicode
     */
    public CheckpointHeader {
        Objects.requireNonNull(key, "key");
        if (trainingSeconds < 0 || Double.isInfinite(trainingSeconds)) {
            throw InvalidRequestException.of("checkpoint training seconds", trainingSeconds, "must be finite and"
                    + " not negative, or NaN when unknown");
        }
        created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.MILLIS);
        SortedMap<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(metadata, "metadata").entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || !CheckpointKey.encodable(e.getKey())) {
                throw InvalidRequestException.of("checkpoint metadata name", e.getKey(), "must not be blank, in"
                        + " valid Unicode");
            }
            if (e.getValue() == null || !CheckpointKey.encodable(e.getValue())) {
                throw InvalidRequestException.of("checkpoint metadata " + e.getKey(), e.getValue(), "must not be"
                        + " null, in valid Unicode");
            }
            m.put(e.getKey(), e.getValue());
        }
        metadata = Collections.unmodifiableSortedMap(m);
    }

    /**
     * A header saved now, without metadata.
     *
     * @param key the key
     * @param trainingSeconds the training time, NaN when unknown
     * @return the header
     */
    public static CheckpointHeader of(CheckpointKey key, double trainingSeconds) {
        return new CheckpointHeader(key, trainingSeconds, Instant.now(), Map.of());
    }
}
