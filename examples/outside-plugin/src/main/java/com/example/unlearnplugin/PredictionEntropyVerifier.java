package com.example.unlearnplugin;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.verify.AbstractVerifier;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code prediction-entropy}: how unsure the model is on the forget set, next to how unsure it is
 * on the retain set. With p(x) the model's class probabilities on row x and C classes, the
 * normalized entropy of one prediction, in percent of its maximum ln C, is
 *
 * <pre>
 *   h(x) = 100 · ( − Σ_c p_c(x) · ln p_c(x) ) / ln C          (0 · ln 0 = 0)
 * </pre>
 *
 * 0 for a one-hot prediction, 100 for the uniform one. The metrics are its means:
 * {@code forgetEntropy} over the forget set D_f and {@code retainEntropy} over the retain set D_r.
 *
 * <p>Why it is evidence of forgetting: a model is more certain on the rows it was trained on than
 * on others, which is what the entropy membership-inference attack reads (Salem et al. 2019,
 * ML-Leaks; Song and Mittal 2021). A model that still holds the forget set is about as certain on
 * D_f as on D_r (forgetEntropy near retainEntropy); after unlearning, or in a model that never saw
 * D_f, forgetEntropy rises above retainEntropy. A policy compares it with the retrained model
 * ({@code forgetEntropy within 10 of reference}) or bounds it ({@code forgetEntropy >= 20}).
 * The entropy ignores the label: a model that predicts a wrong class with confidence (random
 * labels, for example) looks certain, so read it beside UA.
 *
 * <p>Classification models with at least two classes; needs neither a test set nor a reference.
 * Reads the model through {@link TrainableModel#predict} only, through core's checked
 * {@link Outputs#probabilities}.
 */
public final class PredictionEntropyVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "prediction-entropy";
    /** The forget set's mean normalized entropy. */
    public static final String FORGET_ENTROPY = "forgetEntropy";
    /** The retain set's mean normalized entropy. */
    public static final String RETAIN_ENTROPY = "retainEntropy";

    /**
     * Creates the verifier.
     *
     * @param minSamples a metric on fewer rows is flagged, and a policy calls it inconclusive
     */
    public PredictionEntropyVerifier(int minSamples) {
        super(NAME, minSamples);
    }

    /**
     * The declared metrics, so that a policy can name them.
     *
     * @return forgetEntropy (evidence of forgetting) and retainEntropy (a diagnostic), both in [0, 100]
     */
    public static List<MetricSpec> specs() {
        return List.of(
                new MetricSpec(FORGET_ENTROPY, NAME, 0, 100, MetricSpec.CLASSIFICATION, false, false, null, true,
                        "mean prediction entropy on the forget set, % of ln C"),
                new MetricSpec(RETAIN_ENTROPY, NAME, 0, 100, MetricSpec.CLASSIFICATION, false, false, null, false,
                        "mean prediction entropy on the retain set, % of ln C"));
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        TaskType task = request.data().train().task();
        int classes = request.model().description().outputs();
        if (task != TaskType.CLASSIFICATION || classes < 2) {
            return Optional.of(InvalidRequestException.of(NAME + ".model", task + " with " + classes + " output(s)",
                    "needs a classification model with at least two classes, whose predictions have an entropy"));
        }
        return Optional.empty();
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        TrainableModel model = request.model();
        List<Metric> metrics = new ArrayList<>(2);
        DataView forget = request.data().forget();
        metrics.add(new Metric(FORGET_ENTROPY, meanEntropyPercent(model, forget, "forget"), forget.size(),
                "100 x mean entropy of the predictions on the forget set / ln C"));
        DataView retain = request.data().retain();
        if (retain.size() > 0) {
            metrics.add(new Metric(RETAIN_ENTROPY, meanEntropyPercent(model, retain, "retain"), retain.size(),
                    "100 x mean entropy of the predictions on the retain set / ln C"));
        }
        return metrics;
    }

    /**
     * The mean of h(x) over a view.
     *
     * @param model a classification model with at least two outputs
     * @param view the rows, at least one
     * @param role what the rows are, for errors
     * @return the mean normalized entropy in [0, 100]
     */
    static double meanEntropyPercent(TrainableModel model, DataView view, String role) {
        double[][] probabilities = Outputs.probabilities(model, view, role);
        double total = 0;
        for (double[] row : probabilities) {
            double h = 0;
            for (double p : row) {
                if (p > 0) {
                    h -= p * Math.log(p);
                }
            }
            total += h / Math.log(row.length);
        }
        return Math.min(100, 100 * total / probabilities.length);
    }
}
