package io.github.unlearn4j.core.ledger;

import java.nio.file.Path;

/**
 * A child JVM for the crash tests: opens the fixture's ledger, submits three requests, runs a round
 * and, on reaching the named phase, says so and waits to be killed.
 */
public final class LedgerRoundChild {
    private LedgerRoundChild() {}

    /**
     * @param args the ledger folder and the phase to stop in
     * @throws InterruptedException never in practice: the parent kills it
     */
    public static void main(String[] args) throws InterruptedException {
        String stopAt = args[1];
        try (DeletionLedger ledger = LedgerFixture.open(Path.of(args[0]), phase -> {
            System.out.println("PHASE " + phase);
            System.out.flush();
            if (phase.equals(stopAt)) {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            for (int i = 1; i <= 3; i++) {
                ledger.submit("r" + i, new int[] {10 * i, 10 * i + 1, 10 * i + 2});
                System.out.println("ACK r" + i);
            }
            System.out.flush();
            ledger.runRound();
            System.out.println("DONE");
        }
    }
}
