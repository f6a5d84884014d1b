package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.UpdateRule;
import io.github.unlearn4j.core.train.HostRuleUpdater;
import java.util.Objects;
import io.github.unlearn4j.api.model.TrainableModel;

/**
 * Base of the pure-Java reference backend: parameters and gradient as flat float arrays, analytic
 * gradients, and the allocation-free {@link MaskedSgd} update. Trains on {@link ArrayDataset}.
 *
 * <p>Threads: as {@link TrainableModel} requires, reads ({@link #evaluate}, {@link #predict},
 * {@link #copy}, {@link #parameters}) may run from many threads at once; each call has its own
 * scratch ({@link #newScratch()}). Training keeps allocation-free scratch in the model, used only by
 * its owner thread. Holds no native resources; after {@link #close()} every call fails with an
 * {@link IllegalStateException}.
 */
public abstract class ReferenceModel implements TrainableModel {
    /** The backend's name in descriptions and provenance. */
    public static final String BACKEND = "reference";

    /** The parameters θ, flat. */
    protected final float[] params;
    /** The accumulated gradient, flat. */
    protected final float[] grads;
    /** The number of input features. */
    protected final int features;
    private volatile boolean closed;

    /**
     * Creates a model with zero parameters.
     *
     * @param features input features
     * @param parameterCount total scalar parameters
     */
    protected ReferenceModel(int features, int parameterCount) {
        if (features < 1) {
            throw InvalidRequestException.of("features", features, "must be at least 1");
        }
        this.features = features;
        this.params = new float[parameterCount];
        this.grads = new float[parameterCount];
    }

    /**
     * Copies another model's parameters; the gradient starts at zero.
     *
     * @param other the model to copy
     */
    protected ReferenceModel(ReferenceModel other) {
        this.features = other.features;
        this.params = other.params.clone();
        this.grads = new float[other.grads.length];
    }

    @Override
    public void zeroGradients() {
        ensureOpen();
        java.util.Arrays.fill(grads, 0f);
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        ensureOpen();
        ArrayDataset data = arrayData(batch.source());
        return accumulateTerm(data, batch, term, weight);
    }

    /**
     * Adds {@code weight · ∇ (mean of the term over the batch)} to {@link #grads}.
     *
     * @param data the batch's dataset
     * @param batch the rows and labels
     * @param term the loss term
     * @param weight the coefficient
     * @return the mean of the term on the batch
     * @throws BackendException if the model does not implement the term
     */
    protected abstract double accumulateTerm(ArrayDataset data, Batch batch, LossTerm term, double weight);

    /**
     * The exception for a loss term this model does not implement.
     *
     * @param term the term
     * @return the exception
     */
    protected BackendException unsupported(LossTerm term) {
        return new BackendException("the reference backend does not implement loss term '" + term.name()
                + "' on " + description().architecture());
    }

    /**
     * Scratch memory for one read call (one evaluation or prediction), so that concurrent reads
     * never share it.
     *
     * @return a new buffer for {@link #rowLoss}, {@link #predictClass} and {@link #rowOutputs}
     */
    protected abstract double[] newScratch();

    /**
     * The task loss of one row.
     *
     * @param data the dataset
     * @param row the row
     * @param scratch this call's buffer from {@link #newScratch()}
     * @return its loss
     */
    protected abstract double rowLoss(ArrayDataset data, int row, double[] scratch);

    /**
     * The predicted class of one row, for accuracy; -1 for regression.
     *
     * @param data the dataset
     * @param row the row
     * @param scratch this call's buffer from {@link #newScratch()}
     * @return the class
     */
    protected abstract int predictClass(ArrayDataset data, int row, double[] scratch);

    /**
     * The outputs of one row.
     *
     * @param data the dataset
     * @param row the row
     * @param scratch this call's buffer from {@link #newScratch()}
     * @return class probabilities, or the regression prediction, in a new array
     */
    protected abstract double[] rowOutputs(ArrayDataset data, int row, double[] scratch);

