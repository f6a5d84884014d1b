package io.github.unlearn4j.core.train;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.TrainingDivergedException;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.progress.ProgressListener;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine-neutral optimization loop that every method runs. Each step, in this order:
 *
 * <ol>
 *   <li>check the cancellation token;
 *   <li>{@link TrainableModel#zeroGradients()};
 *   <li>{@link StepObjective#accumulate} adds the step's objective terms to the gradient and returns
 *       the objective's value; a NaN or infinite value stops the run with
 *       {@link TrainingDivergedException};
 *   <li>{@link ParameterUpdater#step} with learning rate {@code η · schedule(step)} and the epoch's
 *       ℓ1 strength;
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
     * @param stepsPerEpoch optimizer steps in each epoch (epoch → steps, each ≥ 0, total ≥ 1)
     * @param learningRate the base learning rate η
     * @param schedule the learning-rate multiplier over the run
     * @param optimizer the update rule ({@link SgdConfig} for the built-in methods)
     * @param mask which parameters may move
     * @param l1 the ℓ1 strength per epoch
     * @param progress the listener
     * @param cancellation the token
     */
    public record Spec(
            String stage,
            int epochs,
            IntUnaryOperator stepsPerEpoch,
            double learningRate,
            LearningRateSchedule schedule,
            OptimizerSpec optimizer,
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
         * @param schedule schedule
         * @param optimizer optimizer
         * @param mask mask
         * @param l1 ℓ1 schedule
         * @param progress listener
         * @param cancellation token
         */
        public Spec {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(stepsPerEpoch, "stepsPerEpoch");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(l1, "l1");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(cancellation, "cancellation");
            if (epochs < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "epochs = " + epochs + ", learningRate = " + learningRate + ": both must be positive");
            }
        }

        /**
         * A run with the same number of steps in every epoch and a constant learning rate.
         *
         * @param stage stage
         * @param epochs epochs
         * @param steps steps per epoch
         * @param learningRate learning rate
         * @param optimizer optimizer
         * @param mask mask
         * @param progress listener
         * @param cancellation token
         * @return the spec
         */
        public static Spec uniform(String stage, int epochs, int steps, double learningRate,
                OptimizerSpec optimizer, ParameterMask mask, ProgressListener progress,
                CancellationToken cancellation) {
            return new Spec(stage, epochs, e -> steps, learningRate, LearningRateSchedule.CONSTANT, optimizer, mask,
                    L1Schedule.NONE, progress, cancellation);
        }

        /** @return the total number of steps */
        public long totalSteps() {
            long total = 0;
            for (int e = 0; e < epochs; e++) {
                total += stepsPerEpoch.applyAsInt(e);
            }
            return total;
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
        long total = spec.totalSteps();
        if (total < 1) {
            throw new IllegalArgumentException(spec.stage() + " has no steps to run");
        }
        long done = 0;
        try (ParameterUpdater updater = model.newUpdater(spec.optimizer(), spec.mask())) {
            for (int epoch = 0; epoch < spec.epochs(); epoch++) {
                double l1 = spec.l1().at(epoch);
                int steps = spec.stepsPerEpoch().applyAsInt(epoch);
                double epochLoss = 0;
                for (int step = 0; step < steps; step++) {
                    spec.cancellation().throwIfCancelled(spec.stage() + " at epoch " + epoch + ", step " + step);
                    model.zeroGradients();
                    double loss = objective.accumulate(model, epoch, step);
                    if (!Double.isFinite(loss)) {
                        throw new TrainingDivergedException(spec.stage() + " diverged at epoch " + epoch + ", step "
                                + step + ": loss = " + loss + " (learningRate = " + spec.learningRate()
                                + "); lower the learning rate or check the data");
                    }
                    updater.step(spec.learningRate() * spec.schedule().factor(done, total), l1);
                    epochLoss += loss;
                    done++;
                    spec.progress().onProgress(new Progress(spec.stage(), done, total, loss));
                }
                LOG.debug("{} epoch {}/{}: mean objective {}", spec.stage(), epoch + 1, spec.epochs(),
                        steps == 0 ? Double.NaN : epochLoss / steps);
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

    /**
     * Checks, before any compute, that a model given as input has only finite parameters: a NaN or
     * an infinity there is a broken input (a corrupt file, a model that diverged earlier), not a
     * divergence of the method about to run.
     *
     * @param parameters the input model's flat parameters
     * @param field the request field that holds the model, for the message
     * @param groups the model's parameter groups, to name the tensor
     * @throws InvalidRequestException naming the first non-finite parameter and its group
     */
    public static void requireFiniteInput(float[] parameters, String field, java.util.List<ParameterGroup> groups) {
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                String where = "";
                for (ParameterGroup g : groups) {
                    if (i >= g.offset() && i < g.offset() + g.size()) {
                        where = " (" + g.name() + "[" + (i - g.offset()) + "])";
                    }
                }
                throw InvalidRequestException.of(field + ".parameters[" + i + "]" + where, parameters[i],
                        "the input model has a non-finite weight, so it is corrupt or diverged before this request;"
                                + " restore a good model (its checksum is in the last receipt) before unlearning");
            }
        }
    }
}
