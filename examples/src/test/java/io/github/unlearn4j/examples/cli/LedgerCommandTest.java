package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unlearn4j ledger}, end to end through {@link Main#run}: a small synthetic ledger (300
 * images, a 32-unit MLP, one epoch), every subcommand, tampering, and the folders that are not
 * ledgers.
 */
class LedgerCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tmp.resolve("no-fashion-mnist"));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String both() {
        return stdout() + stderr();
    }

    /** A small ledger: the options of init and their values (null for a flag). */
    private static final String[][] SMALL = {{"--synthetic", null}, {"--train-size", "300"}, {"--test-size", "100"},
        {"--hidden", "32"}, {"--train-epochs", "5"}, {"--plan", "ft,retrain"}, {"--policy", "lenient"},
        {"--set", "ft.epochs=1"}, {"--min-samples", "10"}, {"--quiet", null}};

    /** {@code ledger init} with {@link #SMALL}, each option of {@code extra} replacing its default. */
    private int init(Path dir, String... extra) {
        List<String> a = new ArrayList<>(List.of("ledger", "init", "--ledger", dir.toString()));
        List<String> given = List.of(extra);
        for (String[] option : SMALL) {
            if (!given.contains(option[0])) {
                a.add(option[0]);
                if (option[1] != null) {
                    a.add(option[1]);
                }
            }
        }
        a.addAll(given);
        return run(a.toArray(String[]::new));
    }

    /** Rows from (inclusive) to (exclusive), separated by commas. */
    private static String rows(int from, int to) {
        return String.join(",", java.util.stream.IntStream.range(from, to).mapToObj(Integer::toString).toList());
    }

    private static Connection db(Path dir) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "", "");
    }

    @Test
    void initSubmitRunStatusExportVerifyAndPruneEndToEnd() throws Exception {
        Path dir = tmp.resolve("led");
        assertThat(init(dir)).as(both()).isZero();
        assertThat(stdout()).contains("synthetic (300 train, 100 test)", "plan ft,retrain", "policy lenient",
                "retrain only when the plan's methods fail", "original trained in", "serving version 1");
        assertThat(dir.resolve("ledger.json")).exists();
        assertThat(init(dir)).as("init twice").isEqualTo(2);
        assertThat(stderr()).contains("--ledger = " + dir, "is already a ledger");

        // ---- submit: one on the command line, a file, a duplicate, and the errors ----
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "a", "--rows", rows(0, 20))).isZero();
        assertThat(stdout()).contains("submitted a: 20 rows, pending");
        // the rows of a request are enough for the policy's metrics (--min-samples 10): the approximate method can pass
        Path requests = Files.writeString(tmp.resolve("requests.tsv"), "# id, tab, rows\nb\t" + rows(20, 40) + "\nc "
                + rows(40, 60).replace(",", ", ") + "\n\na\t" + rows(0, 20) + "\n");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--file", requests.toString())).as(both())
                .isZero();
        assertThat(stdout()).contains("submitted b: 20 rows", "submitted c: 20 rows", "duplicate a: 20 rows");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "a", "--rows", "9")).isEqualTo(2);
        assertThat(stderr()).contains("requestId = 'a'", "other rows");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "z", "--rows", "5,300")).isEqualTo(2);
        assertThat(stderr()).contains("--rows = 300", "rows 0 to 299");
        Path bad = Files.writeString(tmp.resolve("bad.tsv"), "e\t10\nf\t11,x\n");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--file", bad.toString())).isEqualTo(2);
        assertThat(stderr()).contains(bad + ":2", "'x' is not a row id");
        Path noRows = Files.writeString(tmp.resolve("norows.tsv"), "lonely-id\n");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--file", noRows.toString())).isEqualTo(2);
        assertThat(stderr()).contains(noRows + ":1", "does not parse");
        assertThat(run("ledger", "status", "--ledger", dir.toString())).isZero();
        assertThat(stdout()).as("no line of a bad file is submitted").contains("requests: 3 (3 pending, 0 applied)",
                "served version: 1");

        // ---- run: one round applies the three pending requests ----
        assertThat(run("ledger", "run", "--ledger", dir.toString())).as(both()).isZero();
        String round = stdout();
        assertThat(round).contains("round 1 (chain entry 1): 3 requests (a, b, c)", "schedule: approximate",
                "60 rows forgotten", "version 1 -> 2", "serving version 2; 0 requests pending");
        // on this small model (5 epochs on 300 images) ft fails the lenient policy, and the plan retrains
        assertThat(round).contains("plan: RETRAINED, method retrain");
        assertThat(stderr()).as("progress on stderr").contains("round 1: unlearning", "round 1: recording");
        assertThat(run("ledger", "run", "--ledger", dir.toString())).isZero();
        assertThat(stdout()).contains("nothing pending: serving version 2");
        // a request whose rows were all removed before: recorded, no model work
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "d", "--rows", "2")).isZero();
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "e", "--rows", rows(60, 80))).isZero();
        assertThat(run("ledger", "run", "--ledger", dir.toString(), "--rounds", "1", "--quiet")).as(both()).isZero();
        assertThat(stdout()).contains("round 2 (chain entry 2): 2 requests (d, e)",
                "schedule: approximate", "20 rows forgotten", "version 2 -> 3");

        assertThat(run("ledger", "status", "--ledger", dir.toString())).isZero();
        String status = stdout();
        assertThat(status).contains("served version: 3", "requests: 5 (0 pending, 5 applied)", "chain: 2 entries",
                "rounds since the last retrain: 0", "orphaned versions: 0",
                "cost: 0 approximate rounds (mean NaN s, drift NaN per round), 2 retrains", "2.5 requests per round");

        // ---- export: one document, and one file per entry ----
        Path export = tmp.resolve("chain.json");
        assertThat(run("ledger", "export", "--ledger", dir.toString(), "--out", export.toString())).isZero();
        JsonNode doc = new ObjectMapper().readTree(export.toFile());
        assertThat(doc.get("entries").asInt()).isEqualTo(2);
        JsonNode first = doc.get("chain").get(0);
        JsonNode second = doc.get("chain").get(1);
        assertThat(first.get("index").asInt()).isEqualTo(1);
        assertThat(first.get("requestIds").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(first.get("previousHash").asText()).isEqualTo("0".repeat(64));
        assertThat(second.get("previousHash").asText()).isEqualTo(first.get("hash").asText());
        assertThat(first.get("versionAfter").get("id").asInt()).isEqualTo(2);
        assertThat(first.get("versionAfter").get("fingerprint").asText())
                .isEqualTo(second.get("versionBefore").get("fingerprint").asText()).hasSize(64);
        assertThat(first.get("round").get("receipt").get("forgetSet").get("size").asInt()).isEqualTo(60);
        assertThat(second.get("round").get("schedule").get("retrain").asBoolean()).isFalse();
        assertThat(second.get("round").get("outcome").asText()).isEqualTo("RETRAINED");
        Path folder = Files.createDirectory(tmp.resolve("receipts"));
        assertThat(run("ledger", "export", "--ledger", dir.toString(), "--out", folder.toString())).isZero();
        assertThat(folder.resolve("entry-0001.json")).exists();
        assertThat(new ObjectMapper().readTree(folder.resolve("entry-0002.json").toFile()).get("hash").asText())
                .isEqualTo(second.get("hash").asText());

        assertThat(run("ledger", "verify", "--ledger", dir.toString())).as(both()).isZero();
        assertThat(stdout()).contains("intact: 2 entries");

        // ---- a round killed after addVersion, before append: an orphan, reported, ignored by verify, pruned ----
        Path orphanFile = dir.resolve("models").resolve("killed-round.ckpt");
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(dir.resolve("ledger"))) {
            ModelVersion served = store.servedVersion().orElseThrow();
            Files.copy(Path.of(served.location()), orphanFile);
            store.addVersion(served.fingerprint(), served.id(), orphanFile.toString());
        }
        assertThat(run("ledger", "status", "--ledger", dir.toString())).isZero();
        assertThat(stdout()).contains("orphaned versions: 1", "ledger prune");
        assertThat(run("ledger", "verify", "--ledger", dir.toString())).isZero();
        assertThat(stdout()).contains("intact: 2 entries", "1 orphaned versions not checked");
        assertThat(run("ledger", "prune", "--ledger", dir.toString())).as(both()).isZero();
        assertThat(stdout()).contains("removed 1 orphaned versions ([4]) and 1 files", "killed-round.ckpt");
        assertThat(orphanFile).doesNotExist();
        assertThat(run("ledger", "status", "--ledger", dir.toString())).isZero();
        assertThat(stdout()).contains("orphaned versions: 0", "served version: 3");
        assertThat(run("ledger", "verify", "--ledger", dir.toString())).isZero();

        // ---- tampering: an edited receipt row, then an edited model file ----
        String receipt;
        try (Connection c = db(dir); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT receipt FROM ledger_entry WHERE idx = 2")) {
            r.next();
            receipt = r.getString(1);
        }
        assertThat(receipt).contains("\"outcome\":\"RETRAINED\"");
        setReceipt(dir, receipt.replace("\"outcome\":\"RETRAINED\"", "\"outcome\":\"PASSED\""));
        assertThat(run("ledger", "verify", "--ledger", dir.toString())).isEqualTo(1);
        assertThat(stdout()).contains("BROKEN at entry 2 of 2", "entry 2: its fields do not hash to its stored hash");
        setReceipt(dir, receipt);
        assertThat(run("ledger", "verify", "--ledger", dir.toString())).isZero();
        Path model2;
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(dir.resolve("ledger"))) {
            model2 = Path.of(store.version(2).orElseThrow().location());
        }
        byte[] bytes = Files.readAllBytes(model2);
        bytes[bytes.length - 1] ^= 1;
        Files.write(model2, bytes);
        assertThat(run("ledger", "verify", "--ledger", dir.toString())).isEqualTo(1);
        assertThat(stdout()).contains("BROKEN at entry 1", "model version 2 at " + model2);
    }

    @Test
    void aScheduledRetrainIsPrintedWithItsReason() throws Exception {
        Path dir = tmp.resolve("scheduled");
        assertThat(init(dir, "--retrain-every", "1", "--max-drift", "2.5", "--drift-per-round", "0.5")).as(both())
                .isZero();
        assertThat(stdout()).contains("retrain every 1 rounds, drift budget 2.5 (0.5 per round)");
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "x", "--rows", rows(0, 10))).isZero();
        assertThat(run("ledger", "run", "--ledger", dir.toString(), "--quiet")).as(both()).isZero();
        assertThat(stdout()).contains("round 1 (chain entry 1): 1 requests (x)",
                "schedule: retrain (scheduled: every 1 rounds (0 approximate rounds since the last retrain))",
                "method retrain", "10 rows forgotten");
        assertThat(run("ledger", "status", "--ledger", dir.toString())).isZero();
        // no round measured its drift: the schedule's 0.5 per round gives the interval for the budget of 2.5
        assertThat(stdout()).contains("1 retrains", "drift 0.500 per round",
                "retrain every 6 rounds to keep the drift within 2.50");

        // data that is not the ledger's (here: another seed of the synthetic images) is refused before a round
        assertThat(run("ledger", "submit", "--ledger", dir.toString(), "--id", "y", "--rows", "20")).isZero();
        Path config = dir.resolve("ledger.json");
        Files.writeString(config, Files.readString(config).replace("\"seed\" : 42", "\"seed\" : 43"));
        assertThat(run("ledger", "run", "--ledger", dir.toString(), "--quiet")).isEqualTo(2);
        assertThat(stderr()).contains("--ledger = " + dir, "is not the data the ledger was made with");
    }

    private static void setReceipt(Path dir, String receipt) throws Exception {
        try (Connection c = db(dir);
                PreparedStatement p = c.prepareStatement("UPDATE ledger_entry SET receipt = ? WHERE idx = 2")) {
            p.setString(1, receipt);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void foldersThatAreNotLedgersAreBadInputInOneLineNamingThePath() throws Exception {
        Path missing = tmp.resolve("missing");
        for (String command : new String[] {"status", "verify", "run", "export", "prune", "submit"}) {
            List<String> a = new ArrayList<>(List.of("ledger", command, "--ledger", missing.toString()));
            if (command.equals("export")) {
                a.addAll(List.of("--out", tmp.resolve("x.json").toString()));
            }
            if (command.equals("submit")) {
                a.addAll(List.of("--id", "a", "--rows", "1"));
            }
            assertThat(run(a.toArray(String[]::new))).as(command + ": " + both()).isEqualTo(2);
            assertThat(stderr().lines().toList()).as(command).containsExactly("unlearn4j: --ledger = " + missing
                    + ": does not exist; create a ledger with `unlearn4j ledger init --ledger " + missing + "`");
        }
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThat(run("ledger", "status", "--ledger", empty.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--ledger = " + empty + ": is not a ledger (it has no ledger.json)");

        // a configuration that is not JSON, and one that lacks fields
        Path ledger = Files.createDirectory(tmp.resolve("corrupt"));
        Files.writeString(ledger.resolve("ledger.mv.db"), "not an H2 database, not at all".repeat(200));
        Files.writeString(ledger.resolve("ledger.json"), "{\"format\": \"unlearn4j-ledger/1\", \"data\":");
        assertThat(run("ledger", "status", "--ledger", ledger.toString())).isEqualTo(2);
        assertThat(stderr().lines().toList()).hasSize(1);
        assertThat(stderr()).contains("--ledger = " + ledger, "ledger.json cannot be used");
        Files.writeString(ledger.resolve("ledger.json"), "{\"format\": \"unlearn4j-ledger/1\", \"trainSize\": 3}");
        assertThat(run("ledger", "verify", "--ledger", ledger.toString())).isEqualTo(2);
        assertThat(stderr()).contains("ledger.json cannot be used: Missing creator property 'data'");

        // a good configuration over a database that is not one
        LedgerFolder.writeConfig(ledger, new LedgerFolder.Config(LedgerFolder.FORMAT, "synthetic", "0".repeat(64),
                300, 100, 42, "mlp", List.of(32), new io.github.unlearn4j.core.recipe.TrainingSettings(0.05, 1, 128, 0.9, 0), "trained",
                List.of("ft"), Map.of(), "lenient", List.of(), Map.of(), 10,
                new LedgerFolder.Schedule(0, null, null, null)));
        for (String command : new String[] {"status", "verify", "run"}) {
            assertThat(run("ledger", command, "--ledger", ledger.toString())).as(command + ": " + both()).isEqualTo(2);
            assertThat(stderr().lines().toList()).as(command).hasSize(1);
            assertThat(stderr()).contains("--ledger = " + ledger, "its database " + ledger.resolve("ledger.mv.db")
                    + " cannot be opened");
        }
        String good = Files.readString(ledger.resolve("ledger.json"));
        Files.writeString(ledger.resolve("ledger.json"), good.replace("\"policy\" : \"lenient\"", "\"policy\" : null"));
        assertThat(run("ledger", "status", "--ledger", ledger.toString())).isEqualTo(2);
        assertThat(stderr()).contains("ledger.json cannot be used: it lacks policy");
        Files.writeString(ledger.resolve("ledger.json"), good);
        Files.delete(ledger.resolve("ledger.mv.db"));
        assertThat(run("ledger", "status", "--ledger", ledger.toString())).isEqualTo(2);
        assertThat(stderr()).contains("has ledger.json but no database ledger.mv.db");
    }

    @Test
    void initChecksEveryOptionBeforeWritingAnything() throws Exception {
        Path dir = tmp.resolve("never");
        assertThat(init(dir, "--max-drift", "-1")).isEqualTo(2);
        assertThat(stderr()).contains("--max-drift = -1.0");
        assertThat(init(dir, "--plan", "ft,unheard-of")).isEqualTo(2);
        assertThat(stderr()).contains("unheard-of");
        assertThat(init(dir, "--set", "ft.learningRate=-1")).isEqualTo(2);
        assertThat(stderr()).contains("learningRate");
        assertThat(init(dir, "--hidden", "32,zero")).isEqualTo(2);
        assertThat(stderr()).contains("--hidden = 32,zero");
        assertThat(init(dir, "--original", tmp.resolve("nope.ckpt").toString())).isEqualTo(2);
        assertThat(stderr()).contains("--original = " + tmp.resolve("nope.ckpt"));
        assertThat(dir).doesNotExist();
        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        assertThat(init(full)).isEqualTo(2);
        assertThat(stderr()).contains("--ledger = " + full + ": is not empty and not a ledger");
        assertThat(run("ledger")).isEqualTo(2);
        assertThat(stdout()).contains("init", "submit", "run", "status", "export", "verify", "prune");
        assertThat(run("ledger", "frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'frobnicate'", "(see: unlearn4j ledger --help)");
        assertThat(run("ledger", "status")).isEqualTo(2);
        assertThat(stderr()).contains("--ledger", "(see: unlearn4j ledger status --help)");
        assertThat(run("ledger", "submit", "--help")).isZero();
        assertThat(stdout()).contains("one request per line", "user-17<TAB>3,18,242");
    }
}
