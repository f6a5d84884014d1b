package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import io.github.unlearn4j.core.theory.Vectors;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Done when": on the paper's linear theory in the distinct regime, the strict policy
 * FAILs ft and PASSes rbm and retrain. The reference is the golden model w_g = X_r⁺ y_r in closed
 * form; ft, rbm and retrain are the registered methods run to convergence from w_o.
 */
class LinearTheoryPolicyTest {
    private static final Logger LOG = LoggerFactory.getLogger(LinearTheoryPolicyTest.class);
    private static final long SEED = 7;
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    private static Map<String, PolicyVerdict> verdicts(LinearTheory theory, VerificationSuite.Builder suite) {
        PolicyCheck strict = PolicyCheck.of(ForgettingPolicy.strict(), suite);
        Map<String, PolicyVerdict> out = new LinkedHashMap<>();
        try (LinearRegressionModel golden = LinearRegressionModel.withWeights(Vectors.toFloats(theory.goldenWeights()));
                TrainableModel original = theory.pretrainedModel()) {
            for (String method : new String[] {"ft", "rbm", "retrain"}) {
                Settings s = method.equals("rbm") ? theory.rbmSettings() : theory.convergentTrainingSettings();
                try (UnlearnResult r = REGISTRY.create(method, s).unlearn(
                        UnlearnRequest.builder().setModel(original).setData(theory.split()).optSeed(SEED).build())) {
                    PolicyVerdict v = strict.check(r.model(), theory.split(), golden, original).verdict();
                    LOG.info("{} on the linear theory (distinct): {}", method, v.text());
                    out.put(method, v);
                }
            }
        }
        return out;
    }

    private static Map<String, PolicyVerdict> defaultConfig;

    @BeforeAll
    static void run() {
        LinearTheory theory = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED), REGISTRY);
        // the default theory forgets 10 rows: judge with minSamples = 10 (exact, deterministic figures)
        defaultConfig = verdicts(theory, VerificationSuite.builder().optMinSamples(10));
    }

    @Test
    void strictFailsFtAndPassesRbmAndRetrain() {
        assertThat(defaultConfig.get("ft").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(defaultConfig.get("rbm").verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaultConfig.get("retrain").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theFiguresBehindTheVerdicts() {
        PolicyVerdict ft = defaultConfig.get("ft");
        PolicyVerdict rbm = defaultConfig.get("rbm");
        PolicyVerdict retrain = defaultConfig.get("retrain");
        // FT keeps the pretrained forget loss (about 0) while golden's is ||y_f||^2 / n_f, about 49
        double golden = ft.line("forgetLoss").target();
        assertThat(golden).isGreaterThan(10);
        assertThat(ft.line("forgetLoss").status()).isEqualTo(LineStatus.FAILED);
        assertThat(ft.line("forgetLoss").value()).isLessThan(1e-6);
        assertThat(ft.line("forgetLoss").limit()).isCloseTo(0.9 * golden, within(1e-9));
        // FT stays ||(I - P_r) w_o|| away from golden
        assertThat(ft.line("weightDistance").status()).isEqualTo(LineStatus.FAILED);
        assertThat(ft.line("weightDistance").value()).isGreaterThan(0.3);
        // RBM removes exactly the forget-only components and lands on golden
        assertThat(rbm.line("forgetLoss").value()).isCloseTo(golden, within(1e-3 * golden));
        assertThat(rbm.line("weightDistance").value()).isLessThan(1e-4);
        assertThat(retrain.line("forgetLoss").value()).isCloseTo(golden, within(1e-3 * golden));
        assertThat(retrain.line("weightDistance").value()).isLessThan(1e-4);
        // the classification thresholds are listed as not applicable, with a note
        for (PolicyVerdict v : defaultConfig.values()) {
            assertThat(v.lines(LineStatus.NOT_APPLICABLE)).extracting(VerdictLine::metric)
                    .containsExactly("UA", "MIA", "unseenUA", "RA", "TA", "uliraAuc");
        }
    }

    @Test
    void withTheDefaultMinSamplesTenForgetRowsAreTooFewToPassButEnoughToFail() {
        LinearTheory theory = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED), REGISTRY);
        Map<String, PolicyVerdict> v = verdicts(theory, VerificationSuite.builder());
        // the weight distance is exact and fails ft on its own; the forget loss on 10 rows is not solid
        assertThat(v.get("ft").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.get("ft").line("forgetLoss").status()).isEqualTo(LineStatus.INCONCLUSIVE);
        assertThat(v.get("rbm").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.get("rbm").line("forgetLoss").note())
                .isEqualTo("forgetLoss was computed on 10 samples, fewer than minSamples = 30");
        assertThat(v.get("rbm").line("weightDistance").status()).isEqualTo(LineStatus.HELD);
    }

    @Test
    void aLargerForgetSetPassesWithTheDefaults() {
        // 30 forget rows in 60 forget-only coordinates: still overparameterized (n_f < d_f)
        LinearTheoryData.Config config = new LinearTheoryData.Config(40, 30, 100, 60, 20, 0.1);
        LinearTheory theory = new LinearTheory(LinearTheoryData.generate(FeatureRegime.DISTINCT, config, SEED), REGISTRY);
        Map<String, PolicyVerdict> v = verdicts(theory, VerificationSuite.builder());
        assertThat(v.get("ft").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.get("rbm").verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.get("retrain").verdict()).isEqualTo(Verdict.PASS);
    }
}
