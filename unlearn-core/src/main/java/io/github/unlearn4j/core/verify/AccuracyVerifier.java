package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code accuracy}: UA = 100 − accuracy on D_f, RA = accuracy on D_r, TA = accuracy on the test set
 * (all in percent), plus the mean task loss on each set. For regression models only the losses are
 * reported. Each metric carries the number of samples it was computed on.
 */
public final class AccuracyVerifier implements ForgetVerifier {
    /** The registered name. */
    public static final String NAME = "accuracy";

    /** Creates the verifier. */
    public AccuracyVerifier() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerificationReport verify(VerificationRequest request) {
        TrainableModel model = request.model();
        DataSplit data = request.data();
        List<Metric> metrics = new ArrayList<>();
        Evaluation forget = model.evaluate(data.forget());
        Evaluation retain = model.evaluate(data.retain());
        Evaluation test = data.test().map(model::evaluate).orElse(null);
        if (!Double.isNaN(forget.accuracy())) {
            metrics.add(new Metric("UA", 100 * (1 - forget.accuracy()), forget.count(),
                    "unlearning accuracy: 100 - accuracy on the forget set"));
            metrics.add(new Metric("RA", 100 * retain.accuracy(), retain.count(), "accuracy on the retain set"));
            if (test != null) {
                metrics.add(new Metric("TA", 100 * test.accuracy(), test.count(), "accuracy on the test set"));
            }
        }
        metrics.add(new Metric("forgetLoss", forget.meanLoss(), forget.count(), "mean task loss on the forget set"));
        metrics.add(new Metric("retainLoss", retain.meanLoss(), retain.count(), "mean task loss on the retain set"));
        if (test != null) {
            metrics.add(new Metric("testLoss", test.meanLoss(), test.count(), "mean task loss on the test set"));
        }
        return new VerificationReport(NAME, metrics);
    }
}
