package com.example.unlearnplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionEntropyVerifierTest {
    /**
     * One feature, three classes: the two forget rows have x = 1, the three retain rows x = 0. A model
     * whose only weight is ln 2 on class 0 predicts (1/2, 1/4, 1/4) on the forget rows, entropy
     * 1.5 ln 2, and the uniform distribution on the retain rows, entropy ln 3.
     */
    private static final ArrayDataset TRAIN = ArrayDataset.classification("train",
            new float[][] {{1}, {1}, {0}, {0}, {0}}, new int[] {0, 0, 1, 2, 0}, 3);
    private static final DataSplit SPLIT = DataSplit.of(TRAIN, new int[] {0, 1}, null);
    private static final double KEPT_FORGET_ENTROPY = 100 * 1.5 * Math.log(2) / Math.log(3);

    private final ForgetVerifier verifier = VerifierRegistry.loadDefault()
            .create(PredictionEntropyVerifier.NAME, Settings.of(Map.of("minSamples", 2)));

    /** W = (ln 2, 0, 0) (3×1), b = 0. */
    private static SoftmaxRegressionModel sureOfTheForgetRows() {
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(1, 3);
        model.setParameters(new float[] {(float) Math.log(2), 0, 0, 0, 0, 0});
        return model;
    }

    @Test
    void handComputedEntropies() {
        try (SoftmaxRegressionModel sure = sureOfTheForgetRows(); SoftmaxRegressionModel uniform = new SoftmaxRegressionModel(1, 3)) {
            VerificationReport report = verifier.verify(new VerificationRequest(sure, SPLIT, null));
            assertThat(report.verifier()).isEqualTo("prediction-entropy");
            assertThat(report.metrics()).extracting(m -> m.name()).containsExactly("forgetEntropy", "retainEntropy");
            var forget = report.metric("forgetEntropy").orElseThrow();
            assertThat(forget.value()).isCloseTo(KEPT_FORGET_ENTROPY, within(1e-4)); // 94.64
            assertThat(forget.sampleCount()).isEqualTo(2);
            var retain = report.metric("retainEntropy").orElseThrow();
            assertThat(retain.value()).isCloseTo(100, within(1e-4));
            assertThat(retain.sampleCount()).isEqualTo(3);

            VerificationReport flat = verifier.verify(new VerificationRequest(uniform, SPLIT, null));
            assertThat(flat.metric("forgetEntropy").orElseThrow().value()).isCloseTo(100, within(1e-9));
        }
    }

    @Test
    void aPolicyComparesTheMetricWithTheRetrainedReference() {
        ForgettingPolicy policy = ForgettingPolicy.parse("forgetEntropy within 3 of reference",
                MetricCatalog.of(VerifierRegistry.loadDefault()));
        assertThat(policy.verifierNames()).containsExactly(PredictionEntropyVerifier.NAME);
        PolicyCheck check = PolicyCheck.of(policy, VerificationSuite.builder().optMinSamples(2));
        try (SoftmaxRegressionModel original = sureOfTheForgetRows();
                SoftmaxRegressionModel reference = new SoftmaxRegressionModel(1, 3);
                SoftmaxRegressionModel unlearned = new SoftmaxRegressionModel(1, 3)) {
            // 94.6 is 5.4 from the reference's 100: the original still holds the forget rows
            PolicyVerdict kept = check.check(original, SPLIT, reference, original).verdict();
            assertThat(kept.verdict()).as(kept.text()).isEqualTo(Verdict.FAIL);
            // as unsure as the reference, while the original (the negative control) was not
            PolicyVerdict forgot = check.check(unlearned, SPLIT, reference, original).verdict();
            assertThat(forgot.verdict()).as(forgot.text()).isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void needsAClassifier() {
        ArrayDataset line = ArrayDataset.regression("line", new float[][] {{1}, {2}}, new double[] {1, 2});
        try (LinearRegressionModel model = new LinearRegressionModel(1)) {
            assertThatThrownBy(() -> verifier.verify(new VerificationRequest(model, DataSplit.of(line, new int[] {0}, null),
                    null))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("prediction-entropy.model = REGRESSION with 1 output(s)");
        }
    }
}
