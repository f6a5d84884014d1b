package io.github.unlearn4j.example.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.verify.AccuracyVerifierProvider;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy can name the plugin's metric once the plugin's verifier is registered. */
class ConfidenceGapPolicyTest {
    private static final String SPEC = "confidenceGap <= 5";

    @Test
    void aPolicyNamingThePluginMetricParsesAndJudges() {
        ForgettingPolicy policy = ForgettingPolicy.parse(SPEC, MetricCatalog.of(VerifierRegistry.loadDefault()));
        assertThat(policy.verifierNames()).containsExactly(ConfidenceGapVerifier.NAME);
        PolicyCheck check = PolicyCheck.of(policy, VerificationSuite.builder().optMinSamples(2));

        // the hand-made case of ConfidenceGapVerifierTest: gap 25 points with the marker weight, 0 without
        ArrayDataset train = ArrayDataset.classification("train",
                new float[][] {{1, 0}, {1, 0}, {0, 0}, {0, 1}}, new int[] {0, 0, 0, 1}, 2);
        ArrayDataset test = ArrayDataset.classification("test",
                new float[][] {{0, 0}, {0, 0}, {0, 1}}, new int[] {0, 0, 1}, 2);
        DataSplit split = DataSplit.of(train, new int[] {0, 1}, test);
        try (SoftmaxRegressionModel original = new SoftmaxRegressionModel(2, 2);
                SoftmaxRegressionModel forgot = new SoftmaxRegressionModel(2, 2)) {
            original.setParameters(new float[] {(float) Math.log(3), 0, 0, 0, 0, 0});
            forgot.setParameters(new float[6]);

            PolicyVerdict kept = check.check(original, split, null, original).verdict();
            assertThat(kept.verdict()).as(kept.text()).isEqualTo(Verdict.FAIL);
            assertThat(kept.line("confidenceGap").toString()).contains("25");

            PolicyVerdict gone = check.check(forgot, split, null, original).verdict();
            assertThat(gone.verdict()).as(gone.text()).isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void withoutThePluginThePolicyFailsListingTheKnownMetrics() {
        MetricCatalog coreOnly = MetricCatalog.of(VerifierRegistry.of(List.of(new AccuracyVerifierProvider())));
        assertThatThrownBy(() -> ForgettingPolicy.parse(SPEC, coreOnly))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'confidenceGap'")
                .hasMessageContaining("known metrics: [UA, RA, TA");
        assertThatThrownBy(() -> ForgettingPolicy.parse(SPEC))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown metric");
    }
}
