package io.github.unlearn4j.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * What the ledger's measured rounds say about cost: the mean time of an approximate round and of a
 * retrain, the mean drift per approximate round and the requests per round, from which the cost
 * per request under a retrain interval, against retraining for every round, and the longest
 * interval that keeps the accumulated drift within a budget.
 *
 * <p>With {@code a} the mean approximate round (s), {@code r} the mean retrain round (s), {@code q}
 * the mean requests per round and {@code N} the interval (a retrain every N rounds, N − 1
 * approximate rounds between): cost per request = {@code ((N − 1)·a + r) / (N·q)}; retraining every
 * round costs {@code r / q}. The drift is modelled as growing by {@code d} per approximate round
 * since the last retrain; a round that measured its {@code avgGap} g, k approximate rounds after the
 * last retrain, gives the rate g / k, and {@code d} is their mean. The longest interval within a
 * drift budget {@code B} is {@code N = ⌊B / d⌋ + 1} (at least 1): N − 1 approximate rounds reach
 * (N − 1)·d ≤ B. Whether drift does grow linearly is what {@code unlearn-bench/run-rounds} measures.
 *
 * @param approximateRounds rounds that ran the approximate plan and kept its model
 * @param retrainRounds rounds that retrained (scheduled, or the plan's fallback)
 * @param approximateSeconds the mean time of an approximate round, NaN without one
 * @param retrainSeconds the mean time of a retrain round, NaN without one
 * @param driftPerRound the mean drift rate (Avg. Gap per approximate round since the last retrain) of the
 *     rounds that measured it, NaN when none did
 * @param requestsPerRound the mean number of requests a round applied
 */
public record CostEstimate(int approximateRounds, int retrainRounds, double approximateSeconds,
        double retrainSeconds, double driftPerRound, double requestsPerRound) {

    /**
     * Reads the rounds of a chain.
     *
     * @param chain the ledger's entries
     * @return the estimate
     */
    public static CostEstimate of(List<LedgerEntry> chain) {
        int approx = 0;
        int retrain = 0;
        double approxSeconds = 0;
        double retrainSeconds = 0;
        double drift = 0;
        int drifts = 0;
        long requests = 0;
        int rounds = 0;
        int sinceRetrain = 0;
        for (LedgerEntry e : chain) {
            JsonNode round = DeletionLedger.roundOf(e);
            if (!round.has("outcome")) {
                continue;
            }
            rounds++;
            requests += e.requestIds().size();
            if (DeletionLedger.retrained(round)) {
                retrain++;
                retrainSeconds += round.path("seconds").asDouble();
                sinceRetrain = 0;
            } else {
                approx++;
                sinceRetrain++;
                approxSeconds += round.path("seconds").asDouble();
                if (round.path("drift").isNumber()) {
                    drift += round.path("drift").asDouble() / sinceRetrain;
                    drifts++;
                }
            }
        }
        return new CostEstimate(approx, retrain, approx == 0 ? Double.NaN : approxSeconds / approx,
                retrain == 0 ? Double.NaN : retrainSeconds / retrain, drifts == 0 ? Double.NaN : drift / drifts,
                rounds == 0 ? Double.NaN : (double) requests / rounds);
    }

    /**
     * This estimate with another drift rate, for example the rounds benchmark's
     * ({@code unlearn-bench/run-rounds}) when the ledger's own rounds do not measure their drift.
     *
     * @param value Avg. Gap points per approximate round, at least 0
     * @return the estimate
     */
    public CostEstimate withDriftPerRound(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw io.github.unlearn4j.api.InvalidRequestException.of("driftPerRound", value,
                    "must be a finite value >= 0");
        }
        return new CostEstimate(approximateRounds, retrainRounds, approximateSeconds, retrainSeconds, value,
                requestsPerRound);
    }

    /**
     * The cost per request when every {@code interval}-th round retrains.
     *
     * @param interval N ≥ 1
     * @return seconds per request, NaN when a needed mean is unknown
     */
    public double secondsPerRequest(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1: " + interval);
        }
        if (interval == 1) {
            return retrainSecondsPerRequest();
        }
        return ((interval - 1) * approximateSeconds + retrainSeconds) / (interval * requestsPerRound);
    }

    /** @return the cost per request of retraining for every round */
    public double retrainSecondsPerRequest() {
        return retrainSeconds / requestsPerRound;
    }

    /**
     * The longest retrain interval whose accumulated drift stays within a budget.
     *
     * @param maxDrift the budget (Avg. Gap points)
     * @return N ≥ 1, or 0 when the drift per round was never measured
     */
    public int recommendedInterval(double maxDrift) {
        if (!(driftPerRound >= 0)) {
            return 0;
        }
        if (driftPerRound == 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(maxDrift / driftPerRound) + 1);
    }

    /**
     * One paragraph: the means, and the recommendation for a drift budget.
     *
     * @param maxDrift the budget
     * @return the text
     */
    public String describe(double maxDrift) {
        int n = recommendedInterval(maxDrift);
        String rec = n == 0 ? "no recommendation: no round measured its drift (add the retrain-gap verifier)"
                : String.format(Locale.ROOT, "retrain every %d rounds to keep the drift within %.2f: %.3f s per request,"
                        + " against %.3f s retraining every round", n, maxDrift, n == Integer.MAX_VALUE ? Double.NaN
                        : secondsPerRequest(n), retrainSecondsPerRequest());
        return String.format(Locale.ROOT, "%d approximate rounds (mean %.2f s, drift %.3f per round), %d retrains (mean"
                + " %.2f s), %.1f requests per round; %s", approximateRounds, approximateSeconds, driftPerRound,
                retrainRounds, retrainSeconds, requestsPerRound, rec);
    }
}