    /**
     * {@inheritDoc} SGD steps through {@link MaskedSgd}, AdamW through {@link MaskedAdamW}, both in
     * place on the model's arrays without allocating; an {@link UpdateRule} runs through core's
     * {@link HostRuleUpdater}.
     */
    @Override
    public ParameterUpdater newUpdater(OptimizerSpec optimizer, ParameterMask mask) {
        ensureOpen();
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(mask, "mask");
        if (mask.size() != params.length) {
            throw InvalidRequestException.of(
                    "mask.size", mask.size(), "model has " + params.length + " parameters");
        }
        if (optimizer instanceof SgdConfig sgd) {
            return new ReferenceUpdater(params, grads, sgd, mask);
        }
        if (optimizer instanceof AdamWConfig adamW) {
            return new ReferenceAdamWUpdater(params, grads, adamW, mask);
        }
        return new HostRuleUpdater(this, (UpdateRule) optimizer, mask);
    }

    @Override
    public Evaluation evaluate(DataView view) {
        ensureOpen();
        ArrayDataset data = arrayData(view.source());
        double[] scratch = newScratch();
        double loss = 0;
        long correct = 0;
        boolean classify = data.classCount() > 0;
        for (int i = 0; i < view.size(); i++) {
            int row = view.row(i);
            loss += rowLoss(data, row, scratch);
            if (classify && predictClass(data, row, scratch) == data.label(row)) {
                correct++;
            }
        }
        int n = view.size();
        return new Evaluation(
                n, n == 0 ? Double.NaN : loss / n, classify && n > 0 ? (double) correct / n : Double.NaN);
    }

    @Override
    public double[][] predict(DataView view) {
        ensureOpen();
        ArrayDataset data = arrayData(view.source());
        double[] scratch = newScratch();
        double[][] out = new double[view.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rowOutputs(data, view.row(i), scratch);
        }
        return out;
    }

    @Override
    public float[] parameters() {
        ensureOpen();
        return params.clone();
    }

    @Override
    public void setParameters(float[] values) {
        ensureOpen();
        java.util.Objects.requireNonNull(values, "values");
        if (values.length != params.length) {
            throw InvalidRequestException.of(
                    "parameters.length", values.length, "model has " + params.length + " parameters");
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    @Override
    public float[] gradients() {
        ensureOpen();
        return grads.clone();
    }

    @Override
    public void checkCompatible(Dataset data) {
        arrayData(data);
        TrainableModel.super.checkCompatible(data);
    }

    /**
     * Casts to the backend's dataset type.
     *
     * @param data a dataset
     * @return it as an {@link ArrayDataset}
     * @throws InvalidRequestException if it is another backend's dataset
     */
    protected static ArrayDataset arrayData(Dataset data) {
        if (data instanceof ArrayDataset a) {
            return a;
        }
        throw InvalidRequestException.of(
                "dataset", data.getClass().getName(),
                "the reference backend trains on ArrayDataset; convert the data or use the matching backend");
    }

    /**
     * Divides per-parameter sums over a view's rows by the number of rows, in place: how the linear
     * models turn feature usage ({@code Σ_i |x_ij|}, N for a bias) into activation usage
     * ({@code (1/N) Σ_i |x_ij|}, 1 for a bias). An empty view gives zeros.
     *
     * @param sums the sums over the rows
     * @param rows N, the number of rows
     * @return {@code sums}, divided
     */
    protected static double[] perRow(double[] sums, int rows) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] = rows == 0 ? 0 : sums[i] / rows;
        }
        return sums;
    }

    /**
     * Fails if the model was closed.
     *
     * @throws IllegalStateException naming the model
     */
    protected void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("model " + description().architecture() + " (" + BACKEND + ") is closed");
        }
    }

    /** Marks the model closed; nothing native to free. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
