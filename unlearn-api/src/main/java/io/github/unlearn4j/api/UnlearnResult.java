package io.github.unlearn4j.api;

import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Objects;

/**
 * The outcome of an unlearning run: a new model, owned by this result, and its provenance.
 * Closing the result closes the model.
 */
public final class UnlearnResult implements AutoCloseable {
    private final TrainableModel model;
    private final Provenance provenance;

    /**
     * Creates a result.
     *
     * @param model the unlearned model; ownership passes to the result
     * @param provenance how it was made
     */
    public UnlearnResult(TrainableModel model, Provenance provenance) {
        this.model = Objects.requireNonNull(model, "model");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /** @return the unlearned model */
    public TrainableModel model() {
        return model;
    }

    /** @return how the model was made */
    public Provenance provenance() {
        return provenance;
    }

    /** Closes the unlearned model. */
    @Override
    public void close() {
        model.close();
    }
}
