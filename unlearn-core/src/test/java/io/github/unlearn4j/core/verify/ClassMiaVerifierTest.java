package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.policy.PolicyScenarios;
import org.junit.jupiter.api.Test;

/** The class-wise attack: separates the original from retraining on a class-wise forget set. */
class ClassMiaVerifierTest {
    private static double metric(VerificationReport r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow();
    }

    @Test
    void theAucCountsWinsAndHalfTies() {
        // the attack's AUC is ThresholdAttack's Mann–Whitney AUC
        assertThat(ThresholdAttack.auc(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(ThresholdAttack.auc(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
        assertThat(ThresholdAttack.auc(new double[] {2, 2}, new double[] {2, 2})).isEqualTo(0.5);
        // 3 beats 1 and 2, ties 3 (half), loses to 4: (2 + 0.5) / 4
        assertThat(ThresholdAttack.auc(new double[] {3}, new double[] {1, 2, 3, 4})).isEqualTo(0.625);
        // identical vectors on both sides: the attack has nothing to tell apart
        double[][] same = {{-1, -2}, {-0.5, -1}, {-2, -0.1}, {-1, -1}};
        assertThat(ClassMiaVerifier.attackAuc(same, same)).isEqualTo(0.5);
    }

    @Test
    void probabilitiesAreRenormalizedOverTheRemainingClasses() {
        double[][] logQ = ClassMiaVerifier.logRenormalized(new double[][] {{0.5, 0.3, 0.2}}, new int[] {1, 2});
        assertThat(Math.exp(logQ[0][0])).isCloseTo(0.6, within(1e-12));
        assertThat(Math.exp(logQ[0][1])).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void theOriginalIsToldFromRetrainingMoreThanAnotherRetrainIs() {
        PolicyScenarios.Fixture f = PolicyScenarios.CLASSES_GENERALIZING.fixture();
        ClassMiaVerifier v = new ClassMiaVerifier(10);
        VerificationReport original = v.verify(new VerificationRequest(f.original(), f.split(), f.retrained()));
        // two retrains from different seeds, never a model against itself (that is refused)
        VerificationReport other = v.verify(new VerificationRequest(f.retrained(), f.split(), f.reference()));
        System.out.printf("class-mia: original %.3f, another retrain %.3f%n", metric(original, "classMiaAuc"),
                metric(other, "classMiaAuc"));
        assertThat(v.checkInputs(new VerificationRequest(f.retrained(), f.split(), f.retrained()))).get()
                .extracting(Throwable::getMessage).asString().contains("reference", "itself");
        // ~300 forget rows, 150 tested per side: under no difference the AUC's standard error is about
        // sqrt(301 / (12 * 150 * 150)) = 0.033, so 0.65 is 4.5 standard errors above chance (measured: 0.75)
        assertThat(metric(original, "classMiaAuc")).as("original against retrain").isGreaterThan(0.65);
        assertThat(metric(original, "classMiaKl")).isGreaterThan(0.05);
        assertThat(metric(other, "classMiaAuc")).as("another retrain").isLessThan(metric(original, "classMiaAuc"));
        assertThat(metric(other, "classMiaKl")).isLessThan(metric(original, "classMiaKl"));
    }

    @Test
    void aPolicyCanNameItsMetrics() {
        PolicyScenarios.Fixture f = PolicyScenarios.CLASSES_GENERALIZING.fixture();
        var policy = io.github.unlearn4j.core.policy.ForgettingPolicy.parse("classMiaAuc <= 0.6",
                MetricCatalog.of(io.github.unlearn4j.api.registry.VerifierRegistry.loadDefault()));
        var check = io.github.unlearn4j.core.policy.PolicyCheck.of(policy,
                VerificationSuite.builder().optMinSamples(10));
        // the untouched original is the negative control: it must fail the threshold for a PASS to count
        var retrained = check.check(f.retrained(), f.split(), f.reference(), f.original()).verdict();
        assertThat(retrained.verdict()).as(retrained.text()).isEqualTo(io.github.unlearn4j.core.policy.Verdict.PASS);
        var original = check.check(f.original(), f.split(), f.reference(), f.original()).verdict();
        assertThat(original.verdict()).as(original.text()).isEqualTo(io.github.unlearn4j.core.policy.Verdict.FAIL);
    }

    @Test
    void itRefusesWhatItCannotReadNamingTheField() {
        PolicyScenarios.Fixture f = PolicyScenarios.CLASSES_GENERALIZING.fixture();
        ClassMiaVerifier v = new ClassMiaVerifier(10);
        assertThat(v.checkInputs(new VerificationRequest(f.original(), f.split(), null))).get()
                .extracting(Throwable::getMessage).asString().contains("reference");
        ArrayDataset train = TestData.classification(60, 4, 2, 5);
        int[] everyClass = {0, 1, 2, 3, 4, 5};
        DataSplit rows = DataSplit.of(train, everyClass, null);
        var model = new io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel(4, 2);
        assertThat(v.checkInputs(new VerificationRequest(model, rows, model.copy()))).get()
                .extracting(Throwable::getMessage).asString().contains("forget").contains("remaining classes");
    }
}
