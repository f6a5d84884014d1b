package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad input of issue 11, each refused with status 2 and a message naming the option and value. */
class ForgetCommandBadInputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String[] small(String... extra) {
        List<String> a = new ArrayList<>(List.of("forget", "--synthetic", "--train-limit", "600", "--test-limit", "200",
                "--train-epochs", "1", "--quiet", "--out", dir.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Nothing was trained: no original model was saved, and nothing was written under --out. */
    private void nothingTrained() throws IOException {
        assertThat(stderr()).doesNotContain("saved the original model");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void strayPositionalArgumentsAreAnError() throws IOException {
        assertThat(run(small("--forget-class", "3", "7"))).isEqualTo(2);
        assertThat(stderr()).contains("argument '7': unexpected");
        assertThat(run(small("--forget-class", "3", "--method", "ft", "rbm"))).isEqualTo(2);
        assertThat(stderr()).contains("argument 'rbm': unexpected").contains("--method ft,rbm");
        nothingTrained();
    }

    @Test
    void aRepeatedMethodOptionOrAnEmptyMethodIsAnError() throws IOException {
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--method", "rbm"))).isEqualTo(2);
        assertThat(stderr()).contains("--method").contains("should be specified only once");
        assertThat(run(small("--forget-class", "3", "--method", ""))).isEqualTo(2);
        assertThat(stderr()).contains("--method = '': names an empty method");
        assertThat(run(small("--forget-class", "3", "--method", "ft,,rbm"))).isEqualTo(2);
        assertThat(run(small("--forget-class", "3", "--method", "ft,ft"))).isEqualTo(2);
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--plan", "ft,retrain"))).isEqualTo(2);
        assertThat(stderr()).contains("--method/--plan = both: choose one");
        assertThat(run(small("--forget-class", "3", "--plan", "ft,retrain", "--independent-retrain"))).isEqualTo(2);
        assertThat(stderr()).contains("--independent-retrain = with --plan: applies to --method comparisons only");
        assertThat(stderr()).contains("--method = ft,ft: names ft twice");
        nothingTrained();
    }

    @Test
    void anUnknownOrRepeatedVerifierOrAMetricNoRegisteredVerifierProducesIsAnError() throws IOException {
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--verifier", "confidence-gap"))).isEqualTo(2);
        assertThat(stderr()).contains("--verifier = confidence-gap: unknown verifier; registered verifiers: [")
                .contains("accuracy");
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--verifier", "accuracy,accuracy"))).isEqualTo(2);
        assertThat(stderr()).contains("--verifier = accuracy: is named twice");
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--verifier", "accuracy,"))).isEqualTo(2);
        assertThat(stderr()).contains("names an empty verifier");
        // without the plugin on the class path, its metric is unknown, and the message lists the known ones
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--policy", "confidenceGap <= 5"))).isEqualTo(2);
        assertThat(stderr()).contains("'confidenceGap'").contains("unknown metric; known metrics: [UA, RA, TA");
        nothingTrained();
    }

    @Test
    void aSettingForAMethodThatIsNotSelectedIsAnError() throws IOException {
        assertThat(run(small("--forget-class", "3", "--method", "ft", "--set", "rbm.epochs=1"))).isEqualTo(2);
        assertThat(stderr()).contains("--set = rbm.epochs=1: sets rbm, which is not selected (methods: ft, retrain)");
        assertThat(run(small("--forget-class", "3", "--plan", "ft,retrain", "--set", "salun.epochs=1"))).isEqualTo(2);
        assertThat(stderr()).contains("--set = salun.epochs=1: sets salun, which is not selected");
        nothingTrained();
    }

    @Test
    void aDataFolderTheUserNamedMustExistAndHoldTheData() throws IOException {
        Path missing = dir.resolve("missing");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path file = Files.writeString(dir.resolve("file.gz"), "x");
        String[] base = {"forget", "--train-limit", "600", "--test-limit", "200", "--quiet", "--out",
            dir.resolve("out").toString(), "--forget-class", "3", "--data"};
        for (Path p : List.of(missing, empty, file)) {
            List<String> a = new ArrayList<>(List.of(base));
            a.add(p.toString());
            assertThat(run(a.toArray(String[]::new))).as(p.toString()).isEqualTo(2);
        }
        assertThat(stderr()).contains("--data = " + missing + ": does not exist")
                .contains("--data = " + empty + ": does not hold Fashion-MNIST's four IDX files")
                .contains("--data = " + file + ": is a file, not a folder")
                .doesNotContain("synthetic data instead").doesNotContain("saved the original model");
    }

    @Test
    void aMethodThatCannotRunOnTheModelIsRefusedBeforeAnyTraining() throws IOException {
        assertThat(run(small("--forget-class", "3", "--method", "newton"))).isEqualTo(2);
        assertThat(stderr()).contains("newton.model").contains("newton needs an exact Hessian");
        nothingTrained();
        err.reset();
        assertThat(run(small("--forget-class", "3", "--plan", "ft,newton,retrain"))).isEqualTo(2);
        assertThat(stderr()).contains("newton.model");
        nothingTrained();
    }

    @Test
    void anOutPathThatIsAFileOrCannotBeCreatedFailsBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "x");
        assertThat(run("forget", "--synthetic", "--train-limit", "600", "--quiet", "--forget-class", "3", "--out",
                file.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--out = " + file + ": is a file");
        Path unwritable = Path.of("/proc/unlearn4j-out");
        assertThat(run("forget", "--synthetic", "--train-limit", "600", "--quiet", "--forget-class", "3", "--out",
                unwritable.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--out = " + unwritable + ": cannot be created")
                .doesNotContain("saved the original model");
    }

    @Test
    void aReceiptFileWithSeveralMethodsIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("r.json"), "{}");
        assertThat(run(small("--forget-class", "3", "--method", "ft,rbm", "--receipt", file.toString()))).isEqualTo(2);
        assertThat(stderr()).contains("--receipt = " + file + ": is a file, but 2 methods run (ft, rbm): name a folder");
        assertThat(stderr()).doesNotContain("saved the original model");
    }

    @Test
    void aDivergingMethodIsARowThatSaysWhyAndTheOthersStillRun() throws Exception {
        int status = run(small("--forget-class", "3", "--method", "ga,ft", "--set", "ga.learningRate=1e6,ga.epochs=5,ft.epochs=1",
                "--json"));
        assertThat(status).as("a failed row is a failure of the run").isEqualTo(1);
        JsonNode rows = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("rows");
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).containsExactly("original", "retrain", "ga", "ft");
        assertThat(rows.get(2).get("error").asText()).containsIgnoringCase("ga");
        assertThat(rows.get(1).get("error").isNull()).isTrue();
        assertThat(rows.get(1).get("role").asText()).isEqualTo("reference");
        assertThat(rows.get(3).get("error").isNull()).isTrue();
        assertThat(rows.get(3).get("testAccuracy").asDouble()).isBetween(0.0, 100.0);
        assertThat(rows.get(3).get("speedUp").asDouble()).isPositive();
        assertThat(stderr()).contains("ga failed: ga diverged");
    }

    @Test
    void theHelpOfForgetIsGeneratedAndSaysWhereReceiptsGo() {
        assertThat(run("forget", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: unlearn4j forget").contains("--forget-class")
                .contains("one file METHOD.json per method").contains("--independent-retrain");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("methods").contains("theory").contains("forget")
                .contains("verify-receipt").contains("Exit status");
    }

    @Test
    void aPluginJarThatDoesNotExistStopsTheLauncher() throws Exception {
        Path launcher = Path.of("..", "unlearn4j").toAbsolutePath().normalize();
        assertThat(launcher).exists();
        Path missing = dir.resolve("no-such-plugin.jar");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "methods").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("UNLEARN4J_PLUGINS", missing.toString());
        env.put("UNLEARN4J_SKIP_BUILD", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(output).contains("UNLEARN4J_PLUGINS names '" + missing + "', which does not exist");
    }
}
