package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Arrays;
import java.util.Optional;

/**
 * Model outputs and data views that every verifier needs, public so that a plugin verifier uses the
 * same checks as the core ones instead of re-implementing them; engine-neutral, they read a model
 * through {@link TrainableModel#predict} only and never modify it.
 *
 * <ul>
 *   <li>{@link #probabilities}: a classification model's class probabilities, checked (one row per
 *       sample, finite, non-negative, summing to 1), with a {@link BackendException} that says what
 *       the backend returned otherwise;
 *   <li>{@link #labels}, {@link #meanConfidencePercent}: true labels and the mean true-class
 *       probability;
 *   <li>{@link #unseen}: the test rows of the forget set's classes, the "never seen" counterpart
 *       of the forget set when there is no retrained model;
 *   <li>{@link #head}, {@link #meanKl}: a view's first rows, the mean KL divergence of two models;
 *   <li>{@link #auc}: the area under the ROC curve of an attack's scores (Mann–Whitney).
 * </ul>
 */
public final class Outputs {
    /** How far from 1 a row of class probabilities may sum. */
    public static final double SUM_TOLERANCE = 1e-3;

    private Outputs() {}

    /**
     * The class probabilities of a classification model, checked: one row per sample, as many
     * entries as the model has outputs, finite, non-negative, summing to 1.
     *
     * @param model the model
     * @param view the rows
     * @param role what the rows are, for the message
     * @return one probability vector per row
     * @throws BackendException if the backend returns something else (logits, for instance)
     */
    public static double[][] probabilities(TrainableModel model, DataView view, String role) {
        double[][] p = model.predict(view);
        int outputs = model.description().outputs();
        if (p.length != view.size()) {
            throw new BackendException(backend(model) + " predict() returned " + p.length + " rows for " + view.size()
                    + " " + role + " rows");
        }
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            boolean ok = p[i] != null && p[i].length == outputs;
            for (int c = 0; ok && c < p[i].length; c++) {
                ok = Double.isFinite(p[i][c]) && p[i][c] >= -1e-9;
                sum += p[i][c];
            }
            if (!ok || Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new BackendException(backend(model) + " predict() row " + i + " of the " + role + " set is "
                        + Arrays.toString(p[i]) + ": a classification model must return " + outputs
                        + " class probabilities that sum to 1 (softmax outputs, not logits)");
            }
        }
        return p;
    }

    private static String backend(TrainableModel model) {
        return model.description().backend() + " model " + model.description().architecture();
    }

    /**
     * The labels of a view's rows.
     *
     * @param view a classification view
     * @return one label per row
     */
    public static int[] labels(DataView view) {
        int[] y = new int[view.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = view.source().label(view.row(i));
        }
        return y;
    }

    /**
     * Mean probability of the true class, in percent.
     *
     * @param p probabilities
     * @param y labels
     * @return 100 · mean p_y, or NaN for no rows
     */
    public static double meanConfidencePercent(double[][] p, int[] y) {
        if (p.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i][y[i]];
        }
        return 100 * s / p.length;
    }

    /**
     * "Unseen" data for the forget set: the test rows of the classes that occur in the forget set
     * (classification), or every test row (regression). This is what the forget set should look
     * like after forgetting when no retrained reference is at hand.
     *
     * @param split the split
     * @return the view; empty without a test set or when the test set has no row of those classes
     */
    public static Optional<DataView> unseen(DataSplit split) {
        Optional<DataView> test = split.test();
        if (test.isEmpty() || split.train().task() == TaskType.REGRESSION) {
            return test;
        }
        DataView t = test.get();
        boolean[] forgetClass = new boolean[split.train().classCount()];
        DataView f = split.forget();
        for (int i = 0; i < f.size(); i++) {
            forgetClass[f.source().label(f.row(i))] = true;
        }
        int[] rows = new int[t.size()];
        int k = 0;
        for (int i = 0; i < t.size(); i++) {
            int label = t.source().label(t.row(i));
            if (label < forgetClass.length && forgetClass[label]) {
                rows[k++] = t.row(i);
            }
        }
        return k == 0 ? Optional.empty() : Optional.of(new DataView(t.source(), Arrays.copyOf(rows, k)));
    }

    /**
     * The first rows of a view.
     *
     * @param view the view
     * @param n how many, capped at its size
     * @return the view of its first {@code n} rows
     */
    public static DataView head(DataView view, int n) {
        return new DataView(view.source(), Arrays.copyOf(view.rows(), Math.min(n, view.size())));
    }

    /**
     * Mean KL(p_ref ‖ p) over rows, with probabilities floored at 1e-12 inside the logarithm.
     *
     * @param reference the reference model's probabilities
     * @param model the judged model's probabilities
     * @return the mean divergence in nats
     */
    public static double meanKl(double[][] reference, double[][] model) {
        double s = 0;
        for (int i = 0; i < reference.length; i++) {
            double row = 0;
            for (int c = 0; c < reference[i].length; c++) {
                double q = reference[i][c];
                if (q > 0) {
                    row += q * (Math.log(Math.max(q, 1e-12)) - Math.log(Math.max(model[i][c], 1e-12)));
                }
            }
            s += Math.max(0, row); // the floor can push a zero divergence a hair below 0
        }
        return reference.length == 0 ? Double.NaN : s / reference.length;
    }

    /**
     * The area under the ROC curve of scores that should rank positives first: the probability
     * that a random positive scores above a random negative, ties counting one half
     * (Mann–Whitney). 0.5 means the groups cannot be told apart.
     *
     * @param positives scores of the positive group, at least one
     * @param negatives scores of the negative group, at least one
     * @return the AUC in [0, 1]
     * @throws IllegalArgumentException if a group is empty
     */
    public static double auc(double[] positives, double[] negatives) {
        return ThresholdAttack.auc(positives, negatives);
    }

    /**
     * What a verifier that compares the model with a retrained reference needs: a reference of the
     * same task, inputs and outputs.
     *
     * @param request the request
     * @param verifier the verifier's name, for the message
     * @return the exception naming {@code reference}, or empty when the reference can be used
     */
    public static Optional<InvalidRequestException> requireReference(VerificationRequest request, String verifier) {
        TrainableModel reference = request.reference();
        if (reference == null) {
            return Optional.of(InvalidRequestException.of("reference", "null",
                    verifier + " compares with a model retrained on the retain set; set VerificationRequest.reference"));
        }
        var m = request.model().description();
        var r = reference.description();
        if (r.task() != m.task() || r.outputs() != m.outputs() || r.inputFeatures() != m.inputFeatures()) {
            return Optional.of(InvalidRequestException.of("reference", r.architecture(),
                    "does not match the model " + m.architecture() + " (task, inputs and outputs must agree)"));
        }
        return Optional.empty();
    }

    /**
     * {@link #requireReference}, and a reference that is not the model itself: for an attack that
     * tries to tell the model from retraining, a model attacked against itself always reads chance,
     * so such a measurement could not fail.
     *
     * @param request the request
     * @param verifier the verifier's name, for the message
     * @return the exception naming {@code reference}, or empty when the reference can be used
     */
    public static Optional<InvalidRequestException> requireDistinctReference(VerificationRequest request,
            String verifier) {
        if (request.reference() != null && request.reference() == request.model()) {
            return Optional.of(InvalidRequestException.of("reference", "the model itself", verifier
                    + " tells the model from a different retrained model; against itself it always reads chance"));
        }
        return requireReference(request, verifier);
    }
}
