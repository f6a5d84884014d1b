package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.core.backend.reference.MaskedSgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The DJL backend's masked SGD step on the CPU, in one pass over memory: core's {@link MaskedSgd}
 * loop, run on the libtorch tensors' own storage,
 *
 * <pre>
 *   g ← grad + weightDecay·θ + l1·sign(θ)
 *   v ← mask · (momentum·v + g)
 *   θ ← θ − lr·v
 * </pre>
 *
 * in float32, in that order (core's loop itself, chunk by chunk), so θ and v are bit-identical to
 * {@link MaskedSgd#maskedStep} (or {@link MaskedSgd#step} with a full mask) on the same inputs. Where mask = 0 the velocity is 0 and
 * θ keeps its bits.
 *
 * <p><b>Why not NDArray operations.</b> Each in-place libtorch op is one pass over its arrays; the
 * formula above takes at least four (about 44 bytes per element with the mask), against the 24 bytes
 * (read θ, grad, v, mask; write θ, v) that one fused pass moves. DJL exposes no fused masked
 * kernel. Here θ and the gradient are reached through {@link NDArray#toByteBuffer(boolean)
 * toByteBuffer(true)}, a direct view of the tensor's memory when the tensor is a dense, contiguous
 * CPU tensor. The velocity and the mask live on the Java heap (4 bytes per parameter each; no mask
 * array with a full mask), split into chunks of {@value #CHUNK} floats ({@value #IN_PLACE_CHUNK} on
 * the in-place path: with 4,096-float chunks there, the first version, {@code unlearn-bench/run-jmh}
 * measured 0.58 and 0.51 of the streaming baseline at 2^22 and 2^24 parameters, against 0.83 and 0.85
 * with these). A tensor with a live view takes one of two {@linkplain Path paths}:
 *
 * <ul>
 *   <li>{@link Path#IN_PLACE}, the default when the JVM runs with {@code --add-modules
 *       jdk.incubator.vector}: {@link InPlaceSgdKernel} reads and writes θ and the gradient in
 *       place with vector loads and stores; main-memory traffic is the fused step's 24 B/element.
 *   <li>{@link Path#CHUNKS}, the default otherwise: each chunk of θ and the gradient is copied
 *       into two heap arrays (16 KiB each, so they stay in cache), where the JIT vectorizes core's
 *       loop (a scalar loop over a direct buffer does not vectorize on JDK 17), and θ's chunk is
 *       written back through the view. The same traffic, but the copies read θ and the gradient as
 *       single streams, which memory serves at about half the rate of the in-place loop's four.
 * </ul>
 *
 * <p><b>When there is no view.</b> For another tensor, {@code toByteBuffer(true)} returns a copy,
 * and writes to it would be lost. So before θ's first step (and again whenever the parameter's
 * array object changes) the updater takes two views, writes one element's bits through the first,
 * reads them through the second and restores them; if the write did not show, θ goes through
 * {@link NDArray#toFloatArray()} and {@link NDArray#set(float[])} instead, stepped chunk by chunk
 * through the heap scratch on either path: the same results at the cost of two extra copies. {@code DjlModel} uses this updater only for float32 parameters on the
 * CPU; other devices keep {@link DjlUpdater}.
 *
 * <p>Each step holds the model open ({@code enter}/{@code exit}) like every other model call; the
 * gradient wrappers DJL creates are closed by the step's {@link NDScope}. Not thread-safe on its
 * own: one updater is driven by one training loop.
 */
final class DjlCpuSgdUpdater implements ParameterUpdater {
    /** Floats per chunk: 16 KiB per scratch array, two of them, inside L2. */
    static final int CHUNK = 4096;
    /** Floats per chunk of velocity and mask on {@link Path#IN_PLACE}: 4 MiB arrays. */
    static final int IN_PLACE_CHUNK = 1 << 20;

    /** How a step reaches θ where the tensor has a live view. */
    enum Path {
        /** Stepped in place by {@link InPlaceSgdKernel}. */
        IN_PLACE,
        /** Chunk by chunk through heap scratch arrays. */
        CHUNKS;

        /**
         * The path this JVM takes by default.
         *
         * @return {@link #IN_PLACE} where the Vector API is present, else {@link #CHUNKS}
         */
        static Path preferred() {
            return InPlaceSgdKernel.available().isPresent() ? IN_PLACE : CHUNKS;
        }
    }

    private final DjlModel model;
    private final Parameter[] params;
    private final int[] sizes;
    /** Per tensor, per chunk: the velocity, split like θ so that a chunk's arrays share their indices. */
    private final float[][][] velocity;
    /** Per tensor, per chunk: 0/1, or null with a full mask. */
    private final float[][][] masks;
    /** Per tensor, scratch for its last chunk when that is shorter than a chunk; made on first use. */
    private final float[][] tailTheta;
    private final float[][] tailGrad;
    private final float momentum;
    private final float weightDecay;
    private final Path path;
    private final boolean forceCopies;
    /** The in-place kernel on {@link Path#IN_PLACE}, else null. */
    private final InPlaceSgdKernel kernel;
    /** The array object whose view was last checked, per tensor; a new object is checked again. */
    private final NDArray[] checkedArray;
    private final boolean[] hasLiveView;
    /** Floats per chunk: {@value #CHUNK}, or {@value #IN_PLACE_CHUNK} on the in-place path. */
    private final int chunk;
    /** Scratch for full chunks of the copy paths; made on first use. */
    private float[] thetaChunk;
    private float[] gradChunk;
    private boolean closed;

    DjlCpuSgdUpdater(DjlModel model, List<Parameter> trainable, SgdConfig config, ParameterMask mask) {
        this(model, trainable, config, mask, Path.preferred(), false);
    }

    /**
     * @param path the path every tensor with a live view takes
     * @param forceCopies true to treat every tensor as one without a live view (tests of the fallback)
     * @throws IllegalStateException for {@link Path#IN_PLACE} where the Vector API is missing
     */
    DjlCpuSgdUpdater(DjlModel model, List<Parameter> trainable, SgdConfig config, ParameterMask mask, Path path,
            boolean forceCopies) {
        this.model = model;
        this.params = trainable.toArray(new Parameter[0]);
        this.momentum = (float) config.momentum();
        this.weightDecay = (float) config.weightDecay();
        this.path = path;
        this.chunk = path == Path.IN_PLACE ? IN_PLACE_CHUNK : CHUNK;
        this.forceCopies = forceCopies;
        this.kernel = path == Path.IN_PLACE
                ? InPlaceSgdKernel.available().orElseThrow(() -> new IllegalStateException("path IN_PLACE needs "
                        + "the JVM option --add-modules " + InPlaceSgdKernel.VECTOR_MODULE))
                : null;
        this.sizes = new int[params.length];
        this.velocity = new float[params.length][][];
        this.tailTheta = new float[params.length][];
        this.tailGrad = new float[params.length][];
        this.checkedArray = new NDArray[params.length];
        this.hasLiveView = new boolean[params.length];
        float[] flags = mask.isFull() ? null : mask.toFloats();
        this.masks = flags == null ? null : new float[params.length][][];
        int offset = 0;
        for (int i = 0; i < params.length; i++) {
            NDArray w = params[i].getArray();
            if (w.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("parameter " + params[i].getName() + " is " + w.getDataType()
                        + "; the CPU SGD updater takes float32 only");
            }
            sizes[i] = Math.toIntExact(w.size());
            int chunks = (sizes[i] + chunk - 1) / chunk;
            velocity[i] = new float[chunks][];
            if (masks != null) {
                masks[i] = new float[chunks][];
            }
            for (int c = 0; c < chunks; c++) {
                int from = c * chunk;
                int len = Math.min(chunk, sizes[i] - from);
                velocity[i][c] = new float[len];
                if (masks != null) {
                    masks[i][c] = Arrays.copyOfRange(flags, offset + from, offset + from + len);
                }
            }
            offset += sizes[i];
        }
    }

    /** True when the CPU path applies: every trainable parameter is a float32 tensor. */
    static boolean supports(List<Parameter> trainable) {
        for (Parameter p : trainable) {
            if (p.getArray().getDataType() != DataType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void step(double learningRate, double l1Strength) {
        UpdaterBuffers.checkStep(closed, learningRate, l1Strength);
        float lr = (float) learningRate;
        float l1 = (float) l1Strength;
        model.enter();
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < params.length; i++) {
                NDArray theta = params[i].getArray();
                ByteBuffer gradBytes = nativeOrder(theta.getGradient().toByteBuffer(true));
                if (hasLiveView(i, theta)) {
                    ByteBuffer thetaBytes = nativeOrder(theta.toByteBuffer(true));
                    if (kernel != null) {
                        stepInPlace(thetaBytes, gradBytes, i, lr, l1);
                    } else {
                        stepThrough(thetaBytes.asFloatBuffer(), gradBytes.asFloatBuffer(), i, lr, l1);
                    }
                } else {
                    FloatBuffer copy = FloatBuffer.wrap(theta.toFloatArray());
                    stepThrough(copy, gradBytes.asFloatBuffer(), i, lr, l1);
                    theta.set(copy.array());
                }
            }
        } finally {
            model.exit();
        }
    }

    /** Runs the step over tensor i chunk by chunk, in place. */
    private void stepInPlace(ByteBuffer theta, ByteBuffer grad, int i, float lr, float l1) {
        float[][] v = velocity[i];
        float[][] m = masks == null ? null : masks[i];
        for (int c = 0; c < v.length; c++) {
            kernel.step(theta, grad, c * chunk, v[c], m == null ? null : m[c], lr, momentum, weightDecay, l1);
        }
    }

    /** Runs the step over tensor i chunk by chunk: θ and the gradient are copied in, θ is copied back. */
    private void stepThrough(FloatBuffer theta, FloatBuffer grad, int i, float lr, float l1) {
        float[][] v = velocity[i];
        float[][] m = masks == null ? null : masks[i];
        for (int c = 0; c < v.length; c++) {
            int from = c * chunk;
            int len = v[c].length;
            if (len == chunk && thetaChunk == null) {
                thetaChunk = new float[chunk];
                gradChunk = new float[chunk];
            } else if (len != chunk && tailTheta[i] == null) {
                tailTheta[i] = new float[len];
                tailGrad[i] = new float[len];
            }
            float[] t = len == chunk ? thetaChunk : tailTheta[i];
            float[] g = len == chunk ? gradChunk : tailGrad[i];
            theta.get(from, t, 0, len);
            grad.get(from, g, 0, len);
            if (m == null) {
                MaskedSgd.step(t, g, v[c], lr, momentum, weightDecay, l1);
            } else {
                MaskedSgd.maskedStep(t, g, v[c], m[c], lr, momentum, weightDecay, l1);
            }
            theta.put(from, t, 0, len);
        }
    }

    /**
     * Whether {@code toByteBuffer(true)} of θ is its live storage: checked once per array object by
     * writing one element's bits through one view and reading them through a second.
     */
    private boolean hasLiveView(int i, NDArray theta) {
        if (checkedArray[i] == theta) {
            return hasLiveView[i];
        }
        boolean live = false;
        if (!forceCopies && sizes[i] > 0) {
            // int views, so that no bit pattern passes through a float conversion
            IntBuffer first = theta.toByteBuffer(true).order(ByteOrder.nativeOrder()).asIntBuffer();
            IntBuffer second = theta.toByteBuffer(true).order(ByteOrder.nativeOrder()).asIntBuffer();
            int original = first.get(0);
            int probe = ~original;
            first.put(0, probe);
            live = second.get(0) == probe;
            first.put(0, original);
            if (live) {
                // the restore must land, too: read it back through the second view
                live = second.get(0) == original;
            }
        }
        checkedArray[i] = theta;
        hasLiveView[i] = live;
        return live;
    }

    private static ByteBuffer nativeOrder(ByteBuffer bytes) {
        return bytes.order(ByteOrder.nativeOrder());
    }

    /**
     * The path this updater's tensors take where they have a live view.
     *
     * @return the path
     */
    Path path() {
        return path;
    }

    /** Marks the updater closed; it holds only heap arrays. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
