package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyReceiptCommandTest {
    @TempDir
    static Path dir;
    private static Path key;
    private static String forgetStderr;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** One small forget run with a receipt key, shared by the tests (they never change its files). */
    @BeforeAll
    static void forgetWithAReceiptKey() {
        key = dir.resolve("receipt.key");
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"forget", "--synthetic", "--train-limit", "600", "--test-limit", "200",
            "--train-epochs", "1", "--set", "ft.epochs=1", "--quiet", "--out", dir.toString(), "--forget-class", "3",
            "--method", "ft,retrain", "--min-samples", "10", "--receipt", dir.resolve("r").toString(),
            "--receipt-key", key.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        forgetStderr = e.toString(StandardCharsets.UTF_8);
        assertThat(status).as(forgetStderr).isZero();
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path model(String prefix) throws IOException {
        Path folder = prefix.startsWith("original") ? dir.resolve("models") : dir;
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix + "-")
                    && p.getFileName().toString().endsWith(".ckpt")).findFirst().orElseThrow();
        }
    }

    private String[] verify(Path receipt, Path keyFile, String... extra) {
        List<String> a = new ArrayList<>(List.of("verify-receipt", "--receipt", receipt.toString(), "--key-file",
                keyFile.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void forgetGeneratesTheKeyOnceAndSealsEveryReceipt() throws IOException {
        assertThat(forgetStderr).contains("generated a new receipt key in " + key);
        assertThat(Files.readString(key).strip()).matches("[0-9a-f]{64}");
        for (String method : new String[] {"retrain", "ft"}) {
            String json = Files.readString(dir.resolve("r").resolve(method + ".json"));
            assertThat(json).contains("\"mac\"").contains("\"commitment\"").doesNotContain(Files.readString(key).strip());
        }
    }

    @Test
    void aReceiptWithItsModelFilesAndRowsPassesEveryCheck() throws IOException {
        LabeledImages train = SyntheticImages.generate("synthetic/train", 600, 42);
        String classThree = IntStream.range(0, train.size()).filter(i -> train.label(i) == 3).mapToObj(Integer::toString)
                .collect(Collectors.joining("\n"));
        Path ids = Files.writeString(dir.resolve("ids.txt"), classThree + "\n");
        assertThat(run(verify(dir.resolve("r/ft.json"), key, "--before", model("original").toString(), "--after",
                model("ft").toString(), "--forget-ids", ids.toString()))).as(stdout() + err).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).allMatch(l -> l.startsWith("[PASS] "));
        assertThat(lines.get(1)).startsWith("[PASS] mac: HMAC-SHA256 under key ");
        assertThat(lines.get(5)).matches("receipt verified; digest [0-9a-f]{64}");
        // without models or ids those checks are skipped
        out.reset();
        assertThat(run(verify(dir.resolve("r/retrain.json"), key))).isZero();
        assertThat(stdout()).contains("[SKIPPED] before: no model given").contains("receipt verified (3 checks skipped)");
    }

    @Test
    void anEditedReceiptFailsTheMacCheck() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode tree = (ObjectNode) mapper.readTree(dir.resolve("r/ft.json").toFile());
        ObjectNode ra = (ObjectNode) tree.withArray("metrics").get(1);
        assertThat(ra.get("name").asText()).isEqualTo("RA");
        ra.put("value", 99.5);
        Path edited = dir.resolve("edited.json");
        mapper.writerWithDefaultPrettyPrinter().writeValue(edited.toFile(), tree);
        assertThat(run(verify(edited, key, "--after", model("ft").toString()))).isEqualTo(1);
        assertThat(stdout()).contains("[FAIL] mac: HMAC-SHA256 under key").contains("edited after it was sealed")
                .contains("[PASS] after").contains("receipt NOT verified: 1 failed (mac)");
    }

    @Test
    void theWrongKeyOrAnotherModelFileFails() throws IOException {
        Path otherKey = dir.resolve("other.key");
        if (!Files.exists(otherKey)) {
            Files.writeString(otherKey, "ab".repeat(32));
        }
        assertThat(run(verify(dir.resolve("r/ft.json"), otherKey))).isEqualTo(1);
        assertThat(stdout()).contains("[FAIL] mac: the receipt was sealed under key id").contains("wrong key file");
        out.reset();
        assertThat(run(verify(dir.resolve("r/ft.json"), key, "--after", model("retrain").toString()))).isEqualTo(1);
        assertThat(stdout()).contains("[PASS] mac").contains("[FAIL] after: the given model's")
                .contains("a different model").contains("receipt NOT verified: 1 failed (after)");
        out.reset();
        Path wrongIds = Files.writeString(dir.resolve("wrong-ids.txt"), "1, 2, 3");
        assertThat(run(verify(dir.resolve("r/ft.json"), key, "--forget-ids", wrongIds.toString()))).isEqualTo(1);
        assertThat(stdout()).contains("[FAIL] forgetSet: forgetSet.commitment is not for the given 3 ids");
    }

    @Test
    void badInputFailsWithStatus2NamingTheOptionAndValue() throws IOException {
        Path receipt = dir.resolve("r/ft.json");
        Path missing = dir.resolve("missing");
        assertThat(run(verify(receipt, missing))).isEqualTo(2);
        assertThat(run("verify-receipt", "--key-file", key.toString())).isEqualTo(2);
        assertThat(run(verify(missing, key))).isEqualTo(2);
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\": ");
        assertThat(run(verify(broken, key))).isEqualTo(2);
        assertThat(run(verify(receipt, key, "--before", missing.toString()))).isEqualTo(2);
        Path notParams = Files.writeString(dir.resolve("x.ckpt"), "hello");
        assertThat(run(verify(receipt, key, "--after", notParams.toString()))).isEqualTo(2);
        Path shortKey = Files.writeString(dir.resolve("short.key"), "abcd");
        assertThat(run(verify(receipt, shortKey))).isEqualTo(2);
        Path badIds = Files.writeString(dir.resolve("bad-ids.txt"), "4, five");
        assertThat(run(verify(receipt, key, "--forget-ids", badIds.toString()))).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--receipt-key", key.toString())).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("receipt key file = " + missing + ": does not exist")
                .contains("--receipt = (missing): required")
                .contains("receipt = " + missing + ": does not exist")
                .contains("receipt = " + broken + ": is not valid JSON")
                .contains("--before = " + missing + ": does not exist")
                .contains("--after = " + notParams + ": is not an unlearn4j checkpoint")
                .contains("holds a 2-byte key")
                .contains("--forget-ids = " + badIds + ": 'five' is not a row id")
                .contains("--receipt-key = " + key + ": only makes sense with --receipt");
        assertThat(stdout()).isEmpty();
    }
}
