package io.github.unlearn4j.core.testkit;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a model and records every call that computes or changes something (copy, gradients,
 * updates, evaluation), so that a check can tell whether a method did any work before it rejected
 * a request. Reads ({@link #description()}, {@link #parameters()}, {@link #checkCompatible}) pass
 * through unrecorded.
 */
final class ComputeSpy implements TrainableModel {
    private final TrainableModel delegate;
    private final List<String> calls = new ArrayList<>();

    ComputeSpy(TrainableModel delegate) {
        this.delegate = delegate;
    }

    /** @return the recorded compute calls, in order */
    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ModelDescription description() {
        return delegate.description();
    }

    @Override
    public TrainableModel copy() {
        calls.add("copy()");
        return delegate.copy();
    }

    @Override
    public void reinitialize(long seed) {
        calls.add("reinitialize()");
        delegate.reinitialize(seed);
    }

    @Override
    public void zeroGradients() {
        calls.add("zeroGradients()");
        delegate.zeroGradients();
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        calls.add("accumulateGradient()");
        return delegate.accumulateGradient(batch, term, weight);
    }

    @Override
    public ParameterUpdater newUpdater(io.github.unlearn4j.api.model.OptimizerSpec config, ParameterMask mask) {
        calls.add("newUpdater()");
        return delegate.newUpdater(config, mask);
    }

    @Override
    public Evaluation evaluate(DataView view) {
        calls.add("evaluate()");
        return delegate.evaluate(view);
    }

    @Override
    public double[][] predict(DataView view) {
        calls.add("predict()");
        return delegate.predict(view);
    }

    @Override
    public float[] parameters() {
        return delegate.parameters();
    }

    @Override
    public void setParameters(float[] values) {
        calls.add("setParameters()");
        delegate.setParameters(values);
    }

    @Override
    public float[] gradients() {
        return delegate.gradients();
    }

    @Override
    public void checkCompatible(Dataset data) {
        delegate.checkCompatible(data);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
