package io.github.unlearn4j.core;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model that delegates to another and counts the copies that are open, so that tests can check
 * who closes what. Subclass it to change one behaviour.
 */
public class TrackingModel implements TrainableModel {
    private final TrainableModel delegate;
    private final AtomicInteger open;
    private boolean closed;

    /**
     * Wraps a model; the wrapper counts as open.
     *
     * @param delegate the model
     * @param open the shared counter of open models
     */
    public TrackingModel(TrainableModel delegate, AtomicInteger open) {
        this.delegate = delegate;
        this.open = open;
        open.incrementAndGet();
    }

    /** @return the counter of open models */
    public AtomicInteger openCounter() {
        return open;
    }

    /** @return whether close() was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public ModelDescription description() {
        return delegate.description();
    }

    @Override
    public TrainableModel copy() {
        return new TrackingModel(delegate.copy(), open);
    }

    @Override
    public void reinitialize(long seed) {
        delegate.reinitialize(seed);
    }

    @Override
    public void zeroGradients() {
        delegate.zeroGradients();
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        return delegate.accumulateGradient(batch, term, weight);
    }

    @Override
    public ParameterUpdater newUpdater(io.github.unlearn4j.api.model.OptimizerSpec config, ParameterMask mask) {
        return delegate.newUpdater(config, mask);
    }

    @Override
    public Evaluation evaluate(DataView view) {
        return delegate.evaluate(view);
    }

    @Override
    public double[][] predict(DataView view) {
        return delegate.predict(view);
    }

    @Override
    public float[] parameters() {
        return delegate.parameters();
    }

    @Override
    public void setParameters(float[] values) {
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
        if (closed) {
            throw new IllegalStateException("closed twice");
        }
        closed = true;
        open.decrementAndGet();
        delegate.close();
    }
}
