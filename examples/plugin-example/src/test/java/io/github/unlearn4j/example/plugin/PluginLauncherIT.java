package io.github.unlearn4j.example.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a user installs it: the real launcher ({@code ./unlearn4j}, with the command line
 * the build just packaged) and this module's jar in {@code UNLEARN4J_PLUGINS}. Runs in
 * {@code mvn verify}, after {@code package}; the pom passes the launcher and jar paths.
 */
class PluginLauncherIT {
    private static Path launcher;
    private static Path pluginJar;

    @TempDir
    Path work;

    @BeforeAll
    static void paths() {
        launcher = Path.of(System.getProperty("unlearn4j.launcher", "../../unlearn4j")).toAbsolutePath().normalize();
        pluginJar = Path.of(System.getProperty("unlearn4j.pluginJar", "target/unlearn4j-plugin-example.jar"))
                .toAbsolutePath();
        assertThat(launcher).as("the launcher").isExecutable();
        assertThat(pluginJar).as("the plugin jar (run after package)").isRegularFile();
        assertThat(launcher.resolveSibling("examples/target/classpath.txt"))
                .as("the command line's class path, written when examples is packaged").isRegularFile();
    }

    /** Exit status, standard output and standard error of one launcher run. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("UNLEARN4J_PLUGINS");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("UNLEARN4J_SKIP_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./unlearn4j " + String.join(" ", args) + " did not finish in 240 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Map<String, String> withPlugin() {
        return Map.of("UNLEARN4J_PLUGINS", pluginJar.toString());
    }

    @Test
    void methodsListsThePluginOnlyWhenItsJarIsOnTheClassPath() throws Exception {
        Run with = launch(withPlugin(), "methods");
        assertThat(with.exit()).as(with.toString()).isZero();
        assertThat(with.out()).as(with.toString())
                .containsPattern("(?m)^\\s+ft-gradproj\\s+fine-tune")
                .containsPattern("(?m)^\\s+confidence-gap\\s+")
                .containsPattern("(?m)^\\s+ft\\s+");

        Run without = launch(Map.of(), "methods");
        assertThat(without.exit()).as(without.toString()).isZero();
        assertThat(without.out()).as(without.toString()).doesNotContain("ft-gradproj").doesNotContain("confidence-gap");
    }

    @Test
    void forgetRunsThePluginMethodByName() throws Exception {
        Path out = work.resolve("out");
        Run run = launch(withPlugin(), "forget", "--synthetic", "--train-limit", "400", "--test-limit", "100",
                "--train-epochs", "1", "--forget-class", "3", "--method", "ft-gradproj",
                "--set", "ft-gradproj.epochs=1,retrain.epochs=1", "--quiet", "--out", out.toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .containsPattern("(?m)^ft-gradproj\\s+\\d+\\.\\d+\\s+\\d+\\.\\d+\\s+\\d+\\.\\d+\\s+\\d+\\.\\d+")
                .containsPattern("(?m)^retrain\\s+\\d+\\.\\d+");
    }

    @Test
    void aPolicyJudgesThePluginMetricAndVerifierRunsThePluginVerifier() throws Exception {
        Path out = work.resolve("out");
        Run run = launch(withPlugin(), "forget", "--synthetic", "--train-limit", "400", "--test-limit", "100",
                "--train-epochs", "1", "--forget-class", "3", "--method", "ft", "--set", "ft.epochs=1,retrain.epochs=1",
                "--policy", "confidenceGap <= 5", "--min-samples", "5", "--quiet", "--out", out.toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).containsPattern("(?m)^ft: (PASS|FAIL|INCONCLUSIVE) \\(custom\\)")
                .contains("confidenceGap");

        Run extra = launch(withPlugin(), "forget", "--synthetic", "--train-limit", "400", "--test-limit", "100",
                "--train-epochs", "1", "--forget-class", "3", "--method", "ft", "--set", "ft.epochs=1,retrain.epochs=1",
                "--verifier", "confidence-gap", "--min-samples", "5", "--quiet", "--out", out.toString());
        assertThat(extra.exit()).as(extra.toString()).isZero();
        assertThat(extra.out()).as(extra.toString()).containsPattern("(?m)^  confidenceGap = -?\\d+\\.\\d{4}$")
                .containsPattern("(?m)^  confidenceGapUnseen = \\d+\\.\\d{4}$");

        Run without = launch(Map.of(), "forget", "--synthetic", "--forget-class", "3", "--method", "ft",
                "--policy", "confidenceGap <= 5", "--quiet", "--out", out.toString());
        assertThat(without.exit()).as(without.toString()).isEqualTo(2);
        assertThat(without.err()).as(without.toString()).contains("unknown metric; known metrics: [UA");
    }
}
