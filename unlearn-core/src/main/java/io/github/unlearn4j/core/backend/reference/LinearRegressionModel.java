package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.core.capability.ActivationUsageModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import io.github.unlearn4j.core.capability.SecondOrderModel;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import java.util.Arrays;
import java.util.List;

/**
 * Linear regression without intercept, {@code f(x) = w·x}, with the mean squared error
 * {@code L(w) = (1/n) Σ (w·x_i − y_i)²} and its gradient {@code (2/n) Σ (w·x_i − y_i) x_i}. This is
 * the model of the paper's theory. {@link #reinitialize} sets w = 0, so gradient descent from a
 * re-initialized model converges to the minimum-norm interpolator (the golden model).
 */
public final class LinearRegressionModel extends ReferenceModel implements FeatureUsageModel, ActivationUsageModel, SecondOrderModel {

    /**
     * A model with w = 0.
     *
     * @param features the input dimension d
     */
    public LinearRegressionModel(int features) {
        super(features, features);
    }

    private LinearRegressionModel(LinearRegressionModel other) {
        super(other);
    }

    /**
     * A model with given weights.
     *
     * @param weights w, one per feature
     * @return the model
     */
    public static LinearRegressionModel withWeights(float[] weights) {
        LinearRegressionModel m = new LinearRegressionModel(weights.length);
        m.setParameters(weights);
        return m;
    }

    @Override
    public ModelDescription description() {
        return new ModelDescription(
                BACKEND,
                "cpu",
                "linear(" + features + "->1)",
                TaskType.REGRESSION,
                features,
                1,
                List.of(new ParameterGroup("weight", 0, features)));
    }

    @Override
    public LinearRegressionModel copy() {
        ensureOpen();
        return new LinearRegressionModel(this);
    }

    /** Sets w = 0; the seed is not needed. */
    @Override
    public void reinitialize(long seed) {
        ensureOpen();
        Arrays.fill(params, 0f);
    }

    private double predict(float[] x, int offset) {
        double s = 0;
        for (int j = 0; j < features; j++) {
            s += (double) params[j] * x[offset + j];
        }
        return s;
    }

    @Override
    protected double accumulateTerm(ArrayDataset data, Batch batch, LossTerm term, double weight) {
        if (!(term instanceof LossTerm.TaskLoss)) {
            throw unsupported(term);
        }
        float[] x = data.rawFeatures();
        int n = batch.size();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = batch.rows()[i];
            int offset = row * features;
            double r = predict(x, offset) - data.target(row);
            loss += r * r;
            double coef = weight * 2.0 * r / n;
            for (int j = 0; j < features; j++) {
                grads[j] += (float) (coef * x[offset + j]);
            }
        }
        return loss / n;
    }

    @Override
    protected double[] newScratch() {
        return new double[0];
    }

    @Override
    protected double rowLoss(ArrayDataset data, int row, double[] scratch) {
        double r = predict(data.rawFeatures(), row * features) - data.target(row);
        return r * r;
    }

    @Override
    protected int predictClass(ArrayDataset data, int row, double[] scratch) {
        return -1;
    }

    @Override
    protected double[] rowOutputs(ArrayDataset data, int row, double[] scratch) {
        return new double[] {predict(data.rawFeatures(), row * features)};
    }

    /** {@inheritDoc} For w_j: {@code Σ_i |x_ij|}. */
    @Override
    public double[] featureUsage(DataView view) {
        ArrayDataset data = arrayData(view.source());
        double[] usage = new double[features];
        for (int i = 0; i < view.size(); i++) {
            for (int j = 0; j < features; j++) {
                usage[j] += Math.abs(data.feature(view.row(i), j));
            }
        }
        return usage;
    }

    /** {@inheritDoc} The feature usage divided by the number of rows N: for w_j {@code (1/N) Σ_i |x_ij|}. */
    @Override
    public double[] activationUsage(DataView view) {
        return perRow(featureUsage(view), view.size());
    }

    /** {@inheritDoc} For the mean squared error: {@code (2/n) XᵀX}. */
    @Override
    public double[][] taskLossHessian(DataView view) {
        ArrayDataset data = arrayData(view.source());
        double[][] h = new double[features][features];
        int n = view.size();
        for (int i = 0; i < n; i++) {
            int row = view.row(i);
            for (int a = 0; a < features; a++) {
                double xa = data.feature(row, a);
                if (xa == 0) {
                    continue;
                }
                for (int b = 0; b < features; b++) {
                    h[a][b] += 2.0 * xa * data.feature(row, b) / n;
                }
            }
        }
        return h;
    }
}
