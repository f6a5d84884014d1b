package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Standard architectures. Weights use DJL's defaults (Xavier-style Gaussian for weights, zeros for
 * biases), which {@link DjlModel#reinitialize} re-draws.
 */
public final class Architectures {
    private Architectures() {}

    /**
     * Softmax regression: one {@link Linear} layer, logits {@code z = W x + b} with W of shape
     * [classes, features]. Its flat parameters are W row-major, then b: the same layout as the
     * reference backend's {@code SoftmaxRegressionModel}.
     *
     * @param features input features
     * @param classes classes, at least 2
     * @return the architecture
     */
    public static DjlArchitecture linear(int features, int classes) {
        requirePositive("features", features);
        return new DjlArchitecture(
                "linear(" + features + "->" + classes + ")",
                new Shape(features),
                classes,
                TaskType.CLASSIFICATION,
                () -> new SequentialBlock().add(Linear.builder().setUnits(classes).build()));
    }

    /**
     * Linear regression without intercept, {@code f(x) = w·x}: the model of the paper's theory, as
     * the reference backend's {@code LinearRegressionModel}.
     *
     * @param features input features
     * @return the architecture
     */
    public static DjlArchitecture linearRegression(int features) {
        requirePositive("features", features);
        return new DjlArchitecture(
                "linear(" + features + "->1)",
                new Shape(features),
                1,
                TaskType.REGRESSION,
                () -> new SequentialBlock().add(Linear.builder().setUnits(1).optBias(false).build()));
    }

    /**
     * A multilayer perceptron for classification: the input is flattened, then {@link Linear} and
     * ReLU for each hidden layer, then a {@link Linear} output layer. {@code mlp(784, 256, 256, 10)}
     * is the Fashion-MNIST MLP of the paper's experiments.
     *
     * @param sizes input features, hidden widths, classes; at least an input and an output
     * @return the architecture
     */
    public static DjlArchitecture mlp(int... sizes) {
        if (sizes == null || sizes.length < 2) {
            throw InvalidRequestException.of(
                    "mlp.sizes", Arrays.toString(sizes), "give the input width, any hidden widths and the classes");
        }
        StringJoiner name = new StringJoiner("-", "mlp(", ")");
        for (int i = 0; i < sizes.length; i++) {
            requirePositive("mlp.sizes[" + i + "]", sizes[i]);
            name.add(Integer.toString(sizes[i]));
        }
        int[] widths = sizes.clone();
        return new DjlArchitecture(
                name.toString(),
                new Shape(widths[0]),
                widths[widths.length - 1],
                TaskType.CLASSIFICATION,
                () -> {
                    SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
                    for (int i = 1; i < widths.length - 1; i++) {
                        net.add(Linear.builder().setUnits(widths[i]).build()).add(Activation.reluBlock());
                    }
                    return net.add(Linear.builder().setUnits(widths[widths.length - 1]).build());
                });
    }

    /**
     * A small CNN for 1×28×28 images and 10 classes: conv 3×3 (16 filters, padding 1), ReLU,
     * max-pool 2×2, conv 3×3 (32 filters, padding 1), ReLU, max-pool 2×2, flatten, linear to 10.
     * About 20k parameters.
     *
     * @return the architecture
     */
    public static DjlArchitecture smallCnn() {
        return smallCnn(10);
    }

    /**
     * The {@link #smallCnn()} network with another number of classes.
     *
     * @param classes the classes, at least 2
     * @return the architecture
     */
    public static DjlArchitecture smallCnn(int classes) {
        return new DjlArchitecture(
                "small-cnn(1x28x28->" + classes + ")",
                new Shape(1, 28, 28),
                classes,
                TaskType.CLASSIFICATION,
                () -> new SequentialBlock()
                        .add(Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(16)
                                .build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(32)
                                .build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(classes).build()));
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw InvalidRequestException.of(field, value, "must be at least 1");
        }
    }
}
