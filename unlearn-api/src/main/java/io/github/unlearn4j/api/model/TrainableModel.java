package io.github.unlearn4j.api.model;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;

/**
 * A model that unlearning methods can train, written once in core and run on any backend.
 *
 * <p>Order of calls in one optimizer step: {@link #zeroGradients()}, then one or more
 * {@link #accumulateGradient} calls (one per objective term and batch), then
 * {@link ParameterUpdater#step}. The gradient buffer is only ever changed by these calls.
 *
 * <p>A model owns its native resources, if any; close it when done. Methods never modify a model
 * they are given as input: they work on a {@link #copy()}.
 *
 * <p><b>Threads.</b> Every implementation must honour this contract, and the built-in backends
 * test it with threads:
 * <ul>
 *   <li><em>Reads</em> ({@link #description}, {@link #copy}, {@link #evaluate}, {@link #predict},
 *       {@link #parameters}, {@link #gradients}, {@link #checkCompatible}) are safe from any number
 *       of threads at once: each call has its own scratch memory.
 *   <li><em>Writes</em> ({@link #reinitialize}, {@link #zeroGradients}, {@link #accumulateGradient},
 *       {@link #setParameters}, the steps of an updater) belong to the model's one owner thread at a
 *       time and must not overlap reads of the same model. Unlearning methods only write to their own
 *       copy, so a model being served is only read.
 *   <li>{@link #close()} waits for calls in flight to finish before it frees anything; every call
 *       that starts after it fails with an {@link IllegalStateException} that says the model is
 *       closed. To replace a model that other threads are using, do not close it directly: hand out
 *       leases and close it when the last one is returned (core's {@code ServedModel} does this).
 * </ul>
 */
public interface TrainableModel extends AutoCloseable {
    /** @return what the model is */
    ModelDescription description();

    /** @return a deep copy with equal parameters, on the same device, with a zero gradient */
    TrainableModel copy();

    /**
     * Re-initializes every parameter, as before training, from a seed. Same seed, same values.
     *
     * @param seed the initialization seed
     */
    void reinitialize(long seed);

    /** Sets the accumulated gradient to zero. */
    void zeroGradients();

    /**
     * Adds {@code weight · ∇θ term(batch)} to the accumulated gradient, where the term is the mean
     * over the batch rows.
     *
     * @param batch the rows, and optional replacement labels
     * @param term the objective term
     * @param weight the term's coefficient; negative for ascent
     * @return the unweighted term value on the batch
     */
    double accumulateGradient(Batch batch, LossTerm term, double weight);

    /**
     * Creates an updater for an optimizer, holding its zeroed state (momentum, moments, or a
     * plugin rule's arrays). Every backend implements {@link SgdConfig} and {@link AdamWConfig}
     * natively and runs any {@link UpdateRule} through its engine-neutral path.
     *
     * @param optimizer the update rule
     * @param mask which parameters may move; its size must equal the parameter count
     * @return the updater; close it when done
     * @throws InvalidRequestException if the mask size does not match
     */
    ParameterUpdater newUpdater(OptimizerSpec optimizer, ParameterMask mask);

    /**
     * Creates an SGD updater holding zeroed momentum buffers; the same as
     * {@code newUpdater((OptimizerSpec) config, mask)}.
     *
     * @param config momentum and weight decay
     * @param mask which parameters may move; its size must equal the parameter count
     * @return the updater; close it when done
     */
    default ParameterUpdater newUpdater(SgdConfig config, ParameterMask mask) {
        return newUpdater((OptimizerSpec) config, mask);
    }

    /**
     * Evaluates the task loss and accuracy.
     *
     * @param view the rows
     * @return the evaluation
     */
    Evaluation evaluate(DataView view);

    /**
     * The model's outputs: class probabilities for classification, predictions for regression.
     *
     * @param view the rows
     * @return one array of {@code outputs} values per row
     */
    double[][] predict(DataView view);

    /** @return a copy of all parameters as one flat vector, in {@link ModelDescription#groups()} order */
    float[] parameters();

    /**
     * Overwrites all parameters from a flat vector.
     *
     * @param values exactly {@code parameterCount} values
     */
    void setParameters(float[] values);

    /** @return a copy of the accumulated gradient, as one flat vector */
    float[] gradients();

    /**
     * Checks that the model can train and evaluate on a dataset; the default compares the task,
     * the feature count and the class count. Backends add a check of the dataset's type.
     *
     * @param data the dataset
     * @throws InvalidRequestException naming the mismatched field
     */
    default void checkCompatible(Dataset data) {
        ModelDescription d = description();
        if (data.featureCount() != d.inputFeatures()) {
            throw InvalidRequestException.of(
                    data.name() + ".featureCount",
                    data.featureCount(),
                    "model " + d.architecture() + " expects " + d.inputFeatures() + " features");
        }
        if (data.task() != d.task()) {
            throw InvalidRequestException.of(
                    data.name() + ".task", data.task(), "model " + d.architecture() + " is for " + d.task());
        }
        if (d.task() == io.github.unlearn4j.api.data.TaskType.CLASSIFICATION
                && data.classCount() > d.outputs()) {
            throw InvalidRequestException.of(
                    data.name() + ".classCount",
                    data.classCount(),
                    "model " + d.architecture() + " has only " + d.outputs() + " outputs");
        }
    }

    /**
     * Frees native resources, after every call in flight has finished; afterwards every call fails
     * with an {@link IllegalStateException}. Idempotent.
     */
    @Override
    void close();
}
