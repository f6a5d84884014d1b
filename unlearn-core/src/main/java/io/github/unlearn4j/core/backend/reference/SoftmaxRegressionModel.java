package io.github.unlearn4j.core.backend.reference;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LogitLoss;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.core.capability.ActivationUsageModel;
import io.github.unlearn4j.core.capability.FeatureUsageModel;
import io.github.unlearn4j.core.capability.SecondOrderModel;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import java.util.List;
import io.github.unlearn4j.core.numeric.Gaussian;
import java.util.SplittableRandom;

/**
 * Softmax regression: logits {@code z = W x + b} with W of shape C×d (row-major, then b), class
 * probabilities {@code p = softmax(z)}, mean cross-entropy {@code L = −(1/n) Σ log p_{y_i}} and
 * gradient {@code ∂L/∂W_c = (1/n) Σ (p_c − 1[c = y_i]) x_i}, {@code ∂L/∂b_c = (1/n) Σ (p_c − 1[c = y_i])}.
 * {@link #reinitialize} draws W from N(0, 0.01²) with the seed and sets b = 0.
 */
public final class SoftmaxRegressionModel extends ReferenceModel implements FeatureUsageModel, ActivationUsageModel, SecondOrderModel {
    private final int classes;
    /** Training scratch (owner thread only): the student's probabilities. */
    private final double[] logits;
    /** Training scratch (owner thread only): the teacher's probabilities in distillation. */
    private final double[] teacherProbs;
    /** Training scratch (owner thread only): the gradient with respect to the logits. */
    private final double[] dz;

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
        this.teacherProbs = new double[classes];
        this.dz = new double[classes];
    }

    private SoftmaxRegressionModel(SoftmaxRegressionModel other) {
        super(other);
        this.classes = other.classes;
        this.logits = new double[classes];
        this.teacherProbs = new double[classes];
        this.dz = new double[classes];
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
        ensureOpen();
        return new SoftmaxRegressionModel(this);
    }

    @Override
    public void reinitialize(long seed) {
        ensureOpen();
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = classes * features;
        for (int i = 0; i < w; i++) {
            params[i] = (float) (0.01 * Gaussian.next(rnd));
        }
        for (int c = 0; c < classes; c++) {
            params[w + c] = 0f;
        }
    }


    /** Fills {@code out} with the logits z = W x + b of a row, summed as in {@link #probabilities}. */
    private void rowLogits(float[] x, int offset, double[] out) {
        int biasOffset = classes * features;
        for (int c = 0; c < classes; c++) {
            double z = params[biasOffset + c];
            int wOffset = c * features;
            for (int j = 0; j < features; j++) {
                z += (double) params[wOffset + j] * x[offset + j];
            }
            out[c] = z;
        }
    }

    private static void checkFinite(LogitLoss term, double value, double[] gradient) {
        if (!Double.isFinite(value)) {
            throw InvalidRequestException.of(term.name() + ".rowLoss", value, "a loss term must return a finite value");
        }
        for (int c = 0; c < gradient.length; c++) {
            if (!Double.isFinite(gradient[c])) {
                throw InvalidRequestException.of(
                        term.name() + ".gradient[" + c + "]", gradient[c], "a loss term must return a finite gradient");
            }
        }
    }

    /** Fills {@code out} with softmax(z / temperature) of a row; returns log-sum-exp. Reads only the parameters. */
    private double probabilities(float[] x, int offset, double temperature, double[] out) {
        int biasOffset = classes * features;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = params[biasOffset + c];
            int wOffset = c * features;
            for (int j = 0; j < features; j++) {
                z += (double) params[wOffset + j] * x[offset + j];
            }
            out[c] = z / temperature;
            max = Math.max(max, out[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
        return max + Math.log(sum);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per row, with p = softmax(z), the gradient of the term with respect to the logits z is:
     * task {@code p − e_y}; inverse CE {@code p_y (e_y − p) / (1 − p_y)}; KL to uniform
     * {@code p − 1/C}; KL to teacher {@code T (softmax(z/T) − softmax(z_t/T))}; a {@link LogitLoss}
     * returns its own (with the teacher's {@code softmax(z_t)} as target). The chain rule then
     * gives {@code ∂/∂W_c = g_c x} and {@code ∂/∂b_c = g_c}.
     */
    @Override
    protected double accumulateTerm(ArrayDataset data, Batch batch, LossTerm term, double weight) {
        SoftmaxRegressionModel teacher = null;
        double temperature = 1;
        if (term instanceof LossTerm.KlToTeacher kl) {
            if (!(kl.teacher() instanceof SoftmaxRegressionModel t) || t.features != features || t.classes != classes) {
                throw unsupported(term);
            }
            teacher = t;
            temperature = kl.temperature();
        }
        LogitLoss custom = term instanceof LogitLoss l ? l : null;
        if (custom != null && custom.teacher() != null) {
            if (!(custom.teacher() instanceof SoftmaxRegressionModel t) || t.features != features
                    || t.classes != classes) {
                throw InvalidRequestException.of(custom.name() + ".teacher", custom.teacher().description().architecture(),
                        "the reference backend needs a softmax regression teacher with " + features + " features and "
                                + classes + " classes");
            }
            teacher = t;
        }
        float[] x = data.rawFeatures();
        int n = batch.size();
        int biasOffset = classes * features;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int row = batch.rows()[i];
            int y = batch.labelAt(i);
            int offset = row * features;
            if (term instanceof LossTerm.TaskLoss) {
                probabilities(x, offset, 1, logits);
                loss += -Math.log(Math.max(logits[y], Double.MIN_NORMAL));
                for (int c = 0; c < classes; c++) {
                    dz[c] = logits[c] - (c == y ? 1 : 0);
                }
            } else if (term instanceof LossTerm.InverseCrossEntropy) {
                probabilities(x, offset, 1, logits);
                double py = logits[y];
                double rest = Math.max(1 - py, 1e-12);
                loss += -Math.log(rest);
                for (int c = 0; c < classes; c++) {
                    dz[c] = py * ((c == y ? 1 : 0) - logits[c]) / rest;
                }
            } else if (term instanceof LossTerm.KlToUniform) {
                probabilities(x, offset, 1, logits);
                double sumLog = 0;
                for (int c = 0; c < classes; c++) {
                    sumLog += Math.log(Math.max(logits[c], Double.MIN_NORMAL));
                    dz[c] = logits[c] - 1.0 / classes;
                }
                loss += -Math.log(classes) - sumLog / classes;
            } else if (custom != null) {
                rowLogits(x, offset, logits);
                double[] target = null;
                if (teacher != null) {
                    teacher.probabilities(x, offset, 1, teacherProbs);
                    target = teacherProbs;
                }
                java.util.Arrays.fill(dz, 0);
                double value = custom.rowLoss(logits, y, target, dz);
                checkFinite(custom, value, dz);
                loss += value;
            } else if (teacher != null) {
                double[] q = teacherProbs;
                teacher.probabilities(x, offset, temperature, q);
                probabilities(x, offset, temperature, logits);
                double kl = 0;
                for (int c = 0; c < classes; c++) {
                    if (q[c] > 0) {
                        kl += q[c] * (Math.log(q[c]) - Math.log(Math.max(logits[c], Double.MIN_NORMAL)));
                    }
                    dz[c] = temperature * (logits[c] - q[c]);
                }
                loss += temperature * temperature * kl;
            } else {
                throw unsupported(term);
            }
            for (int c = 0; c < classes; c++) {
                double coef = weight * dz[c] / n;
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
    protected double[] newScratch() {
        return new double[classes];
    }

    @Override
    protected double rowLoss(ArrayDataset data, int row, double[] scratch) {
        probabilities(data.rawFeatures(), row * features, 1, scratch);
        return -Math.log(Math.max(scratch[data.label(row)], Double.MIN_NORMAL));
    }

    @Override
    protected int predictClass(ArrayDataset data, int row, double[] scratch) {
        probabilities(data.rawFeatures(), row * features, 1, scratch);
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (scratch[c] > scratch[best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    protected double[] rowOutputs(ArrayDataset data, int row, double[] scratch) {
        probabilities(data.rawFeatures(), row * features, 1, scratch);
        return scratch.clone();
    }

    /** {@inheritDoc} For W_cj: {@code Σ_i |x_ij|}; for b_c: the number of rows. */
    @Override
    public double[] featureUsage(DataView view) {
        ArrayDataset data = arrayData(view.source());
        double[] usage = new double[params.length];
        double[] perFeature = new double[features];
        for (int i = 0; i < view.size(); i++) {
            for (int j = 0; j < features; j++) {
                perFeature[j] += Math.abs(data.feature(view.row(i), j));
            }
        }
        for (int c = 0; c < classes; c++) {
            System.arraycopy(perFeature, 0, usage, c * features, features);
            usage[classes * features + c] = view.size();
        }
        return usage;
    }

    /**
     * {@inheritDoc} The feature usage divided by the number of rows N: for W_cj
     * {@code (1/N) Σ_i |x_ij|} (the input activation of the one layer is the feature), for b_c 1.
     */
    @Override
    public double[] activationUsage(DataView view) {
        return perRow(featureUsage(view), view.size());
    }

    /**
     * {@inheritDoc} For cross-entropy: {@code (1/n) Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ} with
     * {@code x̃ = (x, 1)}, laid out as the flat parameters (W row-major, then b).
     */
    @Override
    public double[][] taskLossHessian(DataView view) {
        ArrayDataset data = arrayData(view.source());
        int p = params.length;
        double[][] h = new double[p][p];
        int n = view.size();
        double[] xt = new double[features + 1];
        double[] probs = newScratch();
        for (int i = 0; i < n; i++) {
            int row = view.row(i);
            probabilities(data.rawFeatures(), row * features, 1, probs);
            for (int j = 0; j < features; j++) {
                xt[j] = data.feature(row, j);
            }
            xt[features] = 1;
            for (int c = 0; c < classes; c++) {
                for (int c2 = 0; c2 < classes; c2++) {
                    double a = ((c == c2 ? probs[c] : 0) - probs[c] * probs[c2]) / n;
                    if (a == 0) {
                        continue;
                    }
                    for (int j = 0; j <= features; j++) {
                        int pj = j < features ? c * features + j : classes * features + c;
                        double axj = a * xt[j];
                        for (int k = 0; k <= features; k++) {
                            int pk = k < features ? c2 * features + k : classes * features + c2;
                            h[pj][pk] += axj * xt[k];
                        }
                    }
                }
            }
        }
        return h;
    }
}
