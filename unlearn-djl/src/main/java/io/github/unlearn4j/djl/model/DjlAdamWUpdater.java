package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import java.util.List;

/**
 * The DJL backend's AdamW step ({@link AdamWConfig}), per parameter tensor, with in-place NDArray
 * operations on the device, in float32, in the order of core's {@code MaskedAdamW}:
 *
 * <pre>
 *   g ← (sign(θ)·l1 + grad) · mask        (the ℓ1 term only when l1 ≠ 0, the mask only when not full)
 *   m ← m·β1 + g·(1 − β1)
 *   v ← v·β2 + (g·g)·(1 − β2)
 *   u ← (m / c1) / ((v / c2)^0.5 + ε) + θ·weightDecay
 *   θ ← θ − (u·lr)·mask
 * </pre>
 *
 * with c1 = 1 − β1^t and c2 = 1 − β2^t computed in double and rounded to float. Where mask = 0 the
 * gradient is 0, so m and v stay exactly 0 from their zero start, and θ − 0 leaves θ
 * bit-identical. The moments, the mask, two scratch arrays per tensor and the constant scalars are
 * allocated once, in a sub-manager of the model's manager freed by {@link #close()}; a step
 * allocates only its scalar tensors (η, λ₁, c1, c2) and DJL's wrappers, closed at its end.
 */
final class DjlAdamWUpdater implements ParameterUpdater {
    /** Selects every element: {@code a.set(ALL, b)} copies b into a on the device. */
    private static final NDIndex ALL = new NDIndex("...");

    private final DjlModel model;
    private final NDManager buffers;
    private final Parameter[] params;
    private final NDArray[] firstMoment;
    private final NDArray[] secondMoment;
    private final NDArray[] masks;
    private final NDArray[] scratch;
    private final NDArray[] gradScratch;
    private final AdamWConfig config;
    private final NDArray beta1;
    private final NDArray oneMinusBeta1;
    private final NDArray beta2;
    private final NDArray oneMinusBeta2;
    private final NDArray epsilon;
    private final NDArray weightDecay;
    private long t;
    private boolean closed;

    DjlAdamWUpdater(DjlModel model, NDManager modelManager, List<Parameter> trainable, AdamWConfig config,
            ParameterMask mask) {
        this.model = model;
        this.config = config;
        this.params = trainable.toArray(new Parameter[0]);
        this.buffers = modelManager.newSubManager();
        try {
            this.beta1 = buffers.create((float) config.beta1());
            this.oneMinusBeta1 = buffers.create((float) (1.0 - (float) config.beta1()));
            this.beta2 = buffers.create((float) config.beta2());
            this.oneMinusBeta2 = buffers.create((float) (1.0 - (float) config.beta2()));
            this.epsilon = buffers.create((float) config.epsilon());
            this.weightDecay = buffers.create((float) config.weightDecay());
            NDScope.unregister(beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, weightDecay);
            this.firstMoment = UpdaterBuffers.zerosLike(buffers, params);
            this.secondMoment = UpdaterBuffers.zerosLike(buffers, params);
            this.scratch = UpdaterBuffers.zerosLike(buffers, params);
            this.gradScratch = UpdaterBuffers.zerosLike(buffers, params);
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
            long next = t + 1;
            NDArray lr = buffers.create((float) learningRate);
            NDArray l1 = l1Strength == 0 ? null : buffers.create((float) l1Strength);
            NDArray c1 = buffers.create((float) (1.0 - Math.pow(config.beta1(), next)));
            NDArray c2 = buffers.create((float) (1.0 - Math.pow(config.beta2(), next)));
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i].getArray();
                NDArray theta = param.stopGradient();
                NDArray g = param.getGradient();
                NDArray gs = gradScratch[i];
                NDArray s = scratch[i];
                if (l1 != null || masks != null) {
                    if (l1 != null) {
                        gs.set(ALL, theta);
                        gs.signi().muli(l1).addi(g);
                    } else {
                        gs.set(ALL, g);
                    }
                    if (masks != null) {
                        gs.muli(masks[i]);
                    }
                    g = gs;
                }
                s.set(ALL, g);
                firstMoment[i].muli(beta1).addi(s.muli(oneMinusBeta1));
                s.set(ALL, g);
                secondMoment[i].muli(beta2).addi(s.muli(g).muli(oneMinusBeta2));
                // gs is free now: gs = √(v / c2) + ε; s = (m / c1) / gs + θ·wd
                gs.set(ALL, secondMoment[i]);
                gs.divi(c2).powi(0.5f).addi(epsilon); // NDArray has no sqrti; PyTorch computes pow(x, 0.5) as sqrt
                s.set(ALL, firstMoment[i]);
                s.divi(c1).divi(gs);
                gs.set(ALL, theta);
                s.addi(gs.muli(weightDecay));
                s.muli(lr);
                if (masks != null) {
                    s.muli(masks[i]);
                }
                theta.subi(s);
            }
            t = next;
        } finally {
            model.exit();
        }
    }

    /** Frees the moments, mask and scratch arrays. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffers.close();
        }
    }
}
