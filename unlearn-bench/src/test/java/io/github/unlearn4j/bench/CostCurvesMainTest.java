package io.github.unlearn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.bench.CostCurvesMain.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CostCurvesMain's command line, its bad input, its arithmetic, and one tiny run on synthetic data. */
class CostCurvesMainTest {
    @TempDir
    Path dir;

    private static Captured run(String... args) {
        return Captured.run(CostCurvesMain::run, args);
    }

    @Test
    void helpListsTheOptions() {
        Captured r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: CostCurvesMain", "--data=DIR", "--limit=N", "--fractions=F",
                "--model-fraction=F", "--methods=M", "--models=M", "--repeats=N", "--original-epochs=N", "--seed=S",
                "--quick", "--out=DIR");
    }

    @Test
    void badValuesNameTheOptionAndTheValueBeforeAnyDataIsRead() {
        Path missing = dir.resolve("missing");
        assertThat(run("--data", missing.toString(), "--fractions", "0.1,1")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("CostCurvesMain: --fractions = 1.0: a forget fraction lies strictly between");
        });
        assertThat(run("--data", missing.toString(), "--models", "mlp,resnet")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--models = resnet: known models: mlp, wide-mlp, cnn");
        });
        assertThat(run("--data", missing.toString(), "--methods", "ft,rbm")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--methods = ft,rbm: include retrain");
        });
        assertThat(run("--data", missing.toString(), "--methods", "ft,fine-tune,retrain")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("fine-tune").contains("retrain").contains("rbm");
        });
        assertThat(run("--data", missing.toString(), "--repeats", "0")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--repeats = 0: must be at least 1");
        });
        assertThat(run("--data", missing.toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("fashionMnist.folder").contains("missing");
        });
    }

    @Test
    void ratiosAndTheCrossoverComeFromTheMedians() {
        List<Point> points = new ArrayList<>();
        points.add(new Point("mlp", 0.1, 10, "retrain", List.of(10.0, 12.0, 11.0)));
        points.add(new Point("mlp", 0.5, 50, "retrain", List.of(8.0, 8.0, 9.0)));
        points.add(new Point("mlp", 0.1, 10, "rl", List.of(5.0, 5.5, 100.0)));
        points.add(new Point("mlp", 0.5, 50, "rl", List.of(12.0, 12.0, 12.0)));
        points.add(new Point("mlp", 0.1, 10, "ft", List.of(3.0)));
        points.add(new Point("mlp", 0.5, 50, "ft", List.of(2.0)));
        points.add(new Point("cnn", 0.1, 10, "ft", List.of(3.0)));

        assertThat(points.get(2).median()).isEqualTo(5.5);
        assertThat(CostCurvesMain.ratioToRetrain(points.get(2), points)).isCloseTo(0.5, within(1e-12));
        assertThat(CostCurvesMain.ratioToRetrain(points.get(3), points)).isCloseTo(1.5, within(1e-12));
        assertThat(CostCurvesMain.ratioToRetrain(points.get(6), points)).isNaN();
        Map<String, Double> cross = CostCurvesMain.crossovers(points, "mlp");
        // rl: ratio 0.5 at 10%, 1.5 at 50%: reaches 1 halfway, at 30%
        assertThat(cross.get("rl")).isCloseTo(0.3, within(1e-12));
        assertThat(cross).containsEntry("ft", null).doesNotContainKey("retrain");
        assertThat(CostCurvesMain.median(List.of(4.0, 1.0))).isEqualTo(2.5);
    }

    @Test
    void aTinyRunWritesTheTablesTheJsonAndTheCharts() throws Exception {
        Path data = dir.resolve("synthetic");
        Captured written = Captured.run(FtEpochMain::run, "--write-synthetic", data.toString(), "--synthetic-rows",
                "300", "--seed", "3");
        assertThat(written.status()).as(written.err()).isZero();
        Path out = dir.resolve("costs");
        Captured r = run("--data", data.toString(), "--limit", "300", "--fractions", "0.1,0.5", "--models", "mlp",
                "--methods", "ft,retrain", "--repeats", "2", "--original-epochs", "1", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();

        JsonNode json = new ObjectMapper().readTree(out.resolve("costs.json").toFile());
        assertThat(json.get("rows").asInt()).isEqualTo(300);
        assertThat(json.get("points")).hasSize(4);
        for (JsonNode p : json.get("points")) {
            assertThat(p.get("seconds")).hasSize(2);
            assertThat(p.get("median_seconds").asDouble()).isPositive();
            if (p.get("method").asText().equals("retrain")) {
                assertThat(p.get("fraction_of_retrain").asDouble()).isEqualTo(1.0);
            }
        }
        assertThat(json.get("points").get(0).get("forget_rows").asInt()).isEqualTo(30);
        assertThat(json.get("models").get(0).get("parameters").asLong()).isEqualTo(784 * 256 + 256 + 256 * 256 + 256
                + 256 * 10 + 10);
        assertThat(json.get("crossover").has("ft")).isTrue();
        assertThat(r.out()).contains("| forget | ft | retrain |", "| 10% (30 rows) |", "| 50% (150 rows) |",
                "| mlp (269,322) |", "Crossover with retraining on `mlp`");
        assertThat(Files.readString(out.resolve("costs.md"))).isEqualTo(r.out());
        for (String chart : List.of("costs-forget.png", "costs-ratio.png", "costs-models.png")) {
            assertThat(Files.size(out.resolve(chart))).as(chart).isGreaterThan(1000);
        }

        Path again = dir.resolve("again");
        Captured rendered = run("--charts-from", out.resolve("costs.json").toString(), "--out", again.toString());
        assertThat(rendered.status()).as(rendered.err()).isZero();
        assertThat(Files.readString(again.resolve("costs.md"))).isEqualTo(r.out());
        assertThat(again.resolve("costs.json")).doesNotExist();
        for (String chart : List.of("costs-forget.png", "costs-ratio.png", "costs-models.png")) {
            assertThat(Files.size(again.resolve(chart))).as(chart).isGreaterThan(1000);
        }
    }

    @Test
    void chartsFromAMissingFileNameTheOption() {
        Captured r = run("--charts-from", dir.resolve("nope.json").toString(), "--out", dir.resolve("x").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--charts-from", "nope.json");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
