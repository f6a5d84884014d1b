package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.verify.AbstractVerifier;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.Outputs;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code confidence-gap}: how much more confident the model is on the rows it should have forgotten
 * than on comparable rows it never saw. With {@code p_y(x)} the model's probability of a row's true
 * class:
 *
 * <pre>
 *   confidenceGap = 100 · ( mean_{x ∈ D_f} p_y(x) − mean_{x ∈ U} p_y(x) )
 * </pre>
 *
 * in percentage points, where U, the <em>unseen</em> rows, are the test rows whose class occurs in
 * the forget set D_f. Needs no retrained model.
 *
 * <ul>
 *   <li><b>Near 0</b>: the model is as sure of the forgotten rows as of fresh rows of the same
 *       classes, which is what a model that never trained on them would show. It is consistent
 *       with forgetting, not a proof of it: a class-wise forget set can also reach 0 by the model
 *       having lost the whole class (then both means are low; read {@code confidenceGapUnseen}).
 *   <li><b>Clearly positive</b>: the model is still more confident on D_f than on unseen data, the
 *       signature of memorized training rows, and what a membership-inference attack exploits.
 *   <li><b>Clearly negative</b>: the forget rows were pushed below unseen data, over-forgetting,
 *       which is itself a detectable trace.
 * </ul>
 *
 * Metrics, each with the number of rows it was computed on: {@code confidenceGap} (on the smaller
 * of the two sets), {@code confidenceGapForget} (100 · mean p_y on D_f) and
 * {@code confidenceGapUnseen} (100 · mean p_y on U). Needs a classification model and a test set
 * with rows of the forget set's classes; {@link #checkInputs} names what is missing. Reads the model
 * through {@link io.github.unlearn4j.api.model.TrainableModel#predict} only, so it runs on any backend,
 * and uses core's public helpers ({@link Outputs#probabilities}, which rejects logits,
 * {@link Outputs#unseen}) rather than copies of them.
 */
public final class ConfidenceGapVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "confidence-gap";
    /** The gap's metric name. */
    public static final String GAP = "confidenceGap";
    /** The forget set's mean confidence's metric name. */
    public static final String FORGET = "confidenceGapForget";
    /** The unseen rows' mean confidence's metric name. */
    public static final String UNSEEN = "confidenceGapUnseen";

    /**
     * Creates the verifier.
     *
     * @param minSamples metrics on fewer rows are flagged, and a policy calls them inconclusive
     */
    public ConfidenceGapVerifier(int minSamples) {
        super(NAME, minSamples);
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        DataSplit data = request.data();
        if (data.train().task() != TaskType.CLASSIFICATION) {
            return Optional.of(InvalidRequestException.of(NAME + ".task", data.train().task(),
                    "needs class probabilities, so a classification model"));
        }
        if (data.test().isEmpty()) {
            return Optional.of(InvalidRequestException.of(NAME + ".test", "none",
                    "compares the forget set with test rows of the same classes; give a test set"));
        }
        if (Outputs.unseen(data).isEmpty()) {
            return Optional.of(InvalidRequestException.of(NAME + ".test", data.test().get().size() + " rows",
                    "has no row of the forget set's classes " + forgetClasses(data)));
        }
        return Optional.empty();
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        DataSplit data = request.data();
        DataView forget = data.forget();
        DataView unseen = Outputs.unseen(data).orElseThrow();
        double f = Outputs.meanConfidencePercent(Outputs.probabilities(request.model(), forget, "forget"),
                Outputs.labels(forget));
        double u = Outputs.meanConfidencePercent(Outputs.probabilities(request.model(), unseen, "unseen"),
                Outputs.labels(unseen));
        return List.of(
                new Metric(GAP, f - u, Math.min(forget.size(), unseen.size()),
                        "100 x (mean true-class probability on the forget set - on unseen test rows of its classes)"),
                new Metric(FORGET, f, forget.size(), "100 x mean true-class probability on the forget set"),
                new Metric(UNSEEN, u, unseen.size(),
                        "100 x mean true-class probability on the test rows of the forget set's classes"));
    }

    /**
     * The specs of the three metrics, so that a policy can name them ({@code confidenceGap <= 5}).
     *
     * @return confidenceGap in [-100, 100], confidenceGapForget and confidenceGapUnseen in [0, 100],
     *     all for classification with a test set
     */
    public static List<MetricSpec> metricSpecs() {
        var c = MetricSpec.CLASSIFICATION;
        return List.of(
                new MetricSpec(GAP, NAME, -100, 100, c, true, false, null, true,
                        "forget-set minus unseen-row confidence in the true class, points"),
                new MetricSpec(FORGET, NAME, 0, 100, c, true, false, UNSEEN, true,
                        "100 x mean true-class probability on the forget set"),
                new MetricSpec(UNSEEN, NAME, 0, 100, c, true, false, null, true,
                        "100 x mean true-class probability on the test rows of the forget set's classes"));
    }

    private static TreeSet<Integer> forgetClasses(DataSplit data) {
        TreeSet<Integer> classes = new TreeSet<>();
        DataView f = data.forget();
        for (int i = 0; i < f.size(); i++) {
            classes.add(f.source().label(f.row(i)));
        }
        return classes;
    }
}
