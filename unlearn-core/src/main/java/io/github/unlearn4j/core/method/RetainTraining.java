package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;

/** Minimizes the task loss on the retain set with SGD: the shared body of {@code ft} and {@code retrain}. */
final class RetainTraining {
    private RetainTraining() {}

    static long run(String stage, TrainableModel model, UnlearnRequest request, TrainingSettings t) {
        DataView retain = request.data().retain();
        BatchSampler sampler = new BatchSampler(retain, t.batchSize(), request.seed());
        TrainingLoop.Spec spec = new TrainingLoop.Spec(
                stage,
                t.epochs(),
                sampler.batchesPerPass(),
                t.learningRate(),
                t.sgd(),
                ParameterMask.all(model.description().parameterCount()),
                TrainingLoop.L1Schedule.NONE,
                request.progress(),
                request.cancellation());
        return TrainingLoop.run(model, spec, (m, epoch, step) -> m.accumulateGradient(sampler.next(), LossTerm.TASK, 1.0));
    }
}
