package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.Locale;

/**
 * When a {@link DeletionLedger} round retrains from scratch on everything that remains instead of
 * running its approximate plan. A round retrains when any of these holds (each can be turned off):
 * <ul>
 *   <li>{@code everyRounds} rounds have passed since the last retrain (0: never by count);
 *   <li>the served model's drift, its Avg. Gap to a model retrained on the same remaining rows, has
 *       reached {@code maxDrift} (∞: never). The drift is the last measured {@code avgGap} (the
 *       {@code retrain-gap} verifier's metric, when the plan's suite has it: the reference is
 *       retrained on the cumulative retain set, so one measurement is already the whole drift, not an
 *       increment) plus {@code driftPerRound} for every approximate round after it (0 right after a
 *       retrain). A production plan seldom measures it (that needs a retrain per round), so
 *       {@code driftPerRound} comes from the rounds benchmark ({@code unlearn-bench/run-rounds}).
 *       When the drift cannot be known (unmeasured rounds and no {@code driftPerRound}) a finite
 *       budget retrains: a budget that cannot be checked is not taken as met;
 *   <li>the approximate rounds since the last retrain have taken {@code maxSeconds} (∞: never).
 * </ul>
 * Independently, a round whose approximate methods all fail verification is retrained by its plan
 * (the plan's last step); the receipt then says so. The reason of every decision is recorded with
 * the round's receipt.
 *
 * @param everyRounds retrain every this many rounds, 0 for never
 * @param maxDrift the drift (Avg. Gap points) that forces a retrain
 * @param maxSeconds the accumulated approximate-unlearning seconds that force a retrain
 * @param driftPerRound the Avg. Gap one approximate round adds, as measured by the rounds benchmark;
 *     NaN when unknown
 */
public record RetrainSchedule(int everyRounds, double maxDrift, double maxSeconds, double driftPerRound) {
    /**
     * Checks the values.
     *
     * @param everyRounds rounds, at least 0
     * @param maxDrift drift budget, greater than 0
     * @param maxSeconds time budget, greater than 0
     * @param driftPerRound at least 0, or NaN
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
        if (driftPerRound < 0 || Double.isInfinite(driftPerRound)) {
            throw InvalidRequestException.of("driftPerRound", driftPerRound, "must be a finite value >= 0, or NaN"
                    + " (unknown)");
        }
    }

    /**
     * A schedule without a known drift per round.
     *
     * @param everyRounds rounds, at least 0 (0: never by count)
     * @param maxDrift drift budget, greater than 0 (∞: never)
     * @param maxSeconds time budget, greater than 0 (∞: never)
     * @return the schedule
     */
    public static RetrainSchedule of(int everyRounds, double maxDrift, double maxSeconds) {
        return new RetrainSchedule(everyRounds, maxDrift, maxSeconds, Double.NaN);
    }

    /** @return never retrain on a schedule: only when verification fails */
    public static RetrainSchedule onFailureOnly() {
        return of(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * This schedule with a drift per round (for example the rounds benchmark's).
     *
     * @param value Avg. Gap points per approximate round, at least 0
     * @return the schedule
     */
    public RetrainSchedule withDriftPerRound(double value) {
        return new RetrainSchedule(everyRounds, maxDrift, maxSeconds, value);
    }

    /**
     * What the ledger knows since the last retrain.
     *
     * @param rounds approximate rounds since the last retrain (or since the start)
     * @param measuredDrift the last measured {@code avgGap} among them, NaN when none measured it
     * @param roundsAfterMeasurement approximate rounds after that measurement (all of them when none)
     * @param seconds their summed unlearning and verification time
     */
    public record SinceRetrain(int rounds, double measuredDrift, int roundsAfterMeasurement, double seconds) {
        /** @return nothing since a retrain */
        public static SinceRetrain none() {
            return new SinceRetrain(0, Double.NaN, 0, 0);
        }
    }

    /**
     * The decision for the next round.
     *
     * @param retrain whether to retrain from scratch
     * @param reason why, in words (recorded with the receipt)
     */
    public record Decision(boolean retrain, String reason) {}

    /**
     * The served model's drift: the last measurement (0 right after a retrain) plus {@link
     * #driftPerRound} per approximate round after it.
     *
     * @param since the state since the last retrain
     * @return Avg. Gap points, NaN when unknown
     */
    public double drift(SinceRetrain since) {
        double base = Double.isNaN(since.measuredDrift()) ? 0 : since.measuredDrift();
        if (since.roundsAfterMeasurement() == 0) {
            return base;
        }
        return base + since.roundsAfterMeasurement() * driftPerRound;
    }

    /**
     * Decides the next round. The drift budget is checked against the drift the served model will
     * have after this round, if it runs the approximate plan.
     *
     * @param since the state since the last retrain
     * @return retrain or not, and why
     */
    public Decision decide(SinceRetrain since) {
        if (everyRounds > 0 && since.rounds() + 1 >= everyRounds) {
            return new Decision(true, "scheduled: every " + everyRounds + " rounds (" + since.rounds()
                    + " approximate rounds since the last retrain)");
        }
        double now = drift(since);
        if (Double.isFinite(maxDrift)) {
            double next = now + (Double.isNaN(driftPerRound) ? 0 : driftPerRound);
            if (Double.isNaN(now)) {
                return new Decision(true, "drift budget: the drift of " + since.roundsAfterMeasurement()
                        + " unmeasured rounds is unknown (no driftPerRound; run unlearn-bench/run-rounds or add"
                        + " retrain-gap to the plan), so the budget " + maxDrift + " cannot be shown to hold");
            }
            if (next > maxDrift) {
                return new Decision(true, String.format(Locale.ROOT, "drift budget: Avg. Gap %.3f now, %.3f after"
                        + " another approximate round > %s", now, next, maxDrift));
            }
        }
        if (Double.isFinite(maxSeconds) && since.seconds() >= maxSeconds) {
            return new Decision(true, "cost budget: " + since.seconds() + " s of approximate rounds >= " + maxSeconds
                    + " s");
        }
        return new Decision(false, String.format(Locale.ROOT, "approximate: %d rounds, drift %.3f, %.1f s since the"
                + " last retrain, within %s", since.rounds(), now, since.seconds(), this));
    }
}
