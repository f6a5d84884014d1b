package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.List;
import java.util.Objects;

/**
 * One optimization phase of a recipe: an optimizer ({@link OptimizerSpec}; by default SGD with the
 * momentum and weight decay of {@link TrainingSettings}), a learning rate and a schedule, on the
 * sum of objective terms, with batches ordered by {@link BatchOrdering}, an optional decaying ℓ1
 * term, and a scope of trainable parameters.
 *
 * <p>The learning rate, epochs and batch size always come from {@link TrainingSettings}; its
 * momentum and weight decay are used only by the default SGD optimizer. A phase built with the
 * nine-argument constructor, {@link #simple} or by any built-in method uses
 * {@code training.sgd()}, so those results are what they were before optimizers could be chosen.
 * {@link #withOptimizer} names another, such as {@link io.github.unlearn4j.api.model.AdamWConfig}
 * or a plugin's {@link io.github.unlearn4j.api.model.UpdateRule}.
 *
 * @param name the stage name in progress and errors
 * @param training learning rate, epochs, batch size, momentum, weight decay
 * @param schedule the learning-rate schedule
 * @param terms the objective terms, at least one
 * @param ordering how retain and forget batches interleave
 * @param forgetEpochs forget terms are active only in the first this many epochs; 0 means all
 * @param l1Strength α of an ℓ1 term {@code α_t ‖θ‖₁} with {@code α_t = α (1 − epoch/epochs)}; 0 for none
 * @param temperature T for {@link TermKind#KL_TEACHER} and {@link TermKind#KL_UNIFORM} terms
 * @param scope which parameters may move
 * @param optimizer the update rule; its state starts fresh in each phase
 * @param retainFraction the share of D_r this phase's retain terms use, in (0, 1]: below 1, a seeded
 *     subset of ⌈fraction·|D_r|⌉ rows drawn once per phase (bad teacher's and SCRUB's retain subsets)
 */
