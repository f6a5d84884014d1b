package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost estimate from a chain's rounds, by hand. */
class CostEstimateTest {
    private static LedgerEntry round(long index, int requests, boolean retrain, String outcome, double seconds,
            Double drift) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ids.add("r" + index + "-" + i);
        }
        String json = "{\"schedule\":{\"retrain\":" + retrain + ",\"reason\":\"x\"},\"outcome\":\"" + outcome
                + "\",\"drift\":" + drift + ",\"seconds\":" + seconds + ",\"receipt\":{}}";
        return new LedgerEntry(index, LedgerEntry.GENESIS, "h", ids, 1L, "", 2, "f", json, Instant.EPOCH);
    }

    @Test
    void meansCostPerRequestAndTheRecommendedInterval() {
        // 3 approximate rounds of 2 s (drift 0.5 after 1 round, 1.4 after 2: rates 0.5 and 0.7; unmeasured), 1 scheduled retrain of 10 s, 1 fallback of 12 s;
        // 2 requests per round
        List<LedgerEntry> chain = List.of(round(1, 2, false, "PASSED", 2, 0.5), round(2, 2, false, "PASSED", 2, 1.4),
                round(3, 2, true, "PASSED", 10, null), round(4, 2, false, "PASSED", 2, null),
                round(5, 2, false, "RETRAINED", 12, 3.0),
                new LedgerEntry(6, "h", "h", List.of("dup"), 2L, "f", 2, "f", "{\"note\":\"already removed\"}",
                        Instant.EPOCH));
        CostEstimate c = CostEstimate.of(chain);
        assertThat(c.approximateRounds()).isEqualTo(3);
        assertThat(c.retrainRounds()).isEqualTo(2);
        assertThat(c.approximateSeconds()).isCloseTo(2, within(1e-12));
        assertThat(c.retrainSeconds()).isCloseTo(11, within(1e-12));
        assertThat(c.driftPerRound()).isCloseTo(0.6, within(1e-12));
        assertThat(c.requestsPerRound()).isCloseTo(2, within(1e-12));
        // every 4th round retrains: (3 * 2 + 11) / (4 * 2) = 2.125 s per request, against 11 / 2 = 5.5
        assertThat(c.secondsPerRequest(4)).isCloseTo(2.125, within(1e-12));
        assertThat(c.retrainSecondsPerRequest()).isCloseTo(5.5, within(1e-12));
        assertThat(c.secondsPerRequest(1)).isCloseTo(5.5, within(1e-12));
        // a drift budget of 2 points at 0.6 per round: floor(2 / 0.6) + 1 = 4
        assertThat(c.recommendedInterval(2.0)).isEqualTo(4);
        assertThat(c.describe(2.0)).contains("retrain every 4 rounds", "2.125 s per request", "5.500 s");
        assertThat(CostEstimate.of(List.of(round(1, 1, false, "PASSED", 1, null))).recommendedInterval(2))
                .as("no measured drift, no recommendation").isZero();
        assertThat(CostEstimate.of(List.of(round(1, 1, false, "PASSED", 1, null))).withDriftPerRound(0.5)
                .recommendedInterval(2)).as("the rounds benchmark's rate: floor(2 / 0.5) + 1").isEqualTo(5);
    }
}
