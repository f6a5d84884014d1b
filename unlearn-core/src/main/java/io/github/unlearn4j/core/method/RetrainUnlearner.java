package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;

/**
 * {@code retrain}: the golden reference. Re-initialize the model from the run's seed
 * ({@link TrainableModel#reinitialize}), then minimize the task loss on D_r by SGD. Exact but slow:
 * every other method is judged by its distance to this one and its cost against it.
 *
 * <p>Defaults (learning rate 0.01, 30 epochs, batch 256, momentum 0.9, weight decay 5e-4) are a
 * generic training recipe; to reproduce your original training, set the settings to its recipe.
 */
public final class RetrainUnlearner extends AbstractUnlearner {
    /** The registered name. */
    public static final String NAME = "retrain";

    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 30, 256, 0.9, 5e-4);

    private final TrainingSettings training;

    /**
     * Creates the method.
     *
     * @param settings settings resolved against {@link RetrainProvider}'s schema
     */
    public RetrainUnlearner(ResolvedSettings settings) {
        super(NAME, settings);
        this.training = TrainingSettings.from(settings);
    }

    @Override
    protected long execute(TrainableModel working, UnlearnRequest request) {
        working.reinitialize(request.seed());
        return RetainTraining.run(NAME, working, request, training);
    }
}
