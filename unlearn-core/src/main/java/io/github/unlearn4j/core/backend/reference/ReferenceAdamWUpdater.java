package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;

/** The reference backend's AdamW updater: two moment arrays and a step count, stepping through {@link MaskedAdamW}. */
final class ReferenceAdamWUpdater implements ParameterUpdater {
    private final float[] params;
    private final float[] grads;
    private final float[] m;
    private final float[] v;
    private final float[] mask;
    private final AdamWConfig config;
    private long t;

    ReferenceAdamWUpdater(float[] params, float[] grads, AdamWConfig config, ParameterMask mask) {
        this.params = params;
        this.grads = grads;
        this.m = new float[params.length];
        this.v = new float[params.length];
        this.mask = mask.isFull() ? null : mask.toFloats();
        this.config = config;
    }

    @Override
    public void step(double learningRate, double l1Strength) {
        if (!(learningRate > 0) || !(l1Strength >= 0) || Double.isInfinite(learningRate)
                || Double.isInfinite(l1Strength)) {
            throw InvalidRequestException.of(
                    "learningRate/l1Strength", learningRate + "/" + l1Strength,
                    "need a finite learningRate > 0 and a finite l1 >= 0");
        }
        t++;
        MaskedAdamW.step(params, grads, m, v, mask, (float) learningRate, (float) config.beta1(),
                (float) config.beta2(), (float) config.epsilon(), (float) config.weightDecay(), (float) l1Strength,
                (float) (1.0 - Math.pow(config.beta1(), t)), (float) (1.0 - Math.pow(config.beta2(), t)));
    }

    @Override
    public void close() {}
}
