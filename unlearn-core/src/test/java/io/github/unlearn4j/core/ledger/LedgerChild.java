package io.github.unlearn4j.core.ledger;

import java.nio.file.Path;

/**
 * A child JVM for the crash test: submits requests {@code prefix-0, prefix-1, ...} one by one and
 * prints {@code ACK id} after each submit returns, until it is killed.
 */
public final class LedgerChild {
    private LedgerChild() {}

    /**
     * @param args the database file and the id prefix
     */
    public static void main(String[] args) {
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(Path.of(args[0]))) {
            for (int i = 0; ; i++) {
                String id = args[1] + "-" + i;
                store.submit(id, new int[] {i, i + 1, i + 2});
                System.out.println("ACK " + id);
                System.out.flush();
            }
        }
    }
}
