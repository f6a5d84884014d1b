package io.github.unlearn4j.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's store on a real PostgreSQL server: the shared contract, each test in a fresh schema
 * that it drops afterwards. Runs only when a server is named by the system property {@code
 * unlearn4j.test.postgres.url} or the environment variable {@code UNLEARN4J_TEST_POSTGRES_URL}
 * (for example {@code jdbc:postgresql://127.0.0.1:55432/unlearn}), with {@code ...USER} and {@code
 * ...PASSWORD} beside it ({@code .ci/run} starts one and sets them); skipped otherwise.
 */
class PostgresLedgerStoreTest extends JdbcLedgerStoreContract {
    private static final AtomicLong SCHEMAS = new AtomicLong();
    private static String url;
    private static String user;
    private static String password;
    private String schema;

    private static String setting(String name) {
        String property = System.getProperty("unlearn4j.test.postgres." + name.toLowerCase());
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("UNLEARN4J_TEST_POSTGRES_" + name);
        return env == null ? "" : env;
    }

    @BeforeAll
    static void server() {
        url = setting("URL");
        user = setting("USER");
        password = setting("PASSWORD");
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        // in each test, not once for the class, so that every test is reported skipped, with this reason
        Assumptions.assumeFalse(url.isEmpty(), "no PostgreSQL server configured: set UNLEARN4J_TEST_POSTGRES_URL (or"
                + " -Dunlearn4j.test.postgres.url) to a jdbc:postgresql:// URL, with ..._USER and ..._PASSWORD, to run"
                + " the ledger's store tests against it (.ci/run does)");
        schema = "ledger_test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    JdbcLedgerStore open() {
        return JdbcLedgerStore.open(schemaUrl(), user, password);
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(schemaUrl(), user, password);
    }

    @Test
    void theTablesAreMadeInTheSchemaTheUrlNamesOnARealPostgresServer() throws SQLException {
        try (JdbcLedgerStore store = open(); Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            store.submit("pg-1", new int[] {1});
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema + "' AND table_name LIKE 'ledger_%'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(3);
            }
        }
    }
}
