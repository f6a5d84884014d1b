package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;

/** The reference backend's updater: momentum buffers and a 0/1 mask, stepping through {@link MaskedSgd}. */
final class ReferenceUpdater implements ParameterUpdater {
    private final float[] params;
    private final float[] grads;
    private final float[] velocity;
    private final float[] mask;
    private final float momentum;
    private final float weightDecay;

    ReferenceUpdater(float[] params, float[] grads, SgdConfig config, ParameterMask mask) {
        this.params = params;
        this.grads = grads;
        this.velocity = new float[params.length];
        this.mask = mask.isFull() ? null : mask.toFloats();
        this.momentum = (float) config.momentum();
        this.weightDecay = (float) config.weightDecay();
    }

    @Override
    public void step(double learningRate, double l1Strength) {
        if (!(learningRate > 0) || !(l1Strength >= 0)) {
            throw InvalidRequestException.of(
                    "learningRate/l1Strength", learningRate + "/" + l1Strength, "need learningRate > 0 and l1 >= 0");
        }
        if (mask == null) {
            MaskedSgd.step(params, grads, velocity, (float) learningRate, momentum, weightDecay, (float) l1Strength);
        } else {
            MaskedSgd.maskedStep(
                    params, grads, velocity, mask, (float) learningRate, momentum, weightDecay, (float) l1Strength);
        }
    }

    @Override
    public void close() {}
}
