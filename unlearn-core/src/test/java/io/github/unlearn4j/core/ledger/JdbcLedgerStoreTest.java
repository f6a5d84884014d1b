package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ledger's store on its default database, an H2 file: the shared contract, and durability
 * across a killed process.
 */
class JdbcLedgerStoreTest extends JdbcLedgerStoreContract {
    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.h2(dir.resolve("ledger"));
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "", "");
    }

    @Test
    void everyAcknowledgedRequestSurvivesAChildJvmKilledWhileSubmitting() throws Exception {
        Path db = dir.resolve("crash");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LedgerChild.class.getName(), db.toString(), "crash")
                .redirectErrorStream(true).start();
        Set<String> acknowledged = new HashSet<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 200 && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as(String.join("\n", output)).hasSize(200);
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(db)) {
            List<DeletionRequest> all = store.requests();
            Set<String> stored = new HashSet<>();
            all.forEach(r -> stored.add(r.id()));
            assertThat(stored).containsAll(acknowledged);
            for (DeletionRequest r : all) {
                int i = Integer.parseInt(r.id().substring("crash-".length()));
                assertThat(r.rows()).as("a request is stored whole").containsExactly(i, i + 1, i + 2);
            }
        }
    }
}
