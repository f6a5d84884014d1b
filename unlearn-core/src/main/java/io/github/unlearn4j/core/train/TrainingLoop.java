package io.github.unlearn4j.core.train;

import io.github.unlearn4j.api.TrainingDivergedException;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.progress.ProgressListener;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine-neutral optimization loop that every method runs. Each step, in this order:
 *
 * <ol>
 *   <li>check the cancellation token;
 *   <li>{@link TrainableModel#zeroGradients()};
 *   <li>{@link StepObjective#accumulate} adds the step's objective terms to the gradient and returns
 *       the loss; a NaN or infinite loss stops the run with {@link TrainingDivergedException};
 *   <li>{@link ParameterUpdater#step} with the scheduled learning rate and ℓ1 strength;
 *   <li>report progress.
 * </ol>
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    /** Adds one step's objective to the model's gradient. */
    @FunctionalInterface
    public interface StepObjective {
        /**
         * Accumulates the gradient of the step's objective.
         *
         * @param model the model being trained, gradient already zeroed
         * @param epoch the epoch, from 0
         * @param step the step within the epoch, from 0
         * @return the objective's value on this step's batches
         */
        double accumulate(TrainableModel model, int epoch, int step);
    }

    /** Gives the ℓ1 strength of an epoch (0 for methods without an ℓ1 term). */
    @FunctionalInterface
    public interface L1Schedule {
        /** No ℓ1 term. */
        L1Schedule NONE = epoch -> 0;

        /**
         * The ℓ1 strength.
         *
         * @param epoch the epoch, from 0
         * @return λ ≥ 0
         */
        double at(int epoch);
    }

    /**
     * How long and how to run.
     *
     * @param stage a name for logs, progress and errors
     * @param epochs passes, at least 1
     * @param stepsPerEpoch optimizer steps per pass, at least 1
     * @param learningRate the learning rate η
     * @param sgd momentum and weight decay
     * @param mask which parameters may move
     * @param l1 the ℓ1 strength per epoch
     * @param progress the listener
     * @param cancellation the token
     */
    public record Spec(
            String stage,
            int epochs,
            int stepsPerEpoch,
            double learningRate,
            SgdConfig sgd,
            ParameterMask mask,
            L1Schedule l1,
            ProgressListener progress,
            CancellationToken cancellation) {
        /**
         * Validates.
         *
         * @param stage stage
         * @param epochs epochs
         * @param stepsPerEpoch steps per epoch
         * @param learningRate learning rate
         * @param sgd optimizer
         * @param mask mask
         * @param l1 ℓ1 schedule
         * @param progress listener
         * @param cancellation token
         */
        public Spec {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(sgd, "sgd");
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(l1, "l1");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(cancellation, "cancellation");
            if (epochs < 1 || stepsPerEpoch < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs = " + epochs + ", stepsPerEpoch = " + stepsPerEpoch
                        + ", learningRate = " + learningRate + ": all must be positive");
            }
        }
    }

    private TrainingLoop() {}

    /**
     * Runs the loop.
     *
     * @param model the model to train, in place
     * @param spec the run's shape
     * @param objective the per-step objective
     * @return the number of optimizer steps taken
     * @throws TrainingDivergedException on a NaN or infinite loss
     * @throws io.github.unlearn4j.api.UnlearningCancelledException if cancelled
     */
    public static long run(TrainableModel model, Spec spec, StepObjective objective) {
        long total = (long) spec.epochs() * spec.stepsPerEpoch();
        long done = 0;
        double loss = Double.NaN;
        try (ParameterUpdater updater = model.newUpdater(spec.sgd(), spec.mask())) {
            for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                double l1 = spec.l1().at(epoch);
                double epochLoss = 0;
                for (int step = 0; step < spec.stepsPerEpoch(); step++) {
                    spec.cancellation().throwIfCancelled(spec.stage() + " at epoch " + epoch + ", step " + step);
                    model.zeroGradients();
                    loss = objective.accumulate(model, epoch, step);
                    if (!Double.isFinite(loss)) {
                        throw new TrainingDivergedException(spec.stage() + " diverged at epoch " + epoch + ", step "
                                + step + ": loss = " + loss + " (learningRate = " + spec.learningRate()
                                + "); lower the learning rate or check the data");
                    }
                    updater.step(spec.learningRate(), l1);
                    epochLoss += loss;
                    done++;
                    spec.progress().onProgress(new Progress(spec.stage(), done, total, loss));
                }
                LOG.debug("{} epoch {}/{}: mean loss {}", spec.stage(), epoch + 1, spec.epochs(),
                        epochLoss / spec.stepsPerEpoch());
            }
        }
        requireFinite(model, spec.stage());
        return done;
    }

    /**
     * Checks that every parameter is finite.
     *
     * @param model the model
     * @param stage the stage, for the message
     * @throws TrainingDivergedException naming the first non-finite parameter
     */
    public static void requireFinite(TrainableModel model, String stage) {
        float[] p = model.parameters();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new TrainingDivergedException(
                        stage + " diverged: parameter " + i + " = " + p[i] + "; lower the learning rate");
            }
        }
    }
}
