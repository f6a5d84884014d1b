package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.TrainableModel;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A saved model: its header (what it is, what it was trained on and how, see {@link
 * CheckpointHeader}) and its flat parameters, in {@link TrainableModel#parameters()} order.
 * Engine-neutral: any backend's model is saved through {@code parameters()} and restored through
 * {@code setParameters(float[])}. Immutable: the parameters are copied in and out.
 *
 * <p>Written and read by {@link Checkpoints}, found by provenance by {@link CheckpointStore}.
 */
public final class Checkpoint {
    private final CheckpointHeader header;
    private final float[] parameters;

    /**
     * Creates a checkpoint.
     *
     * @param header what it holds
     * @param parameters the parameters, as many as the header's key says; copied
     * @throws InvalidRequestException when the number of parameters differs from the key's
     */
    public Checkpoint(CheckpointHeader header, float[] parameters) {
        this(parameters.clone(), header);
    }

    /** Takes the array as it is: the public constructor's copy, or one that nobody else holds. */
    private Checkpoint(float[] owned, CheckpointHeader header) {
        this.header = Objects.requireNonNull(header, "header");
        if (owned.length != header.key().parameterCount()) {
            throw InvalidRequestException.of("checkpoint parameters", owned.length + " values", "the header says "
                    + header.key().parameterCount() + " (" + header.key().architecture() + ")");
        }
        this.parameters = owned;
    }

    /** Wraps an array that nobody else holds (the reader's). */
    static Checkpoint owning(CheckpointHeader header, float[] owned) {
        return new Checkpoint(owned, header);
    }

    /**
     * A checkpoint of a model's current parameters, saved now.
     *
     * @param key what the model is and what it depends on; its architecture and parameter count
     *     must be the model's
     * @param model the model; only read
     * @param trainingSeconds how long its training took, NaN when unknown
     * @param metadata free text, by name
     * @return the checkpoint
     * @throws InvalidRequestException when the model is not the key's, or a field is not allowed
     */
    public static Checkpoint of(CheckpointKey key, TrainableModel model, double trainingSeconds,
            Map<String, String> metadata) {
        key.requireModel(model);
        return owning(new CheckpointHeader(key, trainingSeconds, Instant.now(), metadata), model.parameters().clone());
    }

    /** @return what the checkpoint holds */
    public CheckpointHeader header() {
        return header;
    }

    /** @return the header's key: what the model is and what it depends on */
    public CheckpointKey key() {
        return header.key();
    }

    /** @return a copy of the parameters */
    public float[] parameters() {
        return parameters.clone();
    }

    /** The parameters themselves, for the writer; never handed out. */
    float[] parametersView() {
        return parameters;
    }

    /**
     * Overwrites a model's parameters with this checkpoint's.
     *
     * @param model the model; its architecture and parameter count must be the checkpoint's
     * @throws InvalidRequestException naming the model's architecture when it is another model; the
     *     model is then untouched
     */
    public void applyTo(TrainableModel model) {
        header.key().requireModel(model);
        model.setParameters(parameters.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && header.equals(c.header) && Arrays.equals(parameters, c.parameters);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        CheckpointKey k = header.key();
        return "Checkpoint[" + k.kind() + ", " + k.architecture() + ", " + k.parameterCount() + " parameters, seed "
                + k.seed() + ", data " + k.dataFingerprint().substring(0, 12) + ", recipe " + k.recipe() + "]";
    }
}
