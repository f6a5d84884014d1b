package io.github.unlearn4j.api.verify;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Objects;
import java.util.Optional;

/**
 * What to verify: the unlearned model, the data split, optionally a retrained reference, and
 * optionally how the model was made. Verifiers that only read outputs ignore the provenance; an
 * attack that simulates the method under test (the {@code ulira} verifier) reads the method's
 * name and settings from it.
 *
 * @param model the model to judge
 * @param data the split it was unlearned on
 * @param reference a model retrained on the retain set, or null
 * @param provenance how {@code model} was made (the {@link io.github.unlearn4j.api.UnlearnResult}'s),
 *     or null when unknown, as for an untouched original
 */
public record VerificationRequest(TrainableModel model, DataSplit data, TrainableModel reference,
        Provenance provenance) {
    /**
     * Validates.
     *
     * @param model model
     * @param data data
     * @param reference reference, or null
     * @param provenance provenance, or null
     */
    public VerificationRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
    }

    /**
     * A request without provenance.
     *
     * @param model the model to judge
     * @param data the split
     * @param reference a retrained reference, or null
     */
    public VerificationRequest(TrainableModel model, DataSplit data, TrainableModel reference) {
        this(model, data, reference, null);
    }

    /** @return the retrained reference, if given */
    public Optional<TrainableModel> optReference() {
        return Optional.ofNullable(reference);
    }

    /** @return how the model was made, if known */
    public Optional<Provenance> optProvenance() {
        return Optional.ofNullable(provenance);
    }
}
