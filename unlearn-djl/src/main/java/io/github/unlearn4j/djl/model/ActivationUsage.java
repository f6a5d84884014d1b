package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.unlearn4j.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layer map behind {@link DjlModel#activationUsage}: the network's leaf blocks in forward
 * order (nested {@link SequentialBlock}s flattened), each {@link Linear} and {@link Conv2d} with the
 * flat offsets of its weight and bias, and per-layer sums of {@code |a|} over the rows seen.
 *
 * <p>For a dense layer with input a (shape [n, in], or [n, …, in], whose extra positions count as
 * rows), {@code s(w_ij) = Σ |a_j| / (rows · positions)}. For a 2-d convolution with input
 * [n, C, H, W], stride s, padding p, dilation d and G groups, weight {@code w[o, c', u, v]} reads
 * input channel {@code c = ⌊o / (F/G)⌋ · (C/G) + c'} at {@code (h·s_h − p_h + u·d_h,
 * w·s_w − p_w + v·d_w)} for each output position (h, w); its usage is the mean of {@code |a|} over
 * rows and output positions, with {@code |a| = 0} on padding. Biases score 1. Parameterless blocks
 * (activations, pooling, flatten) are run; any other block with parameters makes the architecture
 * unsupported.
 *
 * <p>The map is immutable; each call accumulates in its own {@link Accumulator}.
 */
final class ActivationUsage {
    /** A dense or conv2d layer and where its parameters sit in the flat vector (−1: not trainable or absent). */
    private record Layer(int leaf, long weightOffset, long biasOffset, Shape weightShape, long biasSize) {}

    private final List<Block> leaves;
    private final List<Layer> layers;
    private final String unsupported;
    private final String architecture;

    private ActivationUsage(String architecture, List<Block> leaves, List<Layer> layers, String unsupported) {
        this.architecture = architecture;
        this.leaves = leaves;
        this.layers = layers;
        this.unsupported = unsupported;
    }

    /**
     * Maps a network.
     *
     * @param architecture the architecture's name, for messages
     * @param root the network
     * @param offsets the flat offset of each trainable parameter
     * @return the map; {@link #check()} says whether it is usable
     */
    static ActivationUsage of(String architecture, Block root, Map<Parameter, Long> offsets) {
        List<Block> leaves = new ArrayList<>();
        flatten(root, leaves);
        List<Layer> layers = new ArrayList<>();
        String unsupported = null;
        for (int i = 0; i < leaves.size(); i++) {
            Block leaf = leaves.get(i);
            if (leaf instanceof Linear || leaf instanceof Conv2d) {
                long weight = -1;
                long bias = -1;
                Shape weightShape = null;
                long biasSize = 0;
                for (Pair<String, Parameter> p : leaf.getDirectParameters()) {
                    Long offset = offsets.get(p.getValue());
                    if (p.getValue().getType() == Parameter.Type.BIAS) {
                        bias = offset == null ? -1 : offset;
                        biasSize = p.getValue().getArray().size();
                    } else {
                        weight = offset == null ? -1 : offset;
                        weightShape = p.getValue().getArray().getShape();
                    }
                }
                layers.add(new Layer(i, weight, bias, weightShape, biasSize));
            } else if (unsupported == null && !leaf.getParameters().isEmpty()) {
                unsupported = "a " + leaf.getClass().getSimpleName() + " block with parameters ("
                        + leaf.getParameters().keys() + ")";
            }
        }
        return new ActivationUsage(architecture, List.copyOf(leaves), List.copyOf(layers), unsupported);
    }

    private static void flatten(Block block, List<Block> out) {
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                flatten(child.getValue(), out);
            }
        } else {
            out.add(block);
        }
    }

    /**
     * Refuses an architecture with a parameterized block other than dense and conv2d layers.
     *
     * @throws InvalidRequestException naming the architecture and the block
     */
    void check() {
        if (unsupported != null) {
            throw InvalidRequestException.of("saliency", "activation-usage", "model " + architecture + " has "
                    + unsupported + "; activation usage covers Linear and Conv2d layers in SequentialBlocks;"
                    + " use gradient, fisher or per-example-fisher");
        }
    }

    /**
     * Starts an accumulation.
     *
     * @return a fresh accumulator
     * @throws InvalidRequestException if {@link #check()} does
     */
    Accumulator start() {
        check();
        return new Accumulator();
    }

    /** One call's sums of {@code |a|}, layer by layer. */
    final class Accumulator {
        /** Per layer: Σ |a| over the rows seen, per input element (dense: in; conv: C·H·W). */
        private final double[][] sums = new double[layers.size()][];
        /** Per layer: the input shape without the batch axis, from the first chunk. */
        private final Shape[] inputShapes = new Shape[layers.size()];
        private long rows;

        private Accumulator() {}

        /**
         * Runs a chunk of rows through the network, adding each layer's {@code Σ |a|}. Arrays are
         * created in the caller's scope.
         *
         * @param input the chunk, shaped as the network's input [n, …]
         * @param store the model's parameter store
         */
        void add(NDArray input, ParameterStore store) {
            NDArray a = input;
            int next = 0;
            for (int i = 0; i < leaves.size() && next < layers.size(); i++) {
                if (layers.get(next).leaf() == i) {
                    Shape shape = a.getShape();
                    NDArray abs = a.abs();
                    float[] s = (leaves.get(i) instanceof Linear
                            ? abs.reshape(-1, shape.get(shape.dimension() - 1))
                            : abs).sum(new int[] {0}).toFloatArray();
                    if (sums[next] == null) {
                        sums[next] = new double[s.length];
                        inputShapes[next] = shape.slice(1);
                    }
                    for (int j = 0; j < s.length; j++) {
                        sums[next][j] += s[j];
                    }
                    next++;
                    if (next == layers.size()) {
                        break;
                    }
                }
                a = leaves.get(i).forward(store, new NDList(a), false).head();
            }
            rows += input.getShape().get(0);
        }

        /**
         * Writes the usage of every mapped parameter.
         *
         * @param usage the flat output, zeros where nothing was written
         */
        void finish(double[] usage) {
            if (rows == 0) {
                return;
            }
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                if (layer.biasOffset() >= 0) {
                    for (int i = 0; i < layer.biasSize(); i++) {
                        usage[Math.toIntExact(layer.biasOffset() + i)] = 1;
                    }
                }
                if (layer.weightOffset() < 0) {
                    continue;
                }
                if (leaves.get(layer.leaf()) instanceof Conv2d conv) {
                    convUsage(conv, layer, sums[l], inputShapes[l], rows, usage);
                } else {
                    denseUsage(layer, sums[l], inputShapes[l], rows, usage);
                }
            }
        }
    }

    private static void denseUsage(Layer layer, double[] sum, Shape inputShape, long rows, double[] usage) {
        int in = sum.length;
        double count = (double) rows * (inputShape.size() / in);
        long outputs = layer.weightShape().get(0);
        int offset = Math.toIntExact(layer.weightOffset());
        for (int i = 0; i < outputs; i++) {
            for (int j = 0; j < in; j++) {
                usage[offset + i * in + j] = sum[j] / count;
            }
        }
    }

    private static void convUsage(Conv2d conv, Layer layer, double[] sum, Shape inputShape, long rows,
            double[] usage) {
        int channels = Math.toIntExact(inputShape.get(0));
        int height = Math.toIntExact(inputShape.get(1));
        int width = Math.toIntExact(inputShape.get(2));
        Shape w = layer.weightShape();
        int filters = Math.toIntExact(w.get(0));
        int groupChannels = Math.toIntExact(w.get(1));
        int kh = Math.toIntExact(w.get(2));
        int kw = Math.toIntExact(w.get(3));
        int groups = conv.getGroups();
        int sh = Math.toIntExact(conv.getStride().get(0));
        int sw = Math.toIntExact(conv.getStride().get(1));
        int ph = Math.toIntExact(conv.getPadding().get(0));
        int pw = Math.toIntExact(conv.getPadding().get(1));
        int dh = Math.toIntExact(conv.getDilation().get(0));
        int dw = Math.toIntExact(conv.getDilation().get(1));
        int outH = (height + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int outW = (width + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        double count = (double) rows * outH * outW;
        // window[c][u][v] = Σ over output positions of Σ_rows |a[c, h·sh − ph + u·dh, x·sw − pw + v·dw]|
        double[][][] window = new double[channels][kh][kw];
        for (int c = 0; c < channels; c++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    double s = 0;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * sh - ph + u * dh;
                        if (ih < 0 || ih >= height) {
                            continue;
                        }
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = ow * sw - pw + v * dw;
                            if (iw >= 0 && iw < width) {
                                s += sum[(c * height + ih) * width + iw];
                            }
                        }
                    }
                    window[c][u][v] = s;
                }
            }
        }
        int offset = Math.toIntExact(layer.weightOffset());
        int perGroup = filters / groups;
        for (int o = 0; o < filters; o++) {
            int firstChannel = (o / perGroup) * (channels / groups);
            for (int c = 0; c < groupChannels; c++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        usage[offset + ((o * groupChannels + c) * kh + u) * kw + v] =
                                window[firstChannel + c][u][v] / count;
                    }
                }
            }
        }
    }
}
