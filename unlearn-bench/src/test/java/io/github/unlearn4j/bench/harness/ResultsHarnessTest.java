package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI smoke test of the results harness: {@code --quick} end to end, outputs complete. */
class ResultsHarnessTest {
    private static final String[] METRICS = {"UA", "RA", "TA", "MIA", "avgGap", "seconds"};

    @Test
    void quickRunWritesCompleteJsonMarkdownAndCharts(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status;
        try (PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            status = ResultsHarness.run(new String[] {"--quick", "--out", out.toString()}, err);
        }
        String progress = log.toString(StandardCharsets.UTF_8);
        assertThat(status).as(progress).isZero();
        assertThat(progress).contains("phase search class-wise done", "phase seed 1 random done",
                "phase seed 1 mislabeled done", "phase overlap study done");

        for (String f : List.of("results.json", "results.md", "gap-class-wise.png", "gap-random.png",
                "gap-mislabeled.png", "gap-vs-time.png", "gap-vs-overlap.png")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
            assertThat(Files.size(out.resolve(f))).as(f).isPositive();
        }
        for (String png : List.of("gap-class-wise.png", "gap-random.png", "gap-vs-time.png", "gap-vs-overlap.png")) {
            byte[] head = Files.readAllBytes(out.resolve(png));
            assertThat(head[1] == 'P' && head[2] == 'N' && head[3] == 'G').as(png + " is a PNG").isTrue();
        }

        List<String> methods = new ArrayList<>(UnlearnerRegistry.loadDefault().names());
        methods.remove("retrain");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("setup").path("quick").asBoolean()).isTrue();
        assertThat(json.path("originals").path("seed 1").path("trainAccuracy").isNumber()).isTrue();
        assertThat(json.path("originals").path("mislabeled seed 1").path("trainAccuracy").isNumber()).isTrue();
        assertThat(json.path("scenarios")).hasSize(3);
        assertThat(json.path("overlapStudy").path("classes")).hasSize(2);
        String md = Files.readString(out.resolve("results.md"));
        for (JsonNode scenario : json.path("scenarios")) {
            List<String> rowNames = new ArrayList<>();
            for (JsonNode row : scenario.path("rows")) {
                String method = row.path("method").asText();
                rowNames.add(method);
                if (method.equals("newton")) {
                    assertThat(row.path("applicable").asBoolean()).isFalse();
                    assertThat(row.path("notApplicable").asText()).contains("newton");
                    continue;
                }
                assertThat(row.has("error")).as(method + ": " + row.path("error").asText()).isFalse();
                for (String m : METRICS) {
                    assertThat(row.path("mean").path(m).isNumber()).as(scenario.path("scenario") + " " + method + " " + m)
                            .isTrue();
                }
                assertThat(row.path("seeds")).hasSize(1);
                if (!method.equals("original")) {
                    assertThat(row.path("mean").path("speedUp").isNumber()).as(method + " speedUp").isTrue();
                }
                boolean classWise = scenario.path("scenario").asText().equals("class-wise");
                assertThat(row.path("mean").path("forgetClassTA").isNumber()).as(method + " forgetClassTA")
                        .isEqualTo(classWise);
                assertThat(row.path("gapOfMeans").isNumber()).as(method + " gapOfMeans").isTrue();
                if (!method.equals("original") && !method.equals("retrain")) {
                    JsonNode search = scenario.path("validation").path("methods").path(method);
                    assertThat(search.path("chosen").isObject()).as(method + " chosen").isTrue();
                    assertThat(search.path("trials")).hasSize(1);
                    assertThat(row.has("beatsOriginal")).isTrue();
                }
            }
            assertThat(scenario.path("noiseFloor").path("seeds")).as("noise floor").hasSize(1);
            assertThat(scenario.path("noiseFloor").path("mean").path("avgGap").isNumber()).isTrue();
            if (!scenario.path("scenario").asText().equals("mislabeled")) {
                assertThat(scenario.path("ablations")).hasSize(3);
            }
            List<String> expected = new ArrayList<>(List.of("retrain", "original"));
            expected.addAll(methods);
            assertThat(rowNames).containsExactlyElementsOf(expected);
            assertThat(md).contains(scenario.path("title").asText());
        }
        assertThat(md).contains("| retrain |", "| original |", "| rbm |", "| newton | not applicable");

        // the class-wise convention: TA on the remaining classes, the forgotten class in its own column.
        // The same original (seed 1) on the whole test set (random scenario) must then satisfy
        // TA_all * N = TA_rest * (N - n) + TA_class * n for a whole number n of the class's test rows.
        JsonNode cw = json.path("scenarios").get(0);
        JsonNode rnd = json.path("scenarios").get(1);
        assertThat(cw.path("scenario").asText()).isEqualTo("class-wise");
        assertThat(rnd.path("scenario").asText()).isEqualTo("random");
        JsonNode retrainCw = cw.path("rows").get(0).path("seeds").get(0);
        assertThat(retrainCw.path("forgetClassTA").asDouble()).as("retrain never saw the class").isLessThan(1.0);
        JsonNode originalCw = cw.path("rows").get(1).path("seeds").get(0);
        JsonNode originalRnd = rnd.path("rows").get(1).path("seeds").get(0);
        double all = originalRnd.path("TA").asDouble();
        double rest = originalCw.path("TA").asDouble();
        double cls = originalCw.path("forgetClassTA").asDouble();
        int total = json.path("setup").path("testSize").asInt();
        double n = total * (all - rest) / (cls - rest);
        assertThat(n).as("test rows of the forgotten class").isBetween(1.0, total - 1.0);

        // the attacks: class-mia on every class-wise row but retrain, U-LiRA (4 shadow runs in --quick) on the
        // random scenario's original and every method (and the second retrain, below)
        for (JsonNode row : cw.path("rows")) {
            String method = row.path("method").asText();
            if (method.equals("newton")) {
                continue; // not applicable: no seeds
            }
            JsonNode attacks = row.path("seeds").get(0).path("attacks");
            if (method.equals("retrain")) {
                assertThat(attacks.isMissingNode()).as(method).isTrue();
            } else {
                assertThat(attacks.path("classMiaAuc").asDouble(-1)).as(method + " classMiaAuc").isBetween(0.0, 1.0);
            }
        }
        for (JsonNode row : rnd.path("rows")) {
            String method = row.path("method").asText();
            if (method.equals("newton")) {
                continue;
            }
            JsonNode attacks = row.path("seeds").get(0).path("attacks");
            if (!method.equals("retrain")) {
                assertThat(attacks.path("uliraAuc").asDouble(-1)).as(method + " uliraAuc").isBetween(0.0, 1.0);
                assertThat(attacks.path("uliraShadows").asInt()).isEqualTo(4);
                assertThat(attacks.path("uliraSeconds").asDouble()).isPositive();
            } else {
                assertThat(attacks.isMissingNode()).as(method).isTrue();
            }
        }
        assertThat(rnd.path("noiseFloor").path("seeds").get(0).path("attacks").path("uliraAuc").isNumber()).isTrue();
        assertThat(md).contains("| Method | class-mia AUC, mean [95%]", "| Method | Seeds | MIA-efficacy gap | U-LiRA AUC",
                "Ranking, closest to retraining first: by MIA-efficacy gap");
        assertThat(Math.abs(n - Math.rint(n))).as("a whole number of rows").isLessThan(1e-6);
    }
}
