package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to build a DJL network: a name for descriptions, the per-sample input shape (a dataset row of
 * {@code inputShape.size()} features is reshaped to it), the number of outputs, the task, and a
 * factory that builds a fresh, uninitialized {@link Block} on each call.
 *
 * <p>The block must map a batch of shape [n, inputShape...] to outputs of shape [n, outputs]:
 * logits for classification, predictions for regression. Its parameters' initializers define what
 * {@link DjlModel#reinitialize} draws.
 *
 * @param name a short description, e.g. {@code "mlp(784-256-256-10)"}
 * @param inputShape the shape of one sample, without the batch axis
 * @param outputs classes for classification, 1 for scalar regression
 * @param task what the network predicts
 * @param factory builds a new block on every call
 */
public record DjlArchitecture(
        String name, Shape inputShape, int outputs, TaskType task, Supplier<? extends Block> factory) {
    /**
     * Validates.
     *
     * @param name name
     * @param inputShape input shape
     * @param outputs outputs
     * @param task task
     * @param factory factory
     */
    public DjlArchitecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(factory, "factory");
        if (inputShape.dimension() < 1 || inputShape.size() < 1 || inputShape.size() > Integer.MAX_VALUE) {
            throw InvalidRequestException.of(name + ".inputShape", inputShape, "needs at least one feature");
        }
        if (task == TaskType.CLASSIFICATION ? outputs < 2 : outputs != 1) {
            throw InvalidRequestException.of(
                    name + ".outputs", outputs,
                    task == TaskType.CLASSIFICATION ? "a classifier needs at least 2 classes"
                            : "regression has exactly 1 output");
        }
    }

    /** @return the number of features per dataset row, the product of the input shape */
    public int inputFeatures() {
        return Math.toIntExact(inputShape.size());
    }

    /**
     * Builds a new, uninitialized block.
     *
     * @return the block
     */
    public Block build() {
        return Objects.requireNonNull(factory.get(), () -> "architecture " + name + " built a null block");
    }

    @Override
    public String toString() {
        return name;
    }
}
