package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When rounds retrain from scratch, and how the chain records why. */
class RetrainScheduleTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @TempDir
    Path dir;

    @Test
    void eachBudgetTriggersOnItsOwnAndSaysWhy() {
        RetrainSchedule every3 = new RetrainSchedule(3, INF, INF);
        assertThat(every3.decide(new RetrainSchedule.SinceRetrain(1, 0.5, 1)).retrain()).isFalse();
        RetrainSchedule.Decision third = every3.decide(new RetrainSchedule.SinceRetrain(2, 0.5, 1));
        assertThat(third.retrain()).isTrue();
        assertThat(third.reason()).contains("every 3 rounds");
        RetrainSchedule drift = new RetrainSchedule(0, 2.0, INF);
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, 1.9, 100)).retrain()).isFalse();
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, 2.0, 100)).reason()).contains("drift budget");
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, Double.NaN, 100)).retrain())
                .as("unmeasured drift does not trigger the drift budget").isFalse();
        RetrainSchedule cost = new RetrainSchedule(0, INF, 60);
        assertThat(cost.decide(new RetrainSchedule.SinceRetrain(5, 9, 61)).reason()).contains("cost budget");
        assertThat(RetrainSchedule.onFailureOnly().decide(new RetrainSchedule.SinceRetrain(1000, 1e9, 1e9)).retrain())
                .isFalse();
        assertThatThrownBy(() -> new RetrainSchedule(-1, INF, INF)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("everyRounds = -1");
        assertThatThrownBy(() -> new RetrainSchedule(0, 0, INF)).hasMessageContaining("maxDrift = 0");
        assertThatThrownBy(() -> new RetrainSchedule(0, INF, Double.NaN)).hasMessageContaining("maxSeconds = NaN");
    }

    @Test
    void aScheduledRetrainIsRecordedWithItsReasonAndResetsTheCount() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (DeletionLedger ledger = LedgerFixture.open(dir.resolve("every"), null, new RetrainSchedule(1, INF, INF))) {
            ledger.submit("a", new int[] {5, 6, 7});
            JsonNode round = json.readTree(ledger.runRound().orElseThrow().receipt());
            assertThat(round.path("schedule").path("retrain").asBoolean()).isTrue();
            assertThat(round.path("schedule").path("reason").asText()).contains("every 1 rounds");
            assertThat(round.path("receipt").path("plan").path("attempts").get(0).path("method").asText())
                    .isEqualTo("retrain");
            assertThat(ledger.sinceRetrain().rounds()).isZero();
            assertThat(ledger.verify().intact()).isTrue();
            CostEstimate c = ledger.costEstimate();
            assertThat(c.retrainRounds()).isEqualTo(1);
            assertThat(c.retrainSeconds()).isPositive();
            assertThat(c.requestsPerRound()).isEqualTo(1.0);
        }
        try (DeletionLedger ledger = LedgerFixture.open(dir.resolve("never"), null)) {
            ledger.submit("a", new int[] {5, 6, 7});
            JsonNode round = json.readTree(ledger.runRound().orElseThrow().receipt());
            assertThat(round.path("schedule").path("retrain").asBoolean()).isFalse();
            assertThat(round.path("schedule").path("reason").asText()).startsWith("approximate");
            assertThat(round.path("receipt").path("plan").path("attempts").get(0).path("method").asText())
                    .isEqualTo("ft");
            assertThat(round.path("seconds").asDouble()).isPositive();
            boolean retrained = round.path("outcome").asText().equals("RETRAINED");
            assertThat(ledger.sinceRetrain().rounds()).as("the plan's own fallback retrain resets the count too")
                    .isEqualTo(retrained ? 0 : 1);
        }
    }

    @Test
    void aScheduleWithoutARetrainPlanIsRefused() {
        assertThatThrownBy(() -> new DeletionLedger(JdbcLedgerStore.h2(dir.resolve("x")), dir, LedgerFixture.data("d",
                10, 1), null, io.github.unlearn4j.core.plan.UnlearningPlan.builder().addStep("ft",
                io.github.unlearn4j.api.settings.Settings.empty()).build(),
                new io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel(8, 3), null,
                new RetrainSchedule(2, INF, INF), null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("retrainPlan");
    }
}
