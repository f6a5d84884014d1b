package io.github.unlearn4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.LineStatus;
import io.github.unlearn4j.core.policy.PolicyScenarios;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escalation plan with the {@code ulira} attack added to strict's suite: the attack simulates
 * each attempt's own method (from its provenance), strict judges its line, and the receipt records
 * the attack's shadow count and cost.
 */
class PlanWithUliraTest {
    @TempDir
    Path cache;

    @Test
    void theAttackFollowsEachAttemptsMethodAndTheReceiptRecordsItsCost() {
        PolicyScenarios.Fixture f = PolicyScenarios.ROWS_MEMORIZING.fixture();
        Settings ft = Settings.of(Map.of("learningRate", 0.1, "epochs", 30, "batchSize", 120));
        Settings attack = Settings.of(Map.of("shadows", 4, "cache", cache.toString(), "trainLearningRate", 0.5,
                "trainEpochs", 300, "trainBatchSize", 160, "trainMomentum", 0.9, "trainWeightDecay", 0));
        UnlearningPlan plan = UnlearningPlan.builder().optPolicy(ForgettingPolicy.strict()).optSeed(PolicyScenarios.SEED)
                .addStep("ft", ft).optReferenceSettings(f.retrainSettings())
                .optVerification(VerificationSuite.builder().addVerifiers(List.of("ulira")).optSettings("ulira", attack)
                        .optMinSamples(10))
                .build();
        try (PlanResult r = plan.run(f.original(), f.split())) {
            Attempt first = r.attempts().get(0);
            assertThat(first.method()).isEqualTo("ft");
            var line = first.policyVerdict().lines().stream().filter(l -> l.metric().equals("uliraAuc")).findFirst()
                    .orElseThrow();
            // ft barely forgets this memorizing model (shadow-simulated AUC about 0.85): the line fails
            assertThat(line.status()).as(line.toString()).isEqualTo(LineStatus.FAILED);
            assertThat(line.value()).isGreaterThan(0.6);
            assertThat(first.measurements().get("uliraShadows").orElseThrow().value()).isEqualTo(4);
            UnlearningReceipt receipt = r.receipt();
            UnlearningReceipt.Attempt ftEntry = receipt.plan().attempts().get(0);
            var shadows = ftEntry.metrics().stream().filter(m -> m.name().equals("uliraShadows")).findFirst()
                    .orElseThrow();
            var seconds = ftEntry.metrics().stream().filter(m -> m.name().equals("uliraSeconds")).findFirst()
                    .orElseThrow();
            assertThat(shadows.verifier()).isEqualTo("ulira");
            assertThat(shadows.value()).isEqualTo(4.0);
            assertThat(seconds.value()).isPositive();
            assertThat(ftEntry.metrics()).extracting(UnlearningReceipt.MetricEntry::name).contains("uliraAuc",
                    "uliraTprAt1PctFpr");
            // the fallback reuses the reference: judging it against itself would always read 0.5, so it is not
            Attempt last = r.attempts().get(r.attempts().size() - 1);
            if (last.reusedReference()) {
                var self = last.policyVerdict().lines().stream().filter(l -> l.metric().equals("uliraAuc"))
                        .findFirst().orElseThrow();
                assertThat(self.status()).isEqualTo(LineStatus.NOT_APPLICABLE);
                assertThat(self.note()).contains("itself");
                assertThat(receipt.plan().attempts().get(r.attempts().size() - 1).metrics())
                        .extracting(UnlearningReceipt.MetricEntry::name).noneMatch(n -> n.startsWith("ulira"));
            }
        }
    }
}
