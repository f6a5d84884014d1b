package io.github.unlearn4j.example.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfidenceGapVerifierTest {
    private final ForgetVerifier verifier =
            VerifierRegistry.loadDefault().create(ConfidenceGapVerifier.NAME, Settings.of(Map.of("minSamples", 2)));

    /**
     * Feature 0 marks the two forget rows; the model's weight ln 3 on it (class 0) gives them
     * p_0 = 3/(3+1) = 0.75, while rows without it get p_0 = 0.5. The test set has two class-0 rows
     * (unseen) and one class-1 row, which does not count.
     */
    @Test
    void handMadeCase() {
        ArrayDataset train = ArrayDataset.classification("train",
                new float[][] {{1, 0}, {1, 0}, {0, 0}, {0, 1}}, new int[] {0, 0, 0, 1}, 2);
        ArrayDataset test = ArrayDataset.classification("test",
                new float[][] {{0, 0}, {0, 0}, {0, 1}}, new int[] {0, 0, 1}, 2);
        DataSplit split = DataSplit.of(train, new int[] {0, 1}, test);
        try (SoftmaxRegressionModel model = new SoftmaxRegressionModel(2, 2)) {
            // W (2x2, row-major), then b
            model.setParameters(new float[] {(float) Math.log(3), 0, 0, 0, 0, 0});
            VerificationReport report = verifier.verify(new VerificationRequest(model, split, null));
            assertThat(report.verifier()).isEqualTo("confidence-gap");
            Metric gap = report.metric("confidenceGap").orElseThrow();
            assertThat(gap.value()).isCloseTo(25.0, within(1e-4));
            assertThat(gap.sampleCount()).isEqualTo(2);
            assertThat(report.metric("confidenceGapForget").orElseThrow().value()).isCloseTo(75.0, within(1e-4));
            assertThat(report.metric("confidenceGapForget").orElseThrow().sampleCount()).isEqualTo(2);
            assertThat(report.metric("confidenceGapUnseen").orElseThrow().value()).isCloseTo(50.0, within(1e-4));
            assertThat(report.metric("confidenceGapUnseen").orElseThrow().sampleCount()).isEqualTo(2);

            // a model that ignores the marker sees the forget rows as unseen: gap 0
            model.setParameters(new float[6]);
            assertThat(verifier.verify(new VerificationRequest(model, split, null)).metric("confidenceGap")
                    .orElseThrow().value()).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void namesWhatIsMissing() {
        ArrayDataset train = ArrayDataset.classification("train",
                new float[][] {{1, 0}, {0, 1}, {0, 0}}, new int[] {0, 1, 1}, 2);
        try (SoftmaxRegressionModel model = new SoftmaxRegressionModel(2, 2)) {
            assertThatThrownBy(() -> verifier.verify(
                    new VerificationRequest(model, DataSplit.of(train, new int[] {0}, null), null)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("confidence-gap.test");
            ArrayDataset onlyClassOne = ArrayDataset.classification("test", new float[][] {{0, 1}}, new int[] {1}, 2);
            assertThatThrownBy(() -> verifier.verify(
                    new VerificationRequest(model, DataSplit.of(train, new int[] {0}, onlyClassOne), null)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no row of the forget set's classes [0]");
        }
        ArrayDataset reg = ArrayDataset.regression("reg", new float[][] {{1}, {2}}, new double[] {1, 2});
        try (LinearRegressionModel model = new LinearRegressionModel(1)) {
            assertThatThrownBy(() -> verifier.verify(new VerificationRequest(model, DataSplit.of(reg, new int[] {0}, reg), null)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("confidence-gap.task");
        }
    }
}
