package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccuracyVerifierTest {
    // the model predicts class 0 for (1,0) and class 1 for (0,1), with p = softmax(5, 0) = (0.9933071, 0.0066929)
    private static final float[][] X = {{1f, 0f}, {0f, 1f}, {1f, 0f}, {0f, 1f}};

    private static SoftmaxRegressionModel model() {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(2, 2);
        m.setParameters(new float[] {5f, 0f, 0f, 5f, 0f, 0f});
        return m;
    }

    @Test
    void computesUaRaTaInPercentWithSampleCounts() {
        ArrayDataset train = ArrayDataset.classification("t", X, new int[] {0, 1, 1, 0}, 2);
        ArrayDataset test = ArrayDataset.classification("s", new float[][] {{1f, 0f}}, new int[] {0}, 2);
        DataSplit split = DataSplit.of(train, new int[] {0, 2}, test);
        ForgetVerifier v = VerifierRegistry.loadDefault().create("accuracy", Settings.empty());
        VerificationReport r = v.verify(new VerificationRequest(model(), split, null));
        // forget rows 0 (right) and 2 (wrong): accuracy 50% -> UA 50
        assertThat(r.metric("UA").orElseThrow().value()).isCloseTo(50, within(1e-9));
        assertThat(r.metric("UA").orElseThrow().sampleCount()).isEqualTo(2);
        // retain rows 1 (right) and 3 (wrong)
        assertThat(r.metric("RA").orElseThrow().value()).isCloseTo(50, within(1e-9));
        assertThat(r.metric("TA").orElseThrow().value()).isCloseTo(100, within(1e-9));
        assertThat(r.metric("TA").orElseThrow().sampleCount()).isEqualTo(1);
        assertThat(r.metric("forgetLoss")).isPresent();
    }

    @Test
    void confidenceAndUnseenMetricsByHand() {
        ArrayDataset train = ArrayDataset.classification("t", X, new int[] {0, 1, 1, 0}, 2);
        // test: one row of class 0 (right), one of class 1 (right)
        ArrayDataset test = ArrayDataset.classification("s", new float[][] {{1f, 0f}, {0f, 1f}}, new int[] {0, 1}, 2);
        double p = 1 / (1 + Math.exp(-5)); // 0.9933071
        // forget rows 0 (p_y = p) and 2 (p_y = 1 - p): mean confidence exactly 50%
        DataSplit both = DataSplit.of(train, new int[] {0, 2}, test);
        VerificationReport r = new AccuracyVerifier().verify(new VerificationRequest(model(), both, null));
        assertThat(r.metric("forgetConfidence").orElseThrow().value()).isCloseTo(50, within(1e-9));
        // the forget set has classes 0 and 1, so every test row is unseen
        assertThat(r.metric("unseenUA").orElseThrow().value()).isCloseTo(0, within(1e-9));
        assertThat(r.metric("unseenConfidence").orElseThrow().value()).isCloseTo(100 * p, within(1e-6));
        assertThat(r.metric("unseenConfidence").orElseThrow().sampleCount()).isEqualTo(2);
        // forget only row 0 (class 0): unseen is the one test row of class 0
        DataSplit classZero = DataSplit.of(train, new int[] {0}, test);
        VerificationReport z = new AccuracyVerifier().verify(new VerificationRequest(model(), classZero, null));
        assertThat(z.metric("unseenUA").orElseThrow().sampleCount()).isEqualTo(1);
        assertThat(z.metric("unseenLoss").orElseThrow().value()).isCloseTo(-Math.log(p), within(1e-6));
        // without a test set there is nothing unseen
        DataSplit noTest = DataSplit.of(train, new int[] {0}, null);
        VerificationReport n = new AccuracyVerifier().verify(new VerificationRequest(model(), noTest, null));
        assertThat(n.metric("unseenUA")).isEmpty();
        assertThat(n.metric("TA")).isEmpty();
    }

    @Test
    void minSamplesIsASetting() {
        ForgetVerifier v = VerifierRegistry.loadDefault().create("accuracy", Settings.of(Map.of("minSamples", 7)));
        assertThat(((AbstractVerifier) v).minSamples()).isEqualTo(7);
        assertThat(new AccuracyVerifier().minSamples()).isEqualTo(VerifierSettings.DEFAULT_MIN_SAMPLES);
    }

    @Test
    void rejectsABackendThatReturnsLogitsInsteadOfProbabilities() {
        ArrayDataset train = ArrayDataset.classification("t", X, new int[] {0, 1, 1, 0}, 2);
        DataSplit split = DataSplit.of(train, new int[] {0}, null);
        TrackingModel logits = new TrackingModel(model(), new AtomicInteger()) {
            @Override
            public double[][] predict(DataView view) {
                return new double[][] {{5.0, 0.0}};
            }
        };
        assertThatThrownBy(() -> new AccuracyVerifier().verify(new VerificationRequest(logits, split, null)))
                .isInstanceOf(BackendException.class).hasMessageContaining("not logits");
    }
}
