package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.bench.Captured;
import io.github.unlearn4j.bench.harness.ResultsHarness.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** The harness's command line: the options it parses, and bad input exiting with 2 before any compute. */
class ResultsHarnessCommandTest {
    @TempDir
    Path dir;

    /** Runs the harness; every bad-input case here stops before any compute. */
    private static Captured run(String... args) {
        return Captured.run(ResultsHarness::run, args);
    }

    private static void badInput(Captured r, String... messages) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(messages).contains("ResultsHarness: ").doesNotContain("phase");
    }

    @Test
    void noOptionsAreTheFullRun() {
        assertThat(ResultsHarnessCommand.parse()).isEqualTo(new Options(false, Path.of("unlearn-bench/target/results"),
                null, false, List.of(1L, 2L, 3L, 4L, 5L), List.of(), 10_000, 5_000, 5_000, 35, List.of(1L, 2L), 16));
    }

    @Test
    void quickShrinksEveryDefault() {
        assertThat(ResultsHarnessCommand.parse("--quick")).isEqualTo(new Options(true,
                Path.of("unlearn-bench/target/results"), null, false, List.of(1L), List.of(), 1_500, 500, 500, 5, List.of(1L), 4));
    }

    @Test
    void everyOptionParsesAndAGivenValueWinsOverQuicksDefault() {
        Options o = ResultsHarnessCommand.parse("--quick", "--out", "res", "--data", "fm", "--synthetic", "--seeds",
                "4, 5,6", "--methods", "ft, retrain,rbm", "--train-limit", "100", "--test-size", "20",
                "--validation-size", "30", "--original-epochs", "2", "--ulira-seeds", "5,6", "--ulira-shadows", "8");
        assertThat(o).isEqualTo(new Options(true, Path.of("res"), Path.of("fm"), true, List.of(4L, 5L, 6L),
                List.of("ft", "rbm"), 100, 20, 30, 2, List.of(5L, 6L), 8));
        assertThat(ResultsHarnessCommand.parse("--ulira-shadows", "0").uliraShadows()).isZero();
        assertThat(ResultsHarnessCommand.parse("--seeds=7", "--out=x").seeds()).containsExactly(7L);
        assertThat(ResultsHarnessCommand.parse("--seeds", "7", "--seeds", "8,9").seeds()).as("a list adds up")
                .containsExactly(7L, 8L, 9L);
    }

    @Test
    void uliraOptionsAreChecked() {
        assertThatThrownBy(() -> ResultsHarnessCommand.parse("--seeds", "1,2", "--ulira-seeds", "3"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("--ulira-seeds");
        assertThatThrownBy(() -> ResultsHarnessCommand.parse("--ulira-shadows", "1"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("--ulira-shadows = 1");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> ResultsHarnessCommand.parse("--seeds", "1,1000"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("--seeds = 1,1000: must name at least one seed, and no validation seed [1000, 1001]");
        assertThatThrownBy(() -> ResultsHarnessCommand.parse("--seeds", "1001"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("1001");
        for (String option : List.of("--train-limit", "--test-size", "--validation-size", "--original-epochs")) {
            assertThatThrownBy(() -> ResultsHarnessCommand.parse(option, "0"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage(option + " = 0: must be a positive integer");
        }
        assertThatThrownBy(() -> ResultsHarnessCommand.parse("--train-limit", "ten"))
                .isInstanceOf(ParameterException.class);
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        Captured r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: ResultsHarness", "--quick", "--out=DIR", "--data=DIR", "--synthetic",
                "--seeds=S[,S...]", "--methods=M[,M...]", "--train-limit=N", "--test-size=N", "--validation-size=N",
                "--original-epochs=N");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("Training images (default: 10000; --quick: 1500).",
                "Epochs of the original and of retrain (default: 35; --quick: 5).");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aStrayArgumentIsBadInputNotIgnored() {
        badInput(run("--quick", "results"), "ResultsHarness: argument 'results': unexpected",
                "(see: ResultsHarness --help)");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        badInput(run("--quik"), "ResultsHarness: option --quik: unknown; did you mean --quick?");
    }

    @Test
    void aBadNumberAnOptionGivenTwiceOrAMissingValueIsBadInput() {
        badInput(run("--train-limit", "ten"), "--train-limit = ten: ", "'ten' is not an int");
        badInput(run("--quick", "--out", dir.toString(), "--train-limit", "50", "--train-limit", "60"),
                "--train-limit", "should be specified only once");
        badInput(run("--out"), "--out");
        badInput(run("--test-size", "0"), "ResultsHarness: --test-size = 0: must be a positive integer");
    }

    @Test
    void aNamedDataFolderWithoutTheDataIsBadInputBeforeAnyCompute() {
        Path missing = dir.resolve("missing");
        Path results = dir.resolve("results");
        Captured r = run("--quick", "--out", results.toString(), "--data", missing.toString());
        badInput(r, "ResultsHarness: --data = " + missing + ": does not exist");
        assertThat(r.err()).doesNotContain("synthetic");
        badInput(run("--quick", "--out", results.toString(), "--data", dir.toString(), "--synthetic"),
                "--data = " + dir + ": conflicts with --synthetic");
        assertThat(Files.exists(results)).as("nothing written").isFalse();
    }
}
