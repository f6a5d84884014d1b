package io.github.unlearn4j.api.verify;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Objects;
import java.util.Optional;

/**
 * What to verify: the unlearned model, the data split, and optionally a retrained reference.
 *
 * @param model the model to judge
 * @param data the split it was unlearned on
 * @param reference a model retrained on the retain set, or null
 */
public record VerificationRequest(TrainableModel model, DataSplit data, TrainableModel reference) {
    /**
     * Validates.
     *
     * @param model model
     * @param data data
     * @param reference reference, or null
     */
    public VerificationRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
    }

    /** @return the retrained reference, if given */
    public Optional<TrainableModel> optReference() {
        return Optional.ofNullable(reference);
    }
}
