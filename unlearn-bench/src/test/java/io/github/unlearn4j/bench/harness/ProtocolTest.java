package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.bench.harness.ResultsHarness.Comparison;
import io.github.unlearn4j.bench.harness.ResultsHarness.Row;
import io.github.unlearn4j.bench.harness.ResultsHarness.Scenario;
import io.github.unlearn4j.bench.harness.ResultsHarness.ScenarioResult;
import io.github.unlearn4j.bench.harness.ResultsHarness.SeedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The protocol's arithmetic and grids: gap of means, the noise floor, edge extension, RBM's factorial. */
class ProtocolTest {
    private static Row row(String name, double[]... perSeed) {
        List<SeedResult> seeds = new ArrayList<>();
        for (int i = 0; i < perSeed.length; i++) {
            double[] m = perSeed[i];
            seeds.add(new SeedResult(i + 1, new Metrics(m[0], m[1], m[2], m[3]), new Metrics(m[4], m[4], m[4], m[4]),
                    1, 1.0, 10, Map.of()));
        }
        return new Row(name, null, null, Map.of(), seeds);
    }

    @Test
    void theGapOfMeansAndTheMeanOfPerSeedGapsDiffer() {
        // retrain UA 100 and 90 over two seeds; the method 90 and 100: per-seed gaps 10, 10; gap of means 0
        Row retrain = row("retrain", new double[] {100, 50, 50, 50, 0}, new double[] {90, 50, 50, 50, 0});
        List<SeedResult> seeds = List.of(
                new SeedResult(1, new Metrics(90, 50, 50, 50), new Metrics(10, 0, 0, 0), 1, 1.0, 10, Map.of()),
                new SeedResult(2, new Metrics(100, 50, 50, 50), new Metrics(10, 0, 0, 0), 1, 1.0, 10, Map.of()));
        Row method = new Row("m", null, null, Map.of(), seeds);
        assertThat(method.gapOfMeans(retrain)).isCloseTo(0, within(1e-12));
        assertThat(method.avgGap().mean()).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void aMethodWithinTheNoiseFloorsIntervalIsIndistinguishableFromRetraining() {
        // floor per-seed Avg. Gaps 1, 2, 1.5: mean 1.5, 95% interval up to 1.5 + 4.303 * 0.5 / sqrt(3) = 2.74
        Row floor = row("floor", new double[] {0, 0, 0, 0, 1}, new double[] {0, 0, 0, 0, 2}, new double[] {0, 0, 0, 0, 1.5});
        Row close = row("close", new double[] {0, 0, 0, 0, 2.5}, new double[] {0, 0, 0, 0, 2.5},
                new double[] {0, 0, 0, 0, 2.5});
        Row far = row("far", new double[] {0, 0, 0, 0, 3}, new double[] {0, 0, 0, 0, 3}, new double[] {0, 0, 0, 0, 3});
        ScenarioResult s = new ScenarioResult(Scenario.RANDOM, "", 0, Map.of(), null, List.of(close, far), floor,
                List.of(), List.<Comparison>of(), null);
        assertThat(s.indistinguishableFromRetraining(close)).isTrue();
        assertThat(s.indistinguishableFromRetraining(far)).isFalse();
    }

    @Test
    void fineTuningMethodsShareOneLogSpacedGridWithPointOne() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        SearchSpace.Grid ft = SearchSpace.grid(registry.provider("ft"));
        for (String m : SearchSpace.FT_BASED) {
            assertThat(SearchSpace.grid(registry.provider(m)).configs()).as(m).isEqualTo(ft.configs());
        }
        assertThat(SearchSpace.LEARNING_RATES).hasSizeGreaterThanOrEqualTo(5).contains(0.1);
        for (int i = 1; i < SearchSpace.LEARNING_RATES.size(); i++) {
            double ratio = SearchSpace.LEARNING_RATES.get(i) / SearchSpace.LEARNING_RATES.get(i - 1);
            assertThat(ratio).as("log-spaced").isBetween(2.99, 3.34);
        }
        assertThat(ft.configs()).hasSize(SearchSpace.LEARNING_RATES.size() * SearchSpace.EPOCHS.size());
    }

    @Test
    void aBestValueOnAnEdgeExtendsThatAxisOnce() {
        SearchSpace.Grid ft = SearchSpace.grid(UnlearnerRegistry.loadDefault().provider("ft"));
        Optional<SearchSpace.Grid> up = SearchSpace.extendAtEdge(ft, Map.of("learningRate", 0.3, "epochs", 10));
        assertThat(up).isPresent();
        // learning rate 1.0 with both epochs; epochs 20 with all five rates and the new one
        assertThat(up.get().configs()).contains(Map.of("learningRate", 1.0, "epochs", 5),
                Map.of("learningRate", 1.0, "epochs", 20), Map.of("learningRate", 0.003, "epochs", 20));
        assertThat(up.get().configs()).hasSize(2 + 5 + 1);
        Optional<SearchSpace.Grid> down = SearchSpace.extendAtEdge(ft, Map.of("learningRate", 0.003, "epochs", 5));
        assertThat(down.get().configs()).contains(Map.of("learningRate", 0.001, "epochs", 5),
                Map.of("learningRate", 0.001, "epochs", 2));
        assertThat(SearchSpace.extendAtEdge(ft, Map.of("learningRate", 0.03, "epochs", 5))).as("epochs edge only")
                .get().extracting(g -> g.configs().size()).isEqualTo(5);
        SearchSpace.Grid inside = new SearchSpace.Grid("x", "", List.of(Map.of("learningRate", 0.01, "epochs", 5),
                Map.of("learningRate", 0.03, "epochs", 5), Map.of("learningRate", 0.1, "epochs", 5)));
        assertThat(SearchSpace.extendAtEdge(inside, Map.of("learningRate", 0.03, "epochs", 5))).isEmpty();
    }

    @Test
    void rbmsStructureIsAFullFactorialAndTheChosenStructureKeepsItsGrid() {
        var rbm = UnlearnerRegistry.loadDefault().provider("rbm");
        SearchSpace.Grid f = SearchSpace.rbmStructures(rbm);
        int saliencies = (int) f.configs().stream().map(c -> c.get("saliency")).distinct().count();
        assertThat(saliencies).isGreaterThanOrEqualTo(2);
        // keep 3 x ranking 2 x (reset-ft x unkept 2 + masked-rl)
        assertThat(f.configs()).hasSize(saliencies * SearchSpace.KEEP_FRACTIONS.size() * 2 * 3).doesNotHaveDuplicates();
        Map<String, Object> chosen = new LinkedHashMap<>(f.configs().get(3));
        chosen.put("learningRate", 0.1);
        SearchSpace.Grid g = SearchSpace.withBase(SearchSpace.grid(rbm), SearchSpace.structureOf(chosen));
        assertThat(g.configs()).allSatisfy(c -> assertThat(c).containsAllEntriesOf(SearchSpace.structureOf(chosen)));
        assertThat(SearchSpace.trainingOf(chosen)).isEqualTo(Map.of("learningRate", 0.1));
    }
}
