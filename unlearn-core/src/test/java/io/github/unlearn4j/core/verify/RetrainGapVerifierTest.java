package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.MembershipData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetrainGapVerifierTest {
    private static final VerifierRegistry REGISTRY = VerifierRegistry.loadDefault();
    private static MembershipData data;

    @BeforeAll
    static void train() {
        data = MembershipData.create(5);
    }

    private static VerificationReport gap(TrainableModel model, TrainableModel reference, DataSplit split) {
        ForgetVerifier v = REGISTRY.create("retrain-gap", Settings.empty());
        return v.verify(new VerificationRequest(model, split, reference));
    }

    @Test
    void aModelHasNoGapToItself() {
        VerificationReport r = gap(data.neverSaw, data.neverSaw, data.split);
        for (String m : new String[] {"gapUA", "gapRA", "gapTA", "gapMIA", "avgGap", "klForget", "klTest"}) {
            assertThat(r.metric(m).orElseThrow().value()).as(m).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void gapsAreAbsoluteDifferencesAndAvgGapTheirMean() {
        VerificationReport r = gap(data.memorized, data.neverSaw, data.split);
        VerificationReport accMem = new AccuracyVerifier().verify(new VerificationRequest(data.memorized, data.split, null));
        VerificationReport accRef = new AccuracyVerifier().verify(new VerificationRequest(data.neverSaw, data.split, null));
        VerificationReport miaMem = new MiaVerifier(MiaFeature.CONFIDENCE, 30)
                .verify(new VerificationRequest(data.memorized, data.split, null));
        VerificationReport miaRef = new MiaVerifier(MiaFeature.CONFIDENCE, 30)
                .verify(new VerificationRequest(data.neverSaw, data.split, null));
        double sum = 0;
        for (String m : new String[] {"UA", "RA", "TA"}) {
            double expected = Math.abs(accMem.metric(m).orElseThrow().value() - accRef.metric(m).orElseThrow().value());
            assertThat(r.metric("gap" + m).orElseThrow().value()).as(m).isCloseTo(expected, within(1e-9));
            sum += expected;
        }
        double miaGap = Math.abs(miaMem.metric("MIA").orElseThrow().value() - miaRef.metric("MIA").orElseThrow().value());
        assertThat(r.metric("gapMIA").orElseThrow().value()).isCloseTo(miaGap, within(1e-9));
        assertThat(r.metric("avgGap").orElseThrow().value()).isCloseTo((sum + miaGap) / 4, within(1e-9));
        assertThat(r.metric("gapUA").orElseThrow().value()).isGreaterThan(20);
        // the memorizing model is far more confident on D_f than the reference: KL on D_f exceeds KL on test
        assertThat(r.metric("klForget").orElseThrow().value()).isGreaterThan(r.metric("klTest").orElseThrow().value());
        assertThat(r.metric("klForget").orElseThrow().sampleCount()).isEqualTo(40);
        assertThat(r.metric("klTest").orElseThrow().sampleCount()).isEqualTo(120);
    }

    @Test
    void klIsComputedByHand() {
        // one feature, two classes; the model's logits are (w x + b): W = [a; 0], b = 0
        ArrayDataset train = ArrayDataset.classification("t", new float[][] {{1}, {1}, {0}}, new int[] {0, 0, 1}, 2);
        DataSplit split = DataSplit.of(train, new int[] {0}, null);
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(1, 2);
        model.setParameters(new float[] {(float) Math.log(3), 0, 0, 0}); // p(x=1) = (0.75, 0.25)
        SoftmaxRegressionModel ref = new SoftmaxRegressionModel(1, 2); // p = (0.5, 0.5)
        VerificationReport r = gap(model, ref, split);
        // KL(ref || model) = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25) = 0.5 (ln 2 - ln 1.5) = 0.1438410
        assertThat(r.metric("klForget").orElseThrow().value()).isCloseTo(0.1438410, within(1e-6));
        // without a test set: no TA, MIA or KL on test, and the Avg. Gap says what it averaged
        assertThat(r.metric("gapTA")).isEmpty();
        assertThat(r.metric("klTest")).isEmpty();
        assertThat(r.metric("avgGap").orElseThrow().description()).endsWith("over UA, RA");
    }

    @Test
    void regressionGetsLossGapsAndPredictionDifferences() {
        ArrayDataset train = ArrayDataset.regression("r", new float[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {1, 2, 3});
        DataSplit split = DataSplit.of(train, new int[] {2}, null);
        LinearRegressionModel model = LinearRegressionModel.withWeights(new float[] {1, 2});
        LinearRegressionModel ref = LinearRegressionModel.withWeights(new float[] {1, 0});
        VerificationReport r = gap(model, ref, split);
        // forget row (1,1): predictions 3 and 1 -> squared difference 4; losses 0 and 4
        assertThat(r.metric("predictionMseForget").orElseThrow().value()).isCloseTo(4, within(1e-9));
        assertThat(r.metric("gapForgetLoss").orElseThrow().value()).isCloseTo(4, within(1e-9));
        assertThat(r.metric("gapUA")).isEmpty();
    }

    @Test
    void withoutAReferenceFailsNamingTheField() {
        ForgetVerifier v = REGISTRY.create("retrain-gap", Settings.empty());
        assertThatThrownBy(() -> v.verify(new VerificationRequest(data.memorized, data.split, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("reference = null")
                .hasMessageContaining("VerificationRequest.reference");
    }

    @Test
    void rejectsAReferenceOfAnotherShape() {
        ForgetVerifier v = REGISTRY.create("retrain-gap", Settings.empty());
        assertThatThrownBy(() -> v.verify(new VerificationRequest(data.memorized, data.split,
                new SoftmaxRegressionModel(MembershipData.D, 4))))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("reference = softmax(60->4)");
    }
}
