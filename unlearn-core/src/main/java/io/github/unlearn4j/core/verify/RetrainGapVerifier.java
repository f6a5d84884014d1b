package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code retrain-gap}: how far the model is from a model retrained on D_r
 * ({@link VerificationRequest#reference()}, required). Every gap is an absolute difference of the
 * two models' values of the same metric, measured on the same rows.
 *
 * <ul>
 *   <li>classification: {@code gapUA}, {@code gapRA}, {@code gapTA} and {@code gapMIA} (percentage
 *       points; TA and MIA need a test set; MIA uses setting {@code feature}, as {@code mia} does);
 *       {@code avgGap}, their mean, the paper's Avg. Gap (over the gaps available: without a test
 *       set, over UA and RA only, as its description then says); {@code klForget} and
 *       {@code klTest}, the mean KL(p_ref ‖ p) between the reference's and the model's class
 *       probabilities on D_f and on the test set, in nats;
 *   <li>regression: {@code predictionMseForget} and {@code predictionMseTest}, the mean squared
 *       difference between the two models' predictions (the counterpart of the KL);
 *   <li>both: {@code gapForgetLoss}, {@code gapRetainLoss}, {@code gapTestLoss}, differences of
 *       mean task losses.
 * </ul>
 *
 * Sample counts are those of the underlying metric; {@code avgGap}'s is the smallest of its parts.
 */
public final class RetrainGapVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "retrain-gap";

    private final MiaFeature feature;

    /**
     * Creates the verifier.
     *
     * @param feature the MIA feature for {@code gapMIA}
     * @param minSamples the minimum sample count of a solid metric
     */
    public RetrainGapVerifier(MiaFeature feature, int minSamples) {
        super(NAME, minSamples);
        this.feature = Objects.requireNonNull(feature, "feature");
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        return Outputs.requireReference(request, NAME);
    }


    @Override
    protected List<Metric> measure(VerificationRequest request) {
        TrainableModel model = request.model();
        TrainableModel reference = request.reference();
        DataSplit data = request.data();
        AccuracyVerifier accuracy = new AccuracyVerifier(minSamples());
        VerificationReport mine = accuracy.verify(new VerificationRequest(model, data, null));
        VerificationReport theirs = accuracy.verify(new VerificationRequest(reference, data, null));
        List<Metric> metrics = new ArrayList<>();
        boolean classify = data.train().task() == TaskType.CLASSIFICATION;
        double gapSum = 0;
        int gapParts = 0;
        long gapCount = Long.MAX_VALUE;
        List<String> parts = new ArrayList<>();
        if (classify) {
            for (String name : List.of("UA", "RA", "TA")) {
                Optional<Metric> gap = gap(name, mine, theirs);
                if (gap.isPresent()) {
                    metrics.add(gap.get());
                    gapSum += gap.get().value();
                    gapParts++;
                    gapCount = Math.min(gapCount, gap.get().sampleCount());
                    parts.add(name);
                }
            }
            if (data.test().isPresent()) {
                MiaVerifier mia = new MiaVerifier(feature, minSamples());
                MiaVerifier.Result a = mia.attack(model, data);
                MiaVerifier.Result b = mia.attack(reference, data);
                double g = Math.abs(a.efficacy() - b.efficacy());
                long n = Math.min(a.efficacyCount(), b.efficacyCount());
                metrics.add(new Metric("gapMIA", g, n, "|MIA - MIA of the reference| (" + feature.label() + ")"));
                gapSum += g;
                gapParts++;
                gapCount = Math.min(gapCount, n);
                parts.add("MIA");
            }
            metrics.add(new Metric("avgGap", gapSum / gapParts, gapCount,
                    "Avg. Gap: mean of |gap| over " + String.join(", ", parts)));
            double[][] pf = Outputs.probabilities(model, data.forget(), "forget");
            double[][] rf = Outputs.probabilities(reference, data.forget(), "forget");
            metrics.add(new Metric("klForget", Outputs.meanKl(rf, pf), pf.length,
                    "mean KL(reference || model) of the class probabilities on the forget set, nats"));
            if (data.test().isPresent()) {
                DataView test = data.test().get();
                double[][] pt = Outputs.probabilities(model, test, "test");
                double[][] rt = Outputs.probabilities(reference, test, "test");
                metrics.add(new Metric("klTest", Outputs.meanKl(rt, pt), pt.length,
                        "mean KL(reference || model) of the class probabilities on the test set, nats"));
            }
        } else {
            metrics.add(new Metric("predictionMseForget", predictionMse(model, reference, data.forget()),
                    data.forget().size(), "mean squared difference of the two models' predictions on the forget set"));
            data.test().ifPresent(t -> metrics.add(new Metric("predictionMseTest", predictionMse(model, reference, t),
                    t.size(), "mean squared difference of the two models' predictions on the test set")));
        }
        for (String[] loss : new String[][] {{"forgetLoss", "gapForgetLoss"}, {"retainLoss", "gapRetainLoss"},
                {"testLoss", "gapTestLoss"}}) {
            Optional<Metric> a = mine.metric(loss[0]);
            Optional<Metric> b = theirs.metric(loss[0]);
            if (a.isPresent() && b.isPresent()) {
                metrics.add(new Metric(loss[1], Math.abs(a.get().value() - b.get().value()), a.get().sampleCount(),
                        "|" + loss[0] + " - " + loss[0] + " of the reference|"));
            }
        }
        return metrics;
    }

    private static Optional<Metric> gap(String name, VerificationReport mine, VerificationReport theirs) {
        Optional<Metric> a = mine.metric(name);
        Optional<Metric> b = theirs.metric(name);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Metric("gap" + name, Math.abs(a.get().value() - b.get().value()),
                a.get().sampleCount(), "|" + name + " - " + name + " of the reference|"));
    }

    private static double predictionMse(TrainableModel model, TrainableModel reference, DataView view) {
        double[][] a = model.predict(view);
        double[][] b = reference.predict(view);
        double s = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
