package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code accuracy}: the accuracy-type metrics of DESIGN.md §4, plus the "unseen" counterparts a
 * policy needs when there is no retrained reference. All accuracies and confidences are in percent.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>value</th><th>task</th></tr>
 *   <tr><td>UA</td><td>100 − accuracy on D_f</td><td>classification</td></tr>
 *   <tr><td>RA</td><td>accuracy on D_r</td><td>classification</td></tr>
 *   <tr><td>TA</td><td>accuracy on the test set</td><td>classification, test set</td></tr>
 *   <tr><td>forgetConfidence</td><td>100 · mean p_y on D_f</td><td>classification</td></tr>
 *   <tr><td>unseenUA</td><td>100 − accuracy on the unseen rows</td><td>classification, test set</td></tr>
 *   <tr><td>unseenConfidence</td><td>100 · mean p_y on the unseen rows</td><td>classification, test set</td></tr>
 *   <tr><td>forgetLoss, retainLoss</td><td>mean task loss on D_f, D_r</td><td>both</td></tr>
 *   <tr><td>testLoss</td><td>mean task loss on the test set</td><td>both, test set</td></tr>
 *   <tr><td>unseenLoss</td><td>mean task loss on the unseen rows</td><td>both, test set</td></tr>
 * </table>
 *
 * The <em>unseen</em> rows are the test rows of the classes that occur in D_f (every test row for
 * regression): data of the same kind that the model never trained on. Without a retrained model,
 * forgetting means that D_f looks like them. When the test set has no row of those classes the
 * unseen metrics are left out. Each metric carries the number of rows it was computed on; setting
 * {@code minSamples} (default 30) flags smaller ones.
 */
public final class AccuracyVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "accuracy";

    /** Creates the verifier with {@code minSamples} = {@value VerifierSettings#DEFAULT_MIN_SAMPLES}. */
    public AccuracyVerifier() {
        this(VerifierSettings.DEFAULT_MIN_SAMPLES);
    }

    /**
     * Creates the verifier.
     *
     * @param minSamples the minimum sample count of a solid metric
     */
    public AccuracyVerifier(int minSamples) {
        super(NAME, minSamples);
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        TrainableModel model = request.model();
        DataSplit data = request.data();
        List<Metric> metrics = new ArrayList<>();
        Evaluation forget = model.evaluate(data.forget());
        Evaluation retain = model.evaluate(data.retain());
        Optional<DataView> testView = data.test();
        Evaluation test = testView.map(model::evaluate).orElse(null);
        Optional<DataView> unseenView = Outputs.unseen(data);
        Evaluation unseen = unseenView.map(model::evaluate).orElse(null);
        if (data.train().task() == TaskType.CLASSIFICATION) {
            metrics.add(new Metric("UA", 100 * (1 - forget.accuracy()), forget.count(),
                    "unlearning accuracy: 100 - accuracy on the forget set"));
            metrics.add(new Metric("RA", 100 * retain.accuracy(), retain.count(), "accuracy on the retain set"));
            if (test != null) {
                metrics.add(new Metric("TA", 100 * test.accuracy(), test.count(), "accuracy on the test set"));
            }
            double[][] pf = Outputs.probabilities(model, data.forget(), "forget");
            metrics.add(new Metric("forgetConfidence", Outputs.meanConfidencePercent(pf, Outputs.labels(data.forget())),
                    forget.count(), "100 x mean probability of the true class on the forget set"));
            if (unseen != null) {
                DataView u = unseenView.get();
                metrics.add(new Metric("unseenUA", 100 * (1 - unseen.accuracy()), unseen.count(),
                        "100 - accuracy on the test rows of the forget set's classes"));
                double[][] pu = Outputs.probabilities(model, u, "unseen");
                metrics.add(new Metric("unseenConfidence", Outputs.meanConfidencePercent(pu, Outputs.labels(u)),
                        unseen.count(), "100 x mean probability of the true class on the test rows of the forget set's classes"));
            }
        }
        metrics.add(new Metric("forgetLoss", forget.meanLoss(), forget.count(), "mean task loss on the forget set"));
        metrics.add(new Metric("retainLoss", retain.meanLoss(), retain.count(), "mean task loss on the retain set"));
        if (test != null) {
            metrics.add(new Metric("testLoss", test.meanLoss(), test.count(), "mean task loss on the test set"));
        }
        if (unseen != null) {
            metrics.add(new Metric("unseenLoss", unseen.meanLoss(), unseen.count(),
                    data.train().task() == TaskType.CLASSIFICATION
                            ? "mean task loss on the test rows of the forget set's classes"
                            : "mean task loss on the test set (unseen data)"));
        }
        return metrics;
    }
}
