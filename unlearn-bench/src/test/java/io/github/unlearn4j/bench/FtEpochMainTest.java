package io.github.unlearn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FtEpochMain's command line, as compare-pytorch calls it, and its bad input. */
class FtEpochMainTest {
    @TempDir
    Path dir;

    private static Captured run(String... args) {
        return Captured.run(FtEpochMain::run, args);
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        Captured r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: FtEpochMain", "--data=DIR", "--limit=N", "--forget-class=K", "--seed=S",
                "--warmup=N", "--repeats=N", "--write-synthetic=DIR", "--synthetic-rows=N");
    }

    @Test
    void aStrayArgumentIsBadInput() {
        Captured r = run("--seed", "1", "2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("FtEpochMain: argument '2': unexpected").contains("(see: FtEpochMain --help)");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        Captured r = run("--repeat", "3");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("FtEpochMain: option --repeat: unknown");
    }

    @Test
    void aBadNumberAnOptionGivenTwiceOrAValueOutOfRangeIsBadInput() {
        assertThat(run("--limit", "all")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("FtEpochMain: --limit = all: ");
        });
        assertThat(run("--seed", "1", "--seed", "2")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("should be specified only once");
        });
        assertThat(run("--repeats", "0")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("FtEpochMain: --repeats = 0: must be at least 1");
        });
        assertThat(run("--warmup", "-1")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--warmup = -1: must be at least 0");
        });
    }

    @Test
    void writeSyntheticTakesNoTimingOptionAndSyntheticRowsNeedsIt() {
        Captured r = run("--write-synthetic", dir.toString(), "--limit", "5");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--limit = 5: applies to the timing run, not to --write-synthetic");
        r = run("--synthetic-rows", "50");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--synthetic-rows = 50: applies to --write-synthetic only");
        assertThat(FashionMnist.isAvailable(dir)).isFalse();
    }

    @Test
    void theTwoStepsOfComparePytorchWriteSyntheticDataAndTimeAnEpochOnIt() throws Exception {
        Path data = dir.resolve("synthetic");
        Captured written = run("--write-synthetic", data.toString(), "--synthetic-rows", "600", "--seed", "5");
        assertThat(written.status()).as(written.err()).isZero();
        assertThat(written.err()).contains("wrote 600 synthetic training images to " + data);
        assertThat(FashionMnist.load(data).test().size()).isEqualTo(100);

        Captured timed = run("--data", data.toString(), "--seed", "5", "--warmup", "0", "--repeats", "1", "--limit",
                "600");
        assertThat(timed.status()).as(timed.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(timed.out());
        assertThat(json.get("rows").asInt()).isEqualTo(600);
        int retain = json.get("retain").asInt();
        assertThat(retain).isBetween(450, 599);
        assertThat(json.get("steps").asInt()).isEqualTo((retain + 255) / 256);
        assertThat(json.get("seconds")).hasSize(1);
        assertThat(json.get("warmup_seconds")).isEmpty();
        assertThat(json.get("data").asText()).isEqualTo(data.toString());
    }
}
