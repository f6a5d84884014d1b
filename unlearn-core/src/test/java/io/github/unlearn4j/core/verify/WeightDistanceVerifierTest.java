package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import org.junit.jupiter.api.Test;

class WeightDistanceVerifierTest {
    private static final DataSplit SPLIT = DataSplit.of(TestData.regression(10, 2, 1), new int[] {0}, null);
    private static final ForgetVerifier V = VerifierRegistry.loadDefault().create("weight-distance", Settings.empty());

    @Test
    void isTheRelativeEuclideanDistanceByHand() {
        // theta = (3, 4), ref = (0, 4): ||(3, 0)|| / ||(0, 4)|| = 3 / 4
        Metric m = V.verify(new VerificationRequest(LinearRegressionModel.withWeights(new float[] {3, 4}), SPLIT,
                LinearRegressionModel.withWeights(new float[] {0, 4}))).metric("weightDistance").orElseThrow();
        assertThat(m.value()).isCloseTo(0.75, within(1e-12));
        assertThat(m.sampleCount()).isEqualTo(2);
        assertThat(((WeightDistanceVerifier) V).minSamplesFor("weightDistance")).isZero();
    }

    @Test
    void zeroReferenceGivesZeroOrInfinity() {
        assertThat(WeightDistanceVerifier.relativeDistance(new float[] {0, 0}, new float[] {0, 0})).isZero();
        assertThat(WeightDistanceVerifier.relativeDistance(new float[] {1, 0}, new float[] {0, 0})).isInfinite();
    }

    @Test
    void needsAReferenceOfTheSameSize() {
        assertThatThrownBy(() -> V.verify(new VerificationRequest(new LinearRegressionModel(2), SPLIT, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("reference = null");
        DataSplit wide = DataSplit.of(TestData.regression(10, 3, 1), new int[] {0}, null);
        assertThatThrownBy(() -> V.verify(new VerificationRequest(new LinearRegressionModel(3), wide,
                new LinearRegressionModel(2))))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("reference = linear(2->1)");
    }
}
