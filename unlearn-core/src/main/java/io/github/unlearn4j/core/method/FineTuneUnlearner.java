package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;

/**
 * {@code ft}: fine-tuning on the retain set. Starting from the trained θ_o, minimize the task loss
 * on D_r by plain SGD ({@link io.github.unlearn4j.api.model.SgdConfig} gives the update).
 * Fast and accurate, but it does not forget: in linear regression it converges to
 * {@code w_t = (I − P_r) w_o + X_r⁺ y_r}, which keeps the part of w_o outside the retain data's row
 * space (DESIGN.md §2).
 *
 * <p>Defaults (learning rate 0.01, 10 epochs, batch 256, momentum 0.9, weight decay 5e-4) follow
 * the public reference code of SalUn / l1-sparse ({@code unlearn/FT.py}).
 */
public final class FineTuneUnlearner extends AbstractUnlearner {
    /** The registered name. */
    public static final String NAME = "ft";

    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 10, 256, 0.9, 5e-4);

    private final TrainingSettings training;

    /**
     * Creates the method.
     *
     * @param settings settings resolved against {@link FineTuneProvider}'s schema
     */
    public FineTuneUnlearner(ResolvedSettings settings) {
        super(NAME, settings);
        this.training = TrainingSettings.from(settings);
    }

    @Override
    protected long execute(TrainableModel working, UnlearnRequest request) {
        return RetainTraining.run(NAME, working, request, training);
    }
}
