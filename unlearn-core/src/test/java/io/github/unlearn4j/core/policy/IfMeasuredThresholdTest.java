package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds judged only when their (costly) verifier was added: strict's U-LiRA line. */
class IfMeasuredThresholdTest {
    private static final String ULIRA_LINE = "uliraAuc <= 0.6 [classification, rows, mislabeled] if measured";

    @TempDir
    Path cache;

    @Test
    void theTextFormReadsAndWritesTheFlag() {
        Threshold t = Threshold.parse("uliraAuc <= 0.6 [classification] IF MEASURED");
        assertThat(t.ifMeasured()).isTrue();
        assertThat(t.text()).isEqualTo("uliraAuc <= 0.6 [classification] if measured");
        assertThat(Threshold.parse(t.text())).isEqualTo(t);
        assertThat(Threshold.parse("uliraAuc <= 0.6").ifMeasured()).isFalse();
        assertThat(ForgettingPolicy.strict().thresholds().stream().map(Threshold::text)).contains(ULIRA_LINE);
    }

    @Test
    void strictDoesNotAddTheAttackButJudgesItWhenTheCallerDoes() {
        PolicyScenarios.Fixture f = PolicyScenarios.ROWS_MEMORIZING.fixture();
        ForgettingPolicy strict = ForgettingPolicy.strict();
        assertThat(strict.verifierNames()).doesNotContain("ulira");

        PolicyCheck plain = PolicyCheck.of(strict);
        PolicyCheck.Result without = plain.check(f.retrained(), f.split(), f.reference(), f.original());
        VerdictLine na = line(without.verdict());
        assertThat(na.status()).isEqualTo(LineStatus.NOT_APPLICABLE);
        assertThat(na.note()).contains("add the ulira verifier");

        PolicyCheck withAttack = PolicyCheck.of(strict, VerificationSuite.builder().addVerifiers(List.of("ulira"))
                .optSettings("ulira", Settings.of(Map.of("method", "none", "cache", cache.toString(), "trainLearningRate",
                        0.5, "trainEpochs", 300, "trainBatchSize", 160, "trainMomentum", 0.9, "trainWeightDecay", 0)))
                .optMinSamples(10));
        VerdictLine retrained = line(withAttack.check(f.retrained(), f.split(), f.reference(), f.original()).verdict());
        assertThat(retrained.status()).as("retraining against retraining: " + retrained).isEqualTo(LineStatus.HELD);
        PolicyVerdict original = withAttack.check(f.original(), f.split(), f.reference(), f.original()).verdict();
        VerdictLine noOp = line(original);
        assertThat(noOp.status()).as("the untouched original: " + noOp).isEqualTo(LineStatus.FAILED);
        assertThat(original.verdict()).isEqualTo(Verdict.FAIL);

        // method auto without provenance (the original, or a model from elsewhere): plain LiRA, judged
        PolicyCheck auto = PolicyCheck.of(strict, VerificationSuite.builder().addVerifiers(List.of("ulira"))
                .optSettings("ulira", Settings.of(Map.of("cache", cache.toString(), "trainLearningRate", 0.5,
                        "trainEpochs", 300, "trainBatchSize", 160, "trainMomentum", 0.9, "trainWeightDecay", 0))));
        VerdictLine lira = line(auto.check(f.original(), f.split(), f.reference(), null).verdict());
        assertThat(lira.status()).as(lira.toString()).isEqualTo(LineStatus.FAILED);
    }

    private static VerdictLine line(PolicyVerdict v) {
        return v.lines().stream().filter(l -> l.threshold().equals(ULIRA_LINE)).findFirst().orElseThrow();
    }
}
