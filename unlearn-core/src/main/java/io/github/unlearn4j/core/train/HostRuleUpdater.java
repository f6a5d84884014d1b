package io.github.unlearn4j.core.train;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.model.UpdateRule;
import java.util.Objects;

/**
 * Runs a plugin's {@link UpdateRule} on any {@link TrainableModel}, through the model's flat host
 * views: each {@link #step} reads {@link TrainableModel#parameters()} and
 * {@link TrainableModel#gradients()}, gathers the entries that the mask lets move into dense
 * arrays, calls {@link UpdateRule#step} with the step number t = 1, 2, …, checks that the new
 * values are finite, and writes them back with {@link TrainableModel#setParameters}. Masked
 * parameters are written back with their own values, so they stay bit-identical; the rule never
 * sees them. This is the engine-neutral path: on DJL it copies every parameter and gradient to the
 * host and back on each step, which is slow for large models but correct on every backend.
 *
 * <p>Backends return it from {@code newUpdater} for any {@link UpdateRule}; it belongs to the
 * model's owner thread, like every updater.
 */
public final class HostRuleUpdater implements ParameterUpdater {
    private final TrainableModel model;
    private final UpdateRule rule;
    private final int[] trainable;
    private final float[] params;
    private final float[] grads;
    private final float[][] state;
    private long t;
    private boolean closed;

    /**
     * Allocates the rule's zeroed state for the parameters that the mask lets move.
     *
     * @param model the model to update in place
     * @param rule the rule
     * @param mask which parameters may move; its size must equal the parameter count
     * @throws InvalidRequestException if the mask size or the rule's state size is wrong
     */
    public HostRuleUpdater(TrainableModel model, UpdateRule rule, ParameterMask mask) {
        this.model = Objects.requireNonNull(model, "model");
        this.rule = Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(mask, "mask");
        long count = model.description().parameterCount();
        if (mask.size() != count) {
            throw InvalidRequestException.of("mask.size", mask.size(), "model has " + count + " parameters");
        }
        int stateSize = rule.stateSize();
        if (stateSize < 0) {
            throw InvalidRequestException.of(rule.name() + ".stateSize", stateSize, "must be >= 0");
        }
        int k = Math.toIntExact(mask.trainableCount());
        this.trainable = new int[k];
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (mask.isTrainable(i)) {
                trainable[j++] = i;
            }
        }
        this.params = new float[k];
        this.grads = new float[k];
        this.state = new float[stateSize][k];
    }

    /**
     * {@inheritDoc} Runs the rule once on the trainable parameters.
     *
     * @throws InvalidRequestException on a bad learning rate or ℓ1 strength, or if the rule
     *     produced a non-finite parameter (the model is then left unchanged)
     */
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
        float[] all = model.parameters();
        float[] allGrads = model.gradients();
        for (int j = 0; j < trainable.length; j++) {
            params[j] = all[trainable[j]];
            grads[j] = allGrads[trainable[j]];
        }
        t++;
        rule.step(params, grads, state, t, learningRate, l1Strength);
        for (int j = 0; j < trainable.length; j++) {
            float value = params[j];
            if (!Float.isFinite(value)) {
                throw InvalidRequestException.of(rule.name() + ".parameter[" + trainable[j] + "]", value,
                        "update rule produced a non-finite value at step " + t);
            }
            all[trainable[j]] = value;
        }
        model.setParameters(all);
    }

    /** Drops the state. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
