package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.train.TrainingLoop;

/**
 * Trains a model from scratch on a view with the task loss: how the original model that is later
 * unlearned gets made, with the same SGD update and the same recipe vocabulary as {@code retrain}.
 * Engine-neutral.
 */
public final class OriginalTraining {
    private OriginalTraining() {}

    /**
     * Re-initializes the model from the seed, then trains it in place.
     *
     * @param model the model, modified in place
     * @param data the rows to train on
     * @param training learning rate, epochs, batch size, momentum, weight decay
     * @param schedule the learning-rate schedule
     * @param seed initialization and shuffling seed
     * @param progress the listener
     * @param cancellation the token
     * @return the number of optimizer steps
     */
    public static long fit(TrainableModel model, DataView data, TrainingSettings training,
            LearningRateSchedule schedule, long seed, ProgressListener progress, CancellationToken cancellation) {
        model.checkCompatible(data.source());
        model.reinitialize(seed);
        BatchSampler sampler = new BatchSampler(data, training.batchSize(), seed);
        int steps = sampler.batchesPerPass();
        TrainingLoop.Spec spec = new TrainingLoop.Spec("train", training.epochs(), e -> steps,
                training.learningRate(), schedule, training.sgd(),
                ParameterMask.all(model.description().parameterCount()), TrainingLoop.L1Schedule.NONE, progress,
                cancellation);
        return TrainingLoop.run(model, spec, (m, epoch, step) -> m.accumulateGradient(sampler.next(), LossTerm.TASK, 1.0));
    }
}
