package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.method.AbstractUnlearner;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;

/**
 * {@code ft-gradproj}: fine-tuning on the retain set with forget-gradient projection. Each step
 * draws a retain batch B_r and a forget batch B_f (the forget set cycled), takes the task-loss
 * gradients {@code g_r = ∇L(θ; B_r)} and {@code g_f = ∇L(θ; B_f)} (cross-entropy for
 * classification), and steps along
 *
 * <pre>
 *   d = g_r − max(0, g_r·g_f) / ‖g_f‖² · g_f
 * </pre>
 *
 * with SGD: {@code θ ← θ − η v, v ← μ v + d + λ θ}. When the two gradients agree ({@code g_r·g_f > 0}),
 * d is g_r without its component along g_f, so a retain step no longer also lowers the forget
 * loss to first order: plain fine-tuning re-fits the forget rows through what they share with the
 * retain rows, and this does not. When they disagree, d = g_r, as in {@code ft}. One epoch is one
 * pass over the retain set; progress is reported once per step.
 *
 * <p>Written against the api alone, with no api change: per step, {@code accumulateGradient(B_f)}
 * and {@link TrainableModel#gradients()} read g_f; {@link TrainableModel#zeroGradients()},
 * {@code accumulateGradient(B_r)} and {@code gradients()} read g_r; c = max(0, g_r·g_f)/‖g_f‖²; then
 * {@code accumulateGradient(B_f, TASK, −c)} adds −c·g_f to the buffer, which the loop's updater
 * applies. Core's {@link TrainingLoop} runs the steps (cancellation, progress, divergence checks).
 * A step costs three gradient passes instead of one.
 *
 * <p>Defaults: those of {@code ft}; see {@link GradientProjectionProvider}.
 */
public final class GradientProjectionUnlearner extends AbstractUnlearner {
    /**
     * Creates the method.
     *
     * @param name the registered name
     * @param settings settings resolved against {@link GradientProjectionProvider}'s schema
     */
    public GradientProjectionUnlearner(String name, ResolvedSettings settings) {
        super(name, settings);
    }

    @Override
    protected long execute(TrainableModel working, UnlearnRequest request) {
        TrainingSettings t = TrainingSettings.from(settings());
        DataSplit data = request.data();
        BatchSampler retain = new BatchSampler(data.retain(), t.batchSize(), request.seed());
        BatchSampler forget = new BatchSampler(data.forget(), t.batchSize(), request.seed() + 1);
        int steps = retain.batchesPerPass();
        TrainingLoop.Spec spec = new TrainingLoop.Spec(name(), t.epochs(), epoch -> steps, t.learningRate(),
                TrainingSettings.schedule(settings()), t.sgd(),
                ParameterMask.all(working.description().parameterCount()), TrainingLoop.L1Schedule.NONE,
                request.progress(), request.cancellation());
        return TrainingLoop.run(working, spec, (model, epoch, step) -> projectedStep(model, retain.next(), forget.next()));
    }

    /**
     * Leaves {@code g_r − max(0, g_r·g_f)/‖g_f‖² · g_f} in the model's (zeroed) gradient buffer.
     *
     * @param model the model, gradient zeroed
     * @param retainBatch B_r
     * @param forgetBatch B_f
     * @return the retain loss on B_r, the step's objective
     */
    static double projectedStep(TrainableModel model, Batch retainBatch, Batch forgetBatch) {
        model.accumulateGradient(forgetBatch, LossTerm.TASK, 1.0);
        float[] gf = model.gradients();
        model.zeroGradients();
        double retainLoss = model.accumulateGradient(retainBatch, LossTerm.TASK, 1.0);
        float[] gr = model.gradients();
        double dot = 0;
        double norm2 = 0;
        for (int i = 0; i < gf.length; i++) {
            dot += (double) gr[i] * gf[i];
            norm2 += (double) gf[i] * gf[i];
        }
        if (dot > 0 && norm2 > 0) {
            model.accumulateGradient(forgetBatch, LossTerm.TASK, -dot / norm2);
        }
        return retainLoss;
    }
}
