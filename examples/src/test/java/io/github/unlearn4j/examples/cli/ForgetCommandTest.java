package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.core.checkpoint.Checkpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] small(String... extra) {
        List<String> a = new ArrayList<>(List.of("forget", "--train-limit", "600", "--test-limit", "200",
                "--train-epochs", "1", "--set", "ft.epochs=1", "--quiet", "--out", dir.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void aMissingDefaultDatasetSaysHowToInstallItAndRunsOnSyntheticData() throws Exception {
        // only the default folder falls back; here the default is a folder that does not exist
        int status = Main.run(small("--forget-class", "3", "--method", "ft,rbm", "--set", "rbm.epochs=1", "--json"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                dir.resolve("nowhere"));
        assertThat(status).isZero();
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr.lines().filter(l -> l.contains("apt-get install dataset-fashion-mnist"))).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("dataset").asText()).isEqualTo("synthetic");
        List<String> names = new ArrayList<>();
        json.get("rows").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).containsExactly("original", "retrain", "ft", "rbm");
        for (JsonNode r : json.get("rows")) {
            assertThat(r.get("forgetAccuracy").asDouble()).isBetween(0.0, 100.0);
            assertThat(r.get("testAccuracy").asDouble()).isBetween(0.0, 100.0);
        }
        assertThat(json.get("rows").get(1).get("forgetAccuracy").asDouble()).as("retrain never saw class 3").isLessThan(5);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("ft-") && n.endsWith(".ckpt"))
                    .anyMatch(n -> n.startsWith("rbm-") && n.endsWith(".ckpt"));
        }
    }

    @Test
    void theLikelihoodRatioAttackUsesTheCommandsRecipeAndCachesItsShadows() throws Exception {
        assertThat(run(small("--synthetic", "--forget-random", "0.1", "--method", "ft", "--verifier", "ulira", "--set",
                "ulira.shadows=2", "--json"))).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode ft = null;
        for (JsonNode r : json.get("rows")) {
            if (r.get("name").asText().equals("ft")) {
                ft = r;
            }
        }
        assertThat(ft).isNotNull();
        JsonNode metrics = ft.path("verification").path("metrics");
        assertThat(metrics.path("uliraShadows").asInt()).isEqualTo(2);
        assertThat(metrics.path("uliraAuc").asDouble(-1)).isBetween(0.0, 1.0);
        try (Stream<Path> files = Files.walk(dir.resolve("shadows"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("an original, its ft and a retrain per run")
                    .isEqualTo(6);
        }
        assertThat(run(small("--synthetic", "--forget-random", "0.1", "--method", "ft", "--set", "ulira.shadows=2")))
                .as("a setting of a verifier that is not selected").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--set", "ulira.shadows=2");
    }

    @Test
    void theSecondRunLoadsTheSavedOriginalModel() {
        assertThat(run(small("--synthetic", "--forget-random", "0.1", "--method", "ft"))).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("saved the original model");
        assertThat(run(small("--synthetic", "--forget-random", "0.1", "--method", "ft"))).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("loaded the original model");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cached");
    }

    @Test
    void aCheckpointOfAnotherModelRenamedToTheOriginalsNameIsNotLoaded() throws Exception {
        // issue 11: a different model of the same architecture renamed to the original's file was used silently
        assertThat(run(small("--synthetic", "--forget-class", "3", "--method", "ft"))).isZero();
        Path original = onlyCheckpoint(dir.resolve("models"));
        Files.move(original, dir.resolve("original.bak"));
        assertThat(run("forget", "--synthetic", "--train-limit", "600", "--test-limit", "200", "--train-epochs", "2",
                "--set", "ft.epochs=1", "--quiet", "--out", dir.toString(), "--forget-class", "3", "--method", "ft"))
                .isZero();
        Path other = onlyCheckpoint(dir.resolve("models"));
        assertThat(other).isNotEqualTo(original);
        Files.move(other, original);
        err.reset();
        assertThat(run(small("--synthetic", "--forget-class", "3", "--method", "ft"))).isZero();
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).doesNotContain("loaded the original model")
                .contains(original + " holds another model (not this data, recipe and seed); training the original"
                        + " again and replacing it")
                .contains("saved the original model to " + original);
        assertThat(Checkpoints.readHeader(original).key().recipe()).contains("epochs=1,");
        assertThat(Checkpoints.read(original).parameters())
                .isEqualTo(Checkpoints.read(dir.resolve("original.bak")).parameters());
    }

    private static Path onlyCheckpoint(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).matches("original-[0-9a-f]{16}\\.ckpt");
            return all.get(0);
        }
    }

    @Test
    void badInputFailsBeforeAnyComputeNamingTheField() {
        assertThat(run("forget", "--forget-random", "1.5")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--forget-random", "0.1")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--method", "ft,unheard-of")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--set", "ft.learningRate=-1")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--set", "oops")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--model", "resnet")).isEqualTo(2);
        assertThat(run(small("--synthetic", "--forget-class", "12"))).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("--forget-random = 1.5").contains("choose exactly one scenario")
                .contains("unknown unlearner 'unheard-of'").contains("learningRate").contains("--set = oops")
                .contains("--model = resnet").contains("12");
    }

    @Test
    void verifyPrintsVerdictLinesAndTheReceiptOfTheOneMethodGoesToExactlyThePathGiven() throws Exception {
        Path receipt = dir.resolve("receipt.json");
        assertThat(run(small("--synthetic", "--forget-class", "3", "--method", "ft", "--verify", "--policy", "strict",
                "--min-samples", "10", "--receipt", receipt.toString()))).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        // the retrain row is the reference: it is labelled so, not judged against itself
        assertThat(text).contains("retrain: REFERENCE (strict)").doesNotContain("retrain: PASS")
                .contains("ft: ").contains("UA within 2 of reference");
        assertThat(new ObjectMapper().readTree(receipt.toFile()).get("method").get("name").asText()).isEqualTo("ft");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("receipt-"));
        }
    }

    @Test
    void withSeveralMethodsTheReceiptPathIsAFolderWithOneReceiptPerMethod() throws Exception {
        Path receipts = dir.resolve("receipts");
        assertThat(run(small("--synthetic", "--forget-class", "3", "--method", "ft,retrain", "--policy", "strict",
                "--min-samples", "10", "--receipt", receipts.toString(), "--independent-retrain"))).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        // the reference is shown unjudged; the independent retrain is judged against it
        assertThat(text).contains("retrain (reference): REFERENCE (strict)")
                .containsPattern("\\nretrain: (PASS|FAIL|INCONCLUSIVE) \\(strict\\)");
        for (String method : new String[] {"retrain", "ft"}) {
            JsonNode r = new ObjectMapper().readTree(receipts.resolve(method + ".json").toFile());
            assertThat(r.get("method").get("name").asText()).isEqualTo(method);
            assertThat(r.get("forgetSet").get("commitment").isNull()).as("no key given, no commitment").isTrue();
            assertThat(r.get("model").get("before").asText()).hasSize(64);
            assertThat(r.get("model").get("after").asText()).hasSize(64);
            assertThat(r.get("verdict")).isNotNull();
            assertThat(r.get("library").get("version").asText()).isNotBlank();
            assertThat(r.get("engine").get("backend").asText()).isEqualTo("djl-pytorch");
        }
    }

    @Test
    void thePlanStopsAtTheFirstPassOrRetrainsAndSaysSo() throws Exception {
        Path receipt = dir.resolve("plan.json");
        assertThat(run(small("--synthetic", "--forget-class", "3", "--plan", "ft,retrain", "--policy", "lenient",
                "--min-samples", "10", "--receipt", receipt.toString()))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("plan ").contains("#0 ft:")
                .containsPattern("\\noriginal +\\d");
        JsonNode plan = new ObjectMapper().readTree(receipt.toFile()).get("plan");
        assertThat(plan.get("attempts").get(0).get("method").asText()).isEqualTo("ft");
        assertThat(plan.get("outcome").asText()).isIn("PASSED", "RETRAINED");
    }

    @Test
    void theNoOpPlanOfTheIssueDoesNotPassOnAWholeClassAndRetrains() throws Exception {
        // issue 10, item 5: ft at learning rate 1e-9 under lenient used to print "plan PASSED"
        Path receipt = dir.resolve("noop.json");
        assertThat(run("forget", "--synthetic", "--train-limit", "600", "--test-limit", "200", "--train-epochs", "1",
                "--quiet", "--out", dir.toString(), "--forget-class", "3", "--plan", "ft", "--policy", "lenient",
                "--set", "ft.epochs=1,ft.learningRate=1e-9", "--min-samples", "10", "--receipt", receipt.toString()))
                .isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("forget set: classes").contains("plan RETRAINED").contains("#0 ft: FAIL")
                .contains("[FAILED] UA >= 95 [classification, classes]")
                .contains("negative control, the untouched original:");
        JsonNode plan = new ObjectMapper().readTree(receipt.toFile()).get("plan");
        assertThat(plan.get("outcome").asText()).isEqualTo("RETRAINED");
        assertThat(plan.get("attempts").get(0).get("verdict").asText()).isEqualTo("FAIL");
    }

    @Test
    void aForgetKindIsCheckedBeforeAnyCompute() {
        assertThat(run("forget", "--forget-random", "0.1", "--forget-kind", "classes")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--forget-kind", "typos")).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("--forget-kind = classes: --forget-random forgets random rows")
                .contains("--forget-kind = typos: must be one of classes, rows, mislabeled");
        assertThat(e).doesNotContain("saved the original model");
    }

    @Test
    void anUnwritableReceiptOrABadPolicyFailsBeforeAnyCompute() {
        assertThat(run("forget", "--forget-class", "3", "--receipt", dir.resolve("missing/r.json").toString())).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--verify", "--policy", "accuracy >= 90")).isEqualTo(2);
        assertThat(run("forget", "--forget-class", "3", "--plan", "ft,,retrain")).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("does not exist").contains("accuracy").contains("plan");
        assertThat(e).doesNotContain("saved the original model");
    }

    @Test
    void aGpuRequestWithoutAGpuFailsOrFallsBackAsTheSettingSays() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.github.unlearn4j.djl.DjlDevices.gpuCount() == 0);
        assertThat(run("forget", "--forget-class", "3", "--device", "gpu")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("GPU");
        assertThat(run(small("--synthetic", "--forget-class", "3", "--method", "ft", "--device", "gpu",
                "--gpu-fallback"))).isZero();
    }
}