public record Phase(
        String name,
        TrainingSettings training,
        LearningRateSchedule schedule,
        List<ObjectiveTerm> terms,
        BatchOrdering ordering,
        int forgetEpochs,
        double l1Strength,
        double temperature,
        TrainScope scope,
        OptimizerSpec optimizer,
        double retainFraction) {
    /**
     * Validates.
     *
     * @param name name
     * @param training training
     * @param schedule schedule
     * @param terms terms
     * @param ordering ordering
     * @param forgetEpochs forget epochs
     * @param l1Strength ℓ1 strength
     * @param temperature temperature
     * @param scope scope
     * @param optimizer optimizer
     * @param retainFraction retain fraction
     */
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(optimizer, "optimizer");
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw InvalidRequestException.of(name + ".terms", "[]", "a phase needs at least one objective term");
        }
        if (forgetEpochs < 0) {
            throw InvalidRequestException.of(name + ".forgetEpochs", forgetEpochs, "must be >= 0");
        }
        if (!(l1Strength >= 0) || Double.isInfinite(l1Strength)) {
            throw InvalidRequestException.of(name + ".l1Strength", l1Strength, "must be a finite number >= 0");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw InvalidRequestException.of(name + ".temperature", temperature, "must be a finite number > 0");
        }
        if (!(retainFraction > 0 && retainFraction <= 1)) {
            throw InvalidRequestException.of(name + ".retainFraction", retainFraction, "must be in (0, 1]");
        }
        if (ordering == BatchOrdering.MIXED && forgetEpochs != 0) {
            throw InvalidRequestException.of(name + ".forgetEpochs", forgetEpochs,
                    "mixed batches draw forget rows in every epoch; use 0 (all epochs) or another ordering");
        }
    }

    /**
     * A phase on the whole retain set.
     *
     * @param name name
     * @param training training
     * @param schedule schedule
     * @param terms terms
     * @param ordering ordering
     * @param forgetEpochs forget epochs
     * @param l1Strength ℓ1 strength
     * @param temperature temperature
     * @param scope scope
     * @param optimizer optimizer
     */
    public Phase(
            String name,
            TrainingSettings training,
            LearningRateSchedule schedule,
            List<ObjectiveTerm> terms,
            BatchOrdering ordering,
            int forgetEpochs,
            double l1Strength,
            double temperature,
            TrainScope scope,
            OptimizerSpec optimizer) {
        this(name, training, schedule, terms, ordering, forgetEpochs, l1Strength, temperature, scope, optimizer, 1.0);
    }

    /**
     * A phase with the default optimizer: SGD with the momentum and weight decay of
     * {@code training}.
     *
     * @param name name
     * @param training training
     * @param schedule schedule
     * @param terms terms
     * @param ordering ordering
     * @param forgetEpochs forget epochs
     * @param l1Strength ℓ1 strength
     * @param temperature temperature
     * @param scope scope
     */
    public Phase(
            String name,
            TrainingSettings training,
            LearningRateSchedule schedule,
            List<ObjectiveTerm> terms,
            BatchOrdering ordering,
            int forgetEpochs,
            double l1Strength,
            double temperature,
            TrainScope scope) {
        this(name, training, schedule, terms, ordering, forgetEpochs, l1Strength, temperature, scope,
                Objects.requireNonNull(training, "training").sgd());
    }

    /**
     * A phase with the common choices: constant rate, no ℓ1, temperature 1, all parameters.
     *
     * @param name name
     * @param training training settings
     * @param ordering ordering
     * @param terms terms
     * @return the phase
     */
    public static Phase simple(String name, TrainingSettings training, BatchOrdering ordering, ObjectiveTerm... terms) {
        return new Phase(name, training, LearningRateSchedule.CONSTANT, List.of(terms), ordering, 0, 0, 1, TrainScope.ALL);
    }

    /**
     * A copy with another scope.
     *
     * @param newScope the scope
     * @return the phase
     */
    public Phase withScope(TrainScope newScope) {
        return copy(schedule, ordering, temperature, newScope, optimizer, retainFraction);
    }

    /**
     * A copy with another schedule.
     *
     * @param newSchedule the schedule
     * @return the phase
     */
    public Phase withSchedule(LearningRateSchedule newSchedule) {
        return copy(newSchedule, ordering, temperature, scope, optimizer, retainFraction);
    }

    /**
     * A copy with another optimizer. The learning rate, epochs and batch size stay those of
     * {@link #training()}.
     *
     * @param newOptimizer the update rule, such as {@link io.github.unlearn4j.api.model.AdamWConfig}
     * @return the phase
     */
    public Phase withOptimizer(OptimizerSpec newOptimizer) {
        return copy(schedule, ordering, temperature, scope, newOptimizer, retainFraction);
    }

    /**
     * A copy whose retain terms use a seeded subset of the retain set.
     *
     * @param fraction the share of D_r, in (0, 1]
     * @return the phase
     */
    public Phase withRetainSubset(double fraction) {
        return copy(schedule, ordering, temperature, scope, optimizer, fraction);
    }

    /**
     * A copy with another batch ordering.
     *
     * @param newOrdering the ordering
     * @return the phase
     */
    public Phase withOrdering(BatchOrdering newOrdering) {
        return copy(schedule, newOrdering, temperature, scope, optimizer, retainFraction);
    }

    /**
     * A copy with another temperature for its KL terms.
     *
     * @param newTemperature T &gt; 0
     * @return the phase
     */
    public Phase withTemperature(double newTemperature) {
        return copy(schedule, ordering, newTemperature, scope, optimizer, retainFraction);
    }

    private Phase copy(LearningRateSchedule newSchedule, BatchOrdering newOrdering, double newTemperature,
            TrainScope newScope, OptimizerSpec newOptimizer, double newRetainFraction) {
        return new Phase(name, training, newSchedule, terms, newOrdering, forgetEpochs, l1Strength, newTemperature,
                newScope, newOptimizer, newRetainFraction);
    }

    boolean has(DataRole role) {
        return terms.stream().anyMatch(t -> t.role() == role);
    }
}
