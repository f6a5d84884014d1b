package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Softmax regression: logits {@code z = W x + b} with W of shape C×d (row-major, then b), class
 * probabilities {@code p = softmax(z)}, mean cross-entropy {@code L = −(1/n) Σ log p_{y_i}} and
 * gradient {@code ∂L/∂W_c = (1/n) Σ (p_c − 1[c = y_i]) x_i}, {@code ∂L/∂b_c = (1/n) Σ (p_c − 1[c = y_i])}.
 * {@link #reinitialize} draws W from N(0, 0.01²) with the seed and sets b = 0.
 */
public final class SoftmaxRegressionModel extends ReferenceModel {
    private final int classes;
    private final double[] logits;

    /**
     * A model with zero parameters.
     *
     * @param features the input dimension d
     * @param classes the number of classes C, at least 2
     */
    public SoftmaxRegressionModel(int features, int classes) {
        super(features, checkClasses(classes) * features + classes);
        this.classes = classes;
        this.logits = new double[classes];
    }

    private SoftmaxRegressionModel(SoftmaxRegressionModel other) {
        super(other);
        this.classes = other.classes;
        this.logits = new double[classes];
    }

    private static int checkClasses(int classes) {
        if (classes < 2) {
            throw InvalidRequestException.of("classes", classes, "softmax regression needs at least 2 classes");
        }
        return classes;
    }

    @Override
    public ModelDescription description() {
        return new ModelDescription(
                BACKEND,
                "cpu",
                "softmax(" + features + "->" + classes + ")",
                TaskType.CLASSIFICATION,
                features,
                classes,
                List.of(
                        new ParameterGroup("weight", 0, (long) classes * features),
                        new ParameterGroup("bias", (long) classes * features, classes)));
    }

    @Override
    public SoftmaxRegressionModel copy() {
        return new SoftmaxRegressionModel(this);
    }

    @Override
    public void reinitialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = classes * features;
        for (int i = 0; i < w; i++) {
            params[i] = (float) (0.01 * gaussian(rnd));
        }
        for (int c = 0; c < classes; c++) {
            params[w + c] = 0f;
        }
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Fills {@link #logits} with softmax probabilities of a row; returns log-sum-exp. */
    private double probabilities(float[] x, int offset) {
        int biasOffset = classes * features;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = params[biasOffset + c];
            int wOffset = c * features;
            for (int j = 0; j < features; j++) {
                z += (double) params[wOffset + j] * x[offset + j];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < classes; c++) {
            logits[c] /= sum;
        }
        return max + Math.log(sum);
    }

    @Override
    protected double accumulateTaskLoss(ArrayDataset data, Batch batch, double weight) {
        float[] x = data.rawFeatures();
        int n = batch.size();
        int biasOffset = classes * features;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = batch.rows()[i];
            int y = batch.labelAt(i);
            int offset = row * features;
            probabilities(x, offset);
            loss += -Math.log(Math.max(logits[y], Double.MIN_NORMAL));
            for (int c = 0; c < classes; c++) {
                double coef = weight * (logits[c] - (c == y ? 1 : 0)) / n;
                int wOffset = c * features;
                for (int j = 0; j < features; j++) {
                    grads[wOffset + j] += (float) (coef * x[offset + j]);
                }
                grads[biasOffset + c] += (float) coef;
            }
        }
        return loss / n;
    }

    @Override
    protected double rowLoss(ArrayDataset data, int row) {
        probabilities(data.rawFeatures(), row * features);
        return -Math.log(Math.max(logits[data.label(row)], Double.MIN_NORMAL));
    }

    @Override
    protected int predictClass(ArrayDataset data, int row) {
        probabilities(data.rawFeatures(), row * features);
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    protected double[] rowOutputs(ArrayDataset data, int row) {
        probabilities(data.rawFeatures(), row * features);
        return logits.clone();
    }
}
