package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.InvalidRequestException;

/**
 * When a {@link DeletionLedger} round retrains from scratch on everything that remains instead of
 * running its approximate plan. A round retrains when any of these holds (each can be turned off):
 * <ul>
 *   <li>{@code everyRounds} rounds have passed since the last retrain (0: never by count);
 *   <li>the drift accumulated since the last retrain, the sum of each approximate round's
 *       {@code avgGap} to its retrained reference (the {@code retrain-gap} verifier's metric, when the
 *       plan's suite has it), has reached {@code maxDrift} (∞: never);
 *   <li>the approximate rounds since the last retrain have taken {@code maxSeconds} (∞: never).
 * </ul>
 * Independently, a round whose approximate methods all fail verification is retrained by its plan
 * (the plan's last step); the receipt then says so. The reason of every decision is recorded with
 * the round's receipt.
 *
 * @param everyRounds retrain every this many rounds, 0 for never
 * @param maxDrift the accumulated Avg. Gap (points) that forces a retrain
 * @param maxSeconds the accumulated approximate-unlearning seconds that force a retrain
 */
public record RetrainSchedule(int everyRounds, double maxDrift, double maxSeconds) {
    /**
     * Checks the values.
     *
     * @param everyRounds rounds, at least 0
     * @param maxDrift drift budget, greater than 0
     * @param maxSeconds time budget, greater than 0
     */
    public RetrainSchedule {
        if (everyRounds < 0) {
            throw InvalidRequestException.of("everyRounds", everyRounds, "must be 0 (never) or a positive count");
        }
        if (!(maxDrift > 0)) {
            throw InvalidRequestException.of("maxDrift", maxDrift, "must be > 0 (infinity: never)");
        }
        if (!(maxSeconds > 0)) {
            throw InvalidRequestException.of("maxSeconds", maxSeconds, "must be > 0 (infinity: never)");
        }
    }

    /** @return never retrain on a schedule: only when verification fails */
    public static RetrainSchedule onFailureOnly() {
        return new RetrainSchedule(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * What the ledger knows since the last retrain.
     *
     * @param rounds approximate rounds since the last retrain (or since the start)
     * @param drift their summed Avg. Gap, NaN where unmeasured rounds make it unknown
     * @param seconds their summed unlearning and verification time
     */
    public record SinceRetrain(int rounds, double drift, double seconds) {}

    /**
     * The decision for the next round.
     *
     * @param retrain whether to retrain from scratch
     * @param reason why, in words (recorded with the receipt)
     */
    public record Decision(boolean retrain, String reason) {}

    /**
     * Decides the next round.
     *
     * @param since the state since the last retrain
     * @return retrain or not, and why
     */
    public Decision decide(SinceRetrain since) {
        if (everyRounds > 0 && since.rounds() + 1 >= everyRounds) {
            return new Decision(true, "scheduled: every " + everyRounds + " rounds (" + since.rounds()
                    + " approximate rounds since the last retrain)");
        }
        if (Double.isFinite(maxDrift) && since.drift() >= maxDrift) {
            return new Decision(true, "drift budget: accumulated Avg. Gap " + since.drift() + " >= " + maxDrift);
        }
        if (Double.isFinite(maxSeconds) && since.seconds() >= maxSeconds) {
            return new Decision(true, "cost budget: " + since.seconds() + " s of approximate rounds >= " + maxSeconds
                    + " s");
        }
        return new Decision(false, "approximate: " + since.rounds() + " rounds, drift " + since.drift() + ", "
                + since.seconds() + " s since the last retrain, within " + this);
    }
}
