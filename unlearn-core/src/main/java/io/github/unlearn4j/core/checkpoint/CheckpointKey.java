package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a checkpoint's model is and what it depends on: the provenance a saved model must match to
 * be reused. A {@link CheckpointStore} names a file by the hash of its key, but trusts only the key
 * in the file's header: a file whose header holds another key is never loaded, whatever its name.
 *
 * @param kind what the model is, a lower-case word such as {@link #ORIGINAL} or {@link #UNLEARNED}
 *     (an open vocabulary: letters, digits and hyphens, starting with a letter, at most 64)
 * @param architecture the model's {@link ModelDescription#architecture()}
 * @param parameterCount the model's {@link ModelDescription#parameterCount()}
 * @param dataFingerprint what it was trained on: a {@link DataFingerprint} (64 lower-case hex digits)
 * @param recipe how it was trained: a description of the training recipe, its settings and schedule
 * @param seed the seed of its training
 */
public record CheckpointKey(String kind, String architecture, int parameterCount, String dataFingerprint,
        String recipe, long seed) {
    /** The kind of a model trained from scratch on all the data, before any unlearning. */
    public static final String ORIGINAL = "original";
    /** The kind of a model an unlearning method returned. */
    public static final String UNLEARNED = "unlearned";
    /** The most parameters a checkpoint can hold: the longest Java array. */
    public static final int MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /**
     * Checks every field.
     *
     * @param kind the kind
     * @param architecture the architecture
     * @param parameterCount the parameter count
     * @param dataFingerprint the data fingerprint
     * @param recipe the recipe
     * @param seed the seed
     * @throws InvalidRequestException naming the field and value that are not allowed
     */
    public CheckpointKey {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw InvalidRequestException.of("checkpoint kind", kind, "must be a lower-case word of letters, digits"
                    + " and hyphens, starting with a letter, at most 64 characters, e.g. " + ORIGINAL);
        }
        if (architecture == null || architecture.isBlank() || !encodable(architecture)) {
            throw InvalidRequestException.of("checkpoint architecture", architecture, "must name the model's"
                    + " architecture (ModelDescription.architecture()) in valid Unicode");
        }
        if (parameterCount < 0 || parameterCount > MAX_PARAMETERS) {
            throw InvalidRequestException.of("checkpoint parameter count", parameterCount, "must be in [0, "
                    + MAX_PARAMETERS + "]");
        }
        if (!DataFingerprint.isValid(dataFingerprint)) {
            throw InvalidRequestException.of("checkpoint data fingerprint", dataFingerprint, "must be 64 lower-case"
                    + " hex digits, the SHA-256 of the training data's identity (DataFingerprint)");
        }
        if (recipe == null || recipe.isBlank() || !encodable(recipe)) {
            throw InvalidRequestException.of("checkpoint recipe", recipe, "must describe how the model was trained"
                    + " (recipe, settings, schedule) in valid Unicode");
        }
    }

    /** Whether a string survives UTF-8 encoding unchanged (it has no unpaired surrogate). */
    static boolean encodable(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    /**
     * The key of a model: its architecture and parameter count from its description.
     *
     * @param kind what the model is, e.g. {@link #ORIGINAL}
     * @param model the model
     * @param dataFingerprint what it was (or will be) trained on
     * @param recipe how it was trained
     * @param seed the seed of its training
     * @return the key
     * @throws InvalidRequestException when a field is not allowed, or the model has more than
     *     {@link #MAX_PARAMETERS} parameters
     */
    public static CheckpointKey of(String kind, TrainableModel model, String dataFingerprint, String recipe,
            long seed) {
        ModelDescription d = model.description();
        long count = d.parameterCount();
        if (count > MAX_PARAMETERS) {
            throw InvalidRequestException.of("checkpoint parameter count", count, "is more than a checkpoint holds ("
                    + MAX_PARAMETERS + ", one Java array)");
        }
        return new CheckpointKey(kind, d.architecture(), (int) count, dataFingerprint, recipe, seed);
    }

    /**
     * The SHA-256 of this key's fields, in the encoding of a checkpoint's header.
     *
     * @return 64 lower-case hex digits
     */
    public String hash() {
        return HexFormat.of().formatHex(DataFingerprint.sha256().digest(Checkpoints.encodeKey(this)));
    }

    /**
     * The file name a {@link CheckpointStore} gives this key: {@code <kind>-<first 16 hex digits of
     * hash()>.ckpt}. A name, not a proof: the store loads a file only when its header holds this key.
     *
     * @return the file name
     */
    public String fileName() {
        return kind + "-" + hash().substring(0, 16) + Checkpoints.EXTENSION;
    }

    /**
     * How a checkpoint's key differs from this one, the expected key.
     *
     * @param found the key in a checkpoint's header
     * @return empty when they are equal, else one clause per differing field, e.g. {@code "its seed
     *     is 2, expected 1"}
     */
    public Optional<String> mismatch(CheckpointKey found) {
        List<String> why = new ArrayList<>();
        differ(why, "kind", found.kind, kind);
        differ(why, "architecture", found.architecture, architecture);
        differ(why, "parameter count", found.parameterCount, parameterCount);
        differ(why, "data fingerprint", found.dataFingerprint, dataFingerprint);
        differ(why, "recipe", found.recipe, recipe);
        differ(why, "seed", found.seed, seed);
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    private static void differ(List<String> why, String field, Object found, Object expected) {
        if (!Objects.equals(found, expected)) {
            boolean text = found instanceof String;
            why.add("its " + field + " is " + (text ? "'" + found + "'" : found) + ", expected "
                    + (text ? "'" + expected + "'" : expected));
        }
    }

    /**
     * Checks that a model is the one this key describes: the same architecture and parameter count.
     *
     * @param model the model
     * @throws InvalidRequestException naming the model's architecture when it differs
     */
    public void requireModel(TrainableModel model) {
        ModelDescription d = model.description();
        if (!d.architecture().equals(architecture) || d.parameterCount() != parameterCount) {
            throw InvalidRequestException.of("model", d.architecture() + " with " + d.parameterCount()
                    + " parameters", "is not the model of this checkpoint, " + architecture + " with "
                    + parameterCount + " parameters");
        }
    }
}
