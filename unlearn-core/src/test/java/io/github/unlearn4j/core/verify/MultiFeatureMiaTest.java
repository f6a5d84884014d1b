package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.core.policy.PolicyScenarios;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The multi-feature membership attack against the single-feature threshold, on the same models. */
class MultiFeatureMiaTest {
    private static double metric(VerificationReport r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow();
    }

    @Test
    void onAMemorizingModelItIsAtLeastAsStrongAsTheThreshold() {
        for (PolicyScenarios s : new PolicyScenarios[] {PolicyScenarios.ROWS_MEMORIZING,
            PolicyScenarios.MISLABELED_MEMORIZING}) {
            PolicyScenarios.Fixture f = s.fixture();
            VerificationRequest original = new VerificationRequest(f.original(), f.split(), null);
            VerificationReport threshold = new MiaVerifier(MiaFeature.CONFIDENCE, 10).verify(original);
            VerificationReport multi = new MiaVerifier(MiaFeature.CONFIDENCE, MiaAttack.MULTI_FEATURE, 10)
                    .verify(original);
            double tAcc = metric(threshold, "miaAttackAccuracy");
            double mAcc = metric(multi, "miaAttackAccuracy");
            System.out.printf("%s: threshold attack accuracy %.2f, MIA %.2f; multi %.2f, MIA %.2f%n", s, tAcc,
                    metric(threshold, "MIA"), mAcc, metric(multi, "MIA"));
            assertThat(tAcc).as(s + " threshold on the original").isGreaterThan(60);
            assertThat(mAcc).as(s + " multi-feature on the original").isGreaterThanOrEqualTo(tAcc - 1.0);
        }
    }

    @Test
    void theScoreIsALogisticRegressionThatSeparatesSeparableShadows() {
        double[][] members = new double[50][];
        double[][] nonMembers = new double[50][];
        for (int i = 0; i < 50; i++) {
            double p = 0.9 + 0.002 * i;
            members[i] = MultiFeatureScore.features(new double[] {p, 1 - p}, 0);
            double q = 0.3 + 0.004 * i;
            nonMembers[i] = MultiFeatureScore.features(new double[] {q, 1 - q}, 0);
        }
        MultiFeatureScore score = MultiFeatureScore.fit(members, nonMembers);
        for (int i = 0; i < 50; i++) {
            assertThat(score.score(members[i])).isGreaterThan(score.score(nonMembers[i]));
        }
        // loss = -log p_y, confidence = p_y, entropy and modified entropy of a two-class row, by hand
        double[] f = MultiFeatureScore.features(new double[] {0.8, 0.2}, 0);
        assertThat(f[0]).isCloseTo(-Math.log(0.8), within(1e-12));
        assertThat(f[1]).isEqualTo(0.8);
        assertThat(f[2]).isCloseTo(-(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2)), within(1e-12));
        assertThat(f[3]).isCloseTo(-0.2 * Math.log(0.8) - 0.2 * Math.log(0.8), within(1e-12));
    }

    @Test
    void theAttackIsASettingOfMia() {
        var v = (MiaVerifier) VerifierRegistry.loadDefault().create("mia", Settings.of(Map.of("attack", "multi-feature")));
        assertThat(v.attack()).isEqualTo(MiaAttack.MULTI_FEATURE);
        assertThat(((MiaVerifier) VerifierRegistry.loadDefault().create("mia", Settings.empty())).attack())
                .isEqualTo(MiaAttack.THRESHOLD);
    }
}
