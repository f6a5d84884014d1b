package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.recipe.Ranking;
import io.github.unlearn4j.core.recipe.SaliencyMask;
import io.github.unlearn4j.core.recipe.SaliencyScore;
import io.github.unlearn4j.core.recipe.SaliencySource;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Activation usage and per-example Fisher on DJL networks with set weights, against values
 * computed by hand; and the refusal of architectures that activation usage cannot map.
 */
class SaliencyOnDjlTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    // mlp(3-2-2): h = relu(W1 x + b1), z = W2 h + b2; flat order W1 (2x3 row-major), b1, W2 (2x2), b2
    private static final double[][] W1 = {{1, -1, 0.5}, {0, 1, 1}};
    private static final double[] B1 = {0.1, -0.2};
    private static final double[][] W2 = {{0.3, -0.7}, {1.2, 0.4}};
    private static final double[] B2 = {0.05, -0.15};
    // rows 0 and 1 are retained, row 2 is forgotten
    private static final float[][] X = {{1, 0, -1}, {0.5f, 2, 0}, {4, -4, 4}};
    private static final int[] Y = {0, 1, 0};

    private static float[] mlpParameters() {
        return new float[] {1, -1, 0.5f, 0, 1, 1, 0.1f, -0.2f, 0.3f, -0.7f, 1.2f, 0.4f, 0.05f, -0.15f};
    }

    /** Float32 arithmetic: the tolerance scales with {@code 1 + |expected|}. */
    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("[%d]", i)
                    .isCloseTo(expected[i], within(tolerance * (1 + Math.abs(expected[i]))));
        }
    }

    private static SaliencyMask retainMask(SaliencySource source) {
        return new SaliencyMask(SaliencyScore.RETAIN, source, Ranking.GLOBAL, 0.5, 0, 64);
    }

    @Test
    void activationUsageOfAnMlpIsTheMeanInputMagnitudePerLayerAndOneForBiases() {
        try (DjlDataset data = DjlDataset.classification("tiny", X, Y, 2, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(3, 2, 2), Device.cpu(), 1)) {
            model.setParameters(mlpParameters());
            assertThat(model.description().groups()).extracting(g -> g.size()).containsExactly(6L, 2L, 4L, 2L);
            DataSplit split = DataSplit.of(data, new int[] {2}, null);
            // layer 1 reads x: mean |x| over rows 0, 1 = (0.75, 1, 0.5)
            // row 0: W1 x + b1 = (0.6, -1.2) -> h = (0.6, 0); row 1: (-1.4, 1.8) -> h = (0, 1.8)
            // layer 2 reads h: mean |h| = (0.3, 0.9)
            double[] expected = {0.75, 1, 0.5, 0.75, 1, 0.5, 1, 1, 0.3, 0.9, 0.3, 0.9, 1, 1};
            assertClose(retainMask(SaliencySource.ACTIVATION_USAGE).scores(model, split), expected, 1e-6);
            assertClose(model.activationUsage(split.retain()), expected, 1e-6);
            double[] weighted = retainMask(SaliencySource.ACTIVATION_USAGE_WEIGHTED).scores(model, split);
            float[] theta = mlpParameters();
            for (int i = 0; i < theta.length; i++) {
                assertThat(weighted[i]).as("[%d]", i).isCloseTo(expected[i] * Math.abs(theta[i]), within(1e-6));
            }
            assertClose(model.activationUsage(new DataView(data, new int[0])), new double[14], 0);
            assertThat(model.parameters()).containsExactly(mlpParameters());
        }
    }

    /** Σ over the rows of the squared per-row gradient of −log softmax(z)_y, by backpropagation by hand. */
    private static double[] perExampleFisherByHand(int... rows) {
        double[] out = new double[14];
        for (int row : rows) {
            double[] x = {X[row][0], X[row][1], X[row][2]};
            double[] a1 = new double[2];
            double[] h = new double[2];
            for (int i = 0; i < 2; i++) {
                a1[i] = B1[i];
                for (int j = 0; j < 3; j++) {
                    a1[i] += W1[i][j] * x[j];
                }
                h[i] = Math.max(0, a1[i]);
            }
            double[] z = new double[2];
            for (int c = 0; c < 2; c++) {
                z[c] = B2[c] + W2[c][0] * h[0] + W2[c][1] * h[1];
            }
            double p0 = 1 / (1 + Math.exp(z[1] - z[0]));
            double[] dz = {p0 - (Y[row] == 0 ? 1 : 0), 1 - p0 - (Y[row] == 1 ? 1 : 0)};
            double[] g = new double[14];
            for (int c = 0; c < 2; c++) {
                g[8 + 2 * c] = dz[c] * h[0];
                g[8 + 2 * c + 1] = dz[c] * h[1];
                g[12 + c] = dz[c];
            }
            for (int i = 0; i < 2; i++) {
                double dh = dz[0] * W2[0][i] + dz[1] * W2[1][i];
                double da = a1[i] > 0 ? dh : 0;
                for (int j = 0; j < 3; j++) {
                    g[3 * i + j] = da * x[j];
                }
                g[6 + i] = da;
            }
            for (int k = 0; k < 14; k++) {
                out[k] += g[k] * g[k];
            }
        }
        return out;
    }

    @Test
    void perExampleFisherOfAnMlpSumsSquaredSingleRowGradients() {
        try (DjlDataset data = DjlDataset.classification("tiny", X, Y, 2, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(3, 2, 2), Device.cpu(), 1)) {
            model.setParameters(mlpParameters());
            DataSplit split = DataSplit.of(data, new int[] {2}, null);
            double[] expected = perExampleFisherByHand(0, 1);
            assertClose(retainMask(SaliencySource.PER_EXAMPLE_FISHER).scores(model, split), expected, 1e-6);
            // the forget row alone
            double[] forget = new SaliencyMask(SaliencyScore.FORGET, SaliencySource.PER_EXAMPLE_FISHER, Ranking.GLOBAL,
                    0.5, 0, 64).scores(model, split);
            assertClose(forget, perExampleFisherByHand(2), 1e-6);
            // the batch-level Fisher over one batch of both rows squares their mean gradient: not the same
            double[] batch = retainMask(SaliencySource.FISHER).scores(model, split);
            assertThat(batch[12]).isLessThan(expected[12] - 0.01);
            assertThat(model.gradients()).containsOnly(0f);
        }
    }

    @Test
    void softmaxRegressionGivesTheSameSaliencyOnBothBackends() {
        float[][] x = {{1, -2}, {0, 0.5f}, {-3, 0}, {2, 2}};
        int[] y = {0, 1, 1, 0};
        float[] theta = {0.5f, -1, 2, 0, -0.25f, 0.1f};
        ArrayDataset reference = ArrayDataset.classification("tiny", x, y, 2);
        SoftmaxRegressionModel softmax = new SoftmaxRegressionModel(2, 2);
        softmax.setParameters(theta);
        try (DjlDataset data = DjlDataset.classification("tiny", x, y, 2, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.linear(2, 2), Device.cpu(), 1)) {
            model.setParameters(theta);
            for (SaliencySource s : new SaliencySource[] {SaliencySource.ACTIVATION_USAGE,
                    SaliencySource.ACTIVATION_USAGE_WEIGHTED, SaliencySource.PER_EXAMPLE_FISHER}) {
                assertClose(retainMask(s).scores(model, DataSplit.of(data, new int[] {3}, null)),
                        retainMask(s).scores(softmax, DataSplit.of(reference, new int[] {3}, null)), 1e-6);
            }
        }
    }

    @Test
    void activationUsageOfAConvolutionAveragesItsInputPatchesWithPaddingAsZero() {
        // conv 2x2, 2 filters, padding 1, stride 2 on 1x3x3: the padded 5x5 input gives 2x2 outputs;
        // then flatten and a dense layer 8 -> 2
        DjlArchitecture arch = new DjlArchitecture("conv-test", new Shape(1, 3, 3), 2, TaskType.CLASSIFICATION,
                () -> new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(2, 2)).optPadding(new Shape(1, 1))
                                .optStride(new Shape(2, 2)).setFilters(2).build())
                        .add(Activation.reluBlock())
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(2).build()));
        float[][] images = {{1, -2, 3, -4, 5, -6, 7, -8, 9}, {0.5f, 0, -1, 2, 0, 0, -3, 1, 4}};
        float[] conv = {1, -1, 0.5f, 2, -1, 0.25f, 1, -0.5f}; // w[o][0][u][v], o = 0, 1
        float[] convBias = {0.5f, -1};
        float[] theta = new float[8 + 2 + 16 + 2];
        System.arraycopy(conv, 0, theta, 0, 8);
        System.arraycopy(convBias, 0, theta, 8, 2);
        for (int i = 10; i < theta.length; i++) {
            theta[i] = 0.1f * (i - 18);
        }
        try (DjlDataset data = DjlDataset.classification("images", images, new int[] {0, 1}, 2, Device.cpu());
                DjlModel model = DjlModel.create(arch, Device.cpu(), 1)) {
            assertThat(model.description().groups()).extracting(g -> g.size()).containsExactly(8L, 2L, 16L, 2L);
            model.setParameters(theta);
            double[] expected = new double[theta.length];
            double[] hidden = new double[8];
            for (float[] image : images) {
                for (int o = 0; o < 2; o++) {
                    for (int oh = 0; oh < 2; oh++) {
                        for (int ow = 0; ow < 2; ow++) {
                            double out = convBias[o];
                            for (int u = 0; u < 2; u++) {
                                for (int v = 0; v < 2; v++) {
                                    int ih = 2 * oh - 1 + u;
                                    int iw = 2 * ow - 1 + v;
                                    double a = ih >= 0 && ih < 3 && iw >= 0 && iw < 3 ? image[ih * 3 + iw] : 0;
                                    out += conv[o * 4 + u * 2 + v] * a;
                                    // usage of w[o][0][u][v]: mean over 2 images and 4 output positions
                                    expected[o * 4 + u * 2 + v] += Math.abs(a) / (2 * 4);
                                }
                            }
                            hidden[o * 4 + oh * 2 + ow] += Math.max(0, out) / 2;
                        }
                    }
                }
            }
            expected[8] = 1;
            expected[9] = 1;
            for (int c = 0; c < 2; c++) {
                System.arraycopy(hidden, 0, expected, 10 + 8 * c, 8);
            }
            expected[26] = 1;
            expected[27] = 1;
            // w[o][0][0][0] reads only (1, 1) of the padded image: (|5| + |0|) / 8
            assertThat(expected[0]).isCloseTo(5.0 / 8, within(1e-12));
            assertClose(model.activationUsage(DataView.all(data)), expected, 1e-5);
        }
    }

    @Test
    void theSmallCnnIsSupported() {
        try (DjlModel model = DjlModel.create(Architectures.smallCnn(), Device.cpu(), 1)) {
            model.checkActivationUsage();
            retainMask(SaliencySource.ACTIVATION_USAGE).check(model);
        }
    }

    @Test
    void anArchitectureWithAnotherParameterizedBlockIsRefusedBeforeAnyCompute() {
        DjlArchitecture arch = new DjlArchitecture("mlp-with-batchnorm", new Shape(3), 2, TaskType.CLASSIFICATION,
                () -> new SequentialBlock()
                        .add(Linear.builder().setUnits(4).build())
                        .add(BatchNorm.builder().build())
                        .add(Linear.builder().setUnits(2).build()));
        try (DjlDataset data = DjlDataset.classification("tiny", X, Y, 2, Device.cpu());
                DjlModel model = DjlModel.create(arch, Device.cpu(), 1)) {
            assertThatThrownBy(model::checkActivationUsage)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("saliency = activation-usage")
                    .hasMessageContaining("mlp-with-batchnorm")
                    .hasMessageContaining("BatchNorm");
            assertThatThrownBy(() -> retainMask(SaliencySource.ACTIVATION_USAGE_WEIGHTED).check(model))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("BatchNorm");
            float[] before = model.parameters();
            assertThatThrownBy(() -> REGISTRY.create("rbm", Settings.of(Map.of("saliency", "activation-usage")))
                    .unlearn(UnlearnRequest.builder().setModel(model).setData(DataSplit.of(data, new int[] {2}, null))
                            .build()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("mlp-with-batchnorm");
            assertThat(model.parameters()).containsExactly(before);
            // gradient sources still run on it
            retainMask(SaliencySource.PER_EXAMPLE_FISHER).check(model);
        }
    }
}
