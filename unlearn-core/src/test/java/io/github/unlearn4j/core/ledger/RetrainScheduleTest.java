package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
        RetrainSchedule every3 = RetrainSchedule.of(3, INF, INF);
        assertThat(every3.decide(new RetrainSchedule.SinceRetrain(1, 0.5, 0, 1)).retrain()).isFalse();
        RetrainSchedule.Decision third = every3.decide(new RetrainSchedule.SinceRetrain(2, 0.5, 0, 1));
        assertThat(third.retrain()).isTrue();
        assertThat(third.reason()).contains("every 3 rounds");
        // measured drift: the last measurement is the whole drift (its reference saw every removal)
        RetrainSchedule drift = RetrainSchedule.of(0, 2.0, INF);
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, 1.9, 0, 100)).retrain()).isFalse();
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, 2.1, 0, 100)).reason()).contains("drift budget");
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(5, 1.9, 1, 100)).retrain())
                .as("a round after the measurement, with no rate: the drift is unknown, and the budget retrains")
                .isTrue();
        assertThat(drift.decide(new RetrainSchedule.SinceRetrain(3, Double.NaN, 3, 100)).reason())
                .contains("unknown");
        // a rate from the rounds benchmark: 0.5 per round, 3 unmeasured rounds = 1.5 now, 2.0 after the next
        RetrainSchedule rated = drift.withDriftPerRound(0.5);
        assertThat(rated.drift(new RetrainSchedule.SinceRetrain(3, Double.NaN, 3, 100))).isCloseTo(1.5,
                within(1e-12));
        assertThat(rated.decide(new RetrainSchedule.SinceRetrain(3, Double.NaN, 3, 100)).retrain()).isFalse();
        assertThat(rated.decide(new RetrainSchedule.SinceRetrain(4, Double.NaN, 4, 100)).retrain()).isTrue();
        assertThat(rated.drift(new RetrainSchedule.SinceRetrain(4, 0.2, 2, 100))).as("measured 0.2, then 2 rounds")
                .isCloseTo(1.2, within(1e-12));
        assertThat(RetrainSchedule.onFailureOnly().decide(new RetrainSchedule.SinceRetrain(3, Double.NaN, 3, 100))
                .retrain()).as("no budget, nothing to know").isFalse();
        RetrainSchedule cost = RetrainSchedule.of(0, INF, 60);
        assertThat(cost.decide(new RetrainSchedule.SinceRetrain(5, 9, 0, 61)).reason()).contains("cost budget");
        assertThat(RetrainSchedule.onFailureOnly().decide(new RetrainSchedule.SinceRetrain(1000, 1e9, 0, 1e9))
                .retrain()).isFalse();
        assertThatThrownBy(() -> RetrainSchedule.of(-1, INF, INF)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("everyRounds = -1");
        assertThatThrownBy(() -> RetrainSchedule.of(0, 0, INF)).hasMessageContaining("maxDrift = 0");
        assertThatThrownBy(() -> RetrainSchedule.of(0, INF, Double.NaN)).hasMessageContaining("maxSeconds = NaN");
        assertThatThrownBy(() -> RetrainSchedule.of(0, 2, INF).withDriftPerRound(-0.1))
                .hasMessageContaining("driftPerRound = -0.1");
    }

    @Test
    void aScheduledRetrainIsRecordedWithItsReasonAndResetsTheCount() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (DeletionLedger ledger = LedgerFixture.open(dir.resolve("every"), null, RetrainSchedule.of(1, INF, INF))) {
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
            // the fixture's softmax regression does not memorize: lenient's negative control makes ft
            // INCONCLUSIVE, so the plan falls back to retraining, and that resets the count too
            assertThat(round.path("outcome").asText()).isEqualTo("RETRAINED");
            assertThat(ledger.sinceRetrain().rounds()).as("the plan's own fallback retrain resets the count")
                    .isZero();
        }
    }

    @Test
    void withoutMeasuredDriftTheEstimateUsesTheSchedulesRate() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RetrainSchedule schedule = RetrainSchedule.of(0, 1.0, INF).withDriftPerRound(0.4);
        try (DeletionLedger ledger = LedgerFixture.open(dir.resolve("rate"), null, schedule)) {
            assertThat(ledger.costEstimate().driftPerRound()).as("no round yet: the schedule's rate").isEqualTo(0.4);
            ledger.submit("r", new int[] {5, 6, 7});
            JsonNode round = json.readTree(ledger.runRound().orElseThrow().receipt());
            assertThat(round.path("drift").isNull()).as("lenient measures no drift").isTrue();
            assertThat(round.path("schedule").path("retrain").asBoolean()).as("0.4 after this round <= 1.0").isFalse();
            assertThat(round.path("schedule").path("reason").asText()).contains("drift 0.000");
            assertThat(ledger.costEstimate().driftPerRound()).isCloseTo(0.4, within(1e-12));
            assertThat(ledger.costEstimate().recommendedInterval(1.0)).isEqualTo(3);
        }
        try (DeletionLedger ledger = LedgerFixture.open(dir.resolve("no-rate"), null, RetrainSchedule.of(0, 1.0, INF))) {
            ledger.submit("r", new int[] {5, 6, 7});
            ledger.runRound();
            assertThat(ledger.costEstimate().driftPerRound()).as("neither measured nor given").isNaN();
        }
    }

    @Test
    void aScheduleWithoutARetrainPlanIsRefused() {
        assertThatThrownBy(() -> new DeletionLedger(JdbcLedgerStore.h2(dir.resolve("x")), dir, LedgerFixture.data("d",
                10, 1), null, io.github.unlearn4j.core.plan.UnlearningPlan.builder().addStep("ft",
                io.github.unlearn4j.api.settings.Settings.empty()).build(),
                new io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel(8, 3), null,
                RetrainSchedule.of(2, INF, INF), null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("retrainPlan");
    }
}
