package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import java.util.List;

/**
 * The DJL backend's masked SGD step on a GPU (and for parameters other than float32): the formula
 * of core's {@code MaskedSgd}, per parameter tensor, with in-place NDArray operations on the device:
 *
 * <pre>
 *   g ← grad + weightDecay·θ + l1·sign(θ)
 *   v ← mask · (momentum·v + g)
 *   θ ← θ − lr·v
 * </pre>
 *
 * in float32, in that order. Where mask = 0 the velocity is 0 and θ − lr·0 leaves θ bit-identical.
 * With a full mask, no mask array is held and the multiplication is skipped. Every operation is in
 * place: velocity, mask, one scratch array per tensor (two with ℓ1) and the constant scalars are
 * allocated once, in a sub-manager of the model's manager freed by {@link #close()}; a step
 * allocates only its two scalar tensors (η, λ) and DJL's wrappers, closed at its end. Each line is
 * one libtorch pass over its arrays, about 72 bytes per element in all with the mask; on the CPU,
 * {@link DjlCpuSgdUpdater} does the step in one pass.
 */
final class DjlUpdater implements ParameterUpdater {
    /** Selects every element: {@code a.set(ALL, b)} copies b into a on the device (NDArray.copyTo goes through the host). */
    private static final NDIndex ALL = new NDIndex("...");

    private final DjlModel model;
    private final NDManager buffers;
    private final Parameter[] params;
    private final NDArray[] velocity;
    private final NDArray[] masks;
    private final NDArray[] scratch;
    private final NDArray[] signScratch;
    private final float weightDecay;
    private final NDArray momentumScalar;
    private final NDArray weightDecayScalar;
    private boolean closed;

    DjlUpdater(DjlModel model, NDManager modelManager, List<Parameter> trainable, SgdConfig config, ParameterMask mask) {
        this.model = model;
        this.params = trainable.toArray(new Parameter[0]);
        this.signScratch = new NDArray[params.length];
        this.weightDecay = (float) config.weightDecay();
        this.buffers = modelManager.newSubManager();
        try {
            this.momentumScalar = buffers.create((float) config.momentum());
            this.weightDecayScalar = buffers.create(weightDecay);
            NDScope.unregister(momentumScalar, weightDecayScalar);
            this.velocity = UpdaterBuffers.zerosLike(buffers, params);
            this.scratch = UpdaterBuffers.zerosLike(buffers, params);
            this.masks = UpdaterBuffers.perTensor(buffers, params, mask);
        } catch (RuntimeException | Error e) {
            buffers.close();
            throw e;
        }
    }

    @Override
    public void step(double learningRate, double l1Strength) {
        UpdaterBuffers.checkStep(closed, learningRate, l1Strength);
        model.enter();
        try (NDScope scope = new NDScope()) {
            NDArray lr = buffers.create((float) learningRate);
            NDArray l1 = l1Strength == 0 ? null : buffers.create((float) l1Strength);
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i].getArray();
                NDArray theta = param.stopGradient();
                NDArray grad = param.getGradient();
                NDArray v = velocity[i];
                NDArray s = scratch[i];
                if (weightDecay == 0f && l1 == null) {
                    v.muli(momentumScalar).addi(grad);
                } else {
                    // s = grad + wd·θ (+ l1·sign θ), computed in place in the scratch array
                    s.set(ALL, theta);
                    s.muli(weightDecayScalar).addi(grad);
                    if (l1 != null) {
                        if (signScratch[i] == null) {
                            signScratch[i] = buffers.zeros(theta.getShape(), theta.getDataType());
                            NDScope.unregister(signScratch[i]);
                        }
                        signScratch[i].set(ALL, theta);
                        s.addi(signScratch[i].signi().muli(l1));
                    }
                    v.muli(momentumScalar).addi(s);
                }
                if (masks != null) {
                    v.muli(masks[i]);
                }
                s.set(ALL, v);
                theta.subi(s.muli(lr));
            }
        } finally {
            model.exit();
        }
    }

    /** Frees the velocity, mask and scratch arrays. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffers.close();
        }
    }
}
