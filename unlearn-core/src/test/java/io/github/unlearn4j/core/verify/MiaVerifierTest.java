package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.MembershipData;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiaVerifierTest {
    private static final VerifierRegistry REGISTRY = VerifierRegistry.loadDefault();
    private static MembershipData data;

    @BeforeAll
    static void train() {
        data = MembershipData.create(5);
    }

    private static VerificationReport mia(Object feature, MembershipData d, boolean memorized) {
        ForgetVerifier v = REGISTRY.create("mia", Settings.of(Map.of("feature", feature)));
        return v.verify(new VerificationRequest(memorized ? d.memorized : d.neverSaw, d.split, null));
    }

    @Test
    void theMemorizedForgetSetIsCalledMemberAndTheUnseenOneIsNot() {
        VerificationReport seen = mia("confidence", data, true);
        VerificationReport unseen = mia("confidence", data, false);
        double seenMia = seen.metric("MIA").orElseThrow().value();
        double unseenMia = unseen.metric("MIA").orElseThrow().value();
        // a model that memorized D_f: almost all of it looks like training data
        assertThat(seenMia).isLessThan(10);
        // a model that never saw D_f: a large share of it looks like test data
        assertThat(unseenMia).isGreaterThan(40);
        assertThat(unseenMia - seenMia).isGreaterThan(30);
        // the AUC of forget vs unseen: above chance after memorizing, about chance otherwise
        assertThat(seen.metric("miaAuc").orElseThrow().value()).isGreaterThan(0.6);
        assertThat(unseen.metric("miaAuc").orElseThrow().value()).isCloseTo(0.5, within(0.08));
        // the attack itself learned something on its shadow data
        assertThat(seen.metric("miaAttackAccuracy").orElseThrow().value()).isGreaterThan(60);
    }

    @Test
    void everyFeatureRanksTheTwoModelsTheSameWay() {
        for (String f : new String[] {"confidence", "entropy", "modified-entropy", "correctness"}) {
            double seen = mia(f, data, true).metric("MIA").orElseThrow().value();
            double unseen = mia(f, data, false).metric("MIA").orElseThrow().value();
            assertThat(unseen).as(f).isGreaterThan(seen);
        }
    }

    @Test
    void reportsSampleCounts() {
        VerificationReport r = mia("confidence", data, true);
        // min(|D_f| = 40, shadow members = min(|test| 120, |D_r| 80), non-members 120)
        assertThat(r.metric("MIA").orElseThrow().sampleCount()).isEqualTo(40);
        assertThat(r.metric("miaAttackAccuracy").orElseThrow().sampleCount()).isEqualTo(80);
        // min(|D_f| = 40, unseen rows = test rows of the forget classes = all 120)
        assertThat(r.metric("miaAuc").orElseThrow().sampleCount()).isEqualTo(40);
    }

    @Test
    void isDeterministic() {
        assertThat(mia("entropy", data, true)).isEqualTo(mia("entropy", data, true));
    }

    @Test
    void failsWithoutTestSetOrOnRegressionNamingTheField() {
        DataSplit noTest = DataSplit.of(data.split.train(), data.split.forgetIds(), null);
        ForgetVerifier v = REGISTRY.create("mia", Settings.empty());
        assertThatThrownBy(() -> v.verify(new VerificationRequest(data.memorized, noTest, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("data.test = none");
        DataSplit reg = DataSplit.of(TestData.regression(20, 3, 1), new int[] {1}, TestData.regression(5, 3, 2));
        assertThatThrownBy(() -> v.verify(new VerificationRequest(new LinearRegressionModel(3), reg, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("data.task = REGRESSION");
    }

    @Test
    void rejectsAnUnknownFeature() {
        assertThatThrownBy(() -> REGISTRY.create("mia", Settings.of(Map.of("feature", "loss"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("modified-entropy");
    }

    @Test
    void everyVerifierIsRegistered() {
        assertThat(REGISTRY.names()).contains("accuracy", "mia", "retrain-gap", "weight-distance");
    }
}
