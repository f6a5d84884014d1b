package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import org.junit.jupiter.api.Test;

class AccuracyVerifierTest {

    @Test
    void computesUaRaTaInPercentWithSampleCounts() {
        // the model predicts class 0 for (1,0) and class 1 for (0,1)
        float[][] x = {{1f, 0f}, {0f, 1f}, {1f, 0f}, {0f, 1f}};
        ArrayDataset train = ArrayDataset.classification("t", x, new int[] {0, 1, 1, 0}, 2);
        ArrayDataset test = ArrayDataset.classification("s", new float[][] {{1f, 0f}}, new int[] {0}, 2);
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(2, 2);
        m.setParameters(new float[] {5f, 0f, 0f, 5f, 0f, 0f});
        DataSplit split = DataSplit.of(train, new int[] {0, 2}, test);
        ForgetVerifier v = VerifierRegistry.loadDefault().create("accuracy", Settings.empty());
        VerificationReport r = v.verify(new VerificationRequest(m, split, null));
        // forget rows 0 (right) and 2 (wrong): accuracy 50% -> UA 50
        assertThat(r.metric("UA").orElseThrow().value()).isCloseTo(50, within(1e-9));
        assertThat(r.metric("UA").orElseThrow().sampleCount()).isEqualTo(2);
        // retain rows 1 (right) and 3 (wrong)
        assertThat(r.metric("RA").orElseThrow().value()).isCloseTo(50, within(1e-9));
        assertThat(r.metric("TA").orElseThrow().value()).isCloseTo(100, within(1e-9));
        assertThat(r.metric("TA").orElseThrow().sampleCount()).isEqualTo(1);
        assertThat(r.metric("forgetLoss")).isPresent();
    }
}
