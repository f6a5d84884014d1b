package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import java.util.Arrays;
import java.util.List;

/**
 * The DJL backend's masked SGD step: the formula of core's {@code MaskedSgd}, per parameter tensor,
 * with in-place NDArray operations on the device:
 *
 * <pre>
 *   g ← grad + weightDecay·θ + l1·sign(θ)
 *   v ← mask · (momentum·v + g)
 *   θ ← θ − lr·v
 * </pre>
 *
 * in float32, in that order. Where mask = 0 the velocity is 0 and θ − lr·0 leaves θ bit-identical.
 * With a full mask, no mask array is held and the multiplication is skipped. Velocity and mask
 * arrays live in a sub-manager of the model's manager, freed by {@link #close()}; each step's
 * temporaries are closed at its end.
 */
final class DjlUpdater implements ParameterUpdater {
    private final DjlModel model;
    private final NDManager buffers;
    private final Parameter[] params;
    private final NDArray[] velocity;
    private final NDArray[] masks;
    private final float momentum;
    private final float weightDecay;
    private boolean closed;

    DjlUpdater(DjlModel model, NDManager modelManager, List<Parameter> trainable, SgdConfig config, ParameterMask mask) {
        this.model = model;
        this.params = trainable.toArray(new Parameter[0]);
        this.velocity = new NDArray[params.length];
        this.momentum = (float) config.momentum();
        this.weightDecay = (float) config.weightDecay();
        float[] flags = mask.toFloats();
        boolean full = true;
        for (float f : flags) {
            if (f != 1f) {
                full = false;
                break;
            }
        }
        this.masks = full ? null : new NDArray[params.length];
        this.buffers = modelManager.newSubManager();
        try {
            int offset = 0;
            for (int i = 0; i < params.length; i++) {
                NDArray w = params[i].getArray();
                velocity[i] = buffers.zeros(w.getShape(), w.getDataType());
                NDScope.unregister(velocity[i]);
                int size = Math.toIntExact(w.size());
                if (masks != null) {
                    masks[i] = buffers.create(Arrays.copyOfRange(flags, offset, offset + size), w.getShape());
                    NDScope.unregister(masks[i]);
                }
                offset += size;
            }
        } catch (RuntimeException | Error e) {
            buffers.close();
            throw e;
        }
    }

    @Override
    public void step(double learningRate, double l1Strength) {
        if (closed) {
            throw new IllegalStateException("updater is closed");
        }
        if (!(learningRate > 0) || !(l1Strength >= 0) || Double.isInfinite(learningRate)
                || Double.isInfinite(l1Strength)) {
            throw InvalidRequestException.of(
                    "learningRate/l1Strength", learningRate + "/" + l1Strength,
                    "need a finite learningRate > 0 and a finite l1 >= 0");
        }
        model.ensureOpen();
        float lr = (float) learningRate;
        float l1 = (float) l1Strength;
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i].getArray();
                NDArray theta = param.stopGradient();
                NDArray grad = param.getGradient();
                NDArray g = grad;
                if (weightDecay != 0f) {
                    g = theta.mul(weightDecay).addi(grad);
                }
                if (l1 != 0f) {
                    NDArray l1Term = theta.sign().muli(l1);
                    g = g == grad ? grad.add(l1Term) : g.addi(l1Term);
                }
                NDArray v = velocity[i];
                v.muli(momentum).addi(g);
                if (masks != null) {
                    v.muli(masks[i]);
                }
                theta.subi(v.mul(lr));
            }
        }
    }

    /** Frees the velocity and mask arrays. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffers.close();
        }
    }
}
