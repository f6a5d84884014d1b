package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Core's methods, found through the registry, run unchanged on a DJL MLP. */
class UnlearnersOnDjlTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    private static DjlDataset train;
    private static DjlDataset test;
    private static DataSplit split;
    private static DjlModel original;
    private static float[] originalParams;

    @BeforeAll
    static void setUp() {
        train = SyntheticImages.generate("synthetic/train", 400, 1).toDataset(Device.cpu());
        test = SyntheticImages.generate("synthetic/test", 100, 2).toDataset(Device.cpu());
        split = DataSplit.of(train, ForgetSets.random(train, 0.1, 3), test);
        original = DjlModel.create(Architectures.mlp(784, 32, 10), Device.cpu(), 4);
        originalParams = original.parameters();
    }

    @AfterAll
    static void tearDown() {
        original.close();
        train.close();
        test.close();
    }

    private static UnlearnRequest request(long seed) {
        return UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed).build();
    }

    @Test
    void ftLowersRetainLossAndLeavesTheInputUnchanged() {
        Unlearner ft = REGISTRY.create("ft", Settings.of(Map.of("epochs", 3, "batchSize", 32, "learningRate", 0.05)));
        double before = original.evaluate(split.retain()).meanLoss();
        try (UnlearnResult r = ft.unlearn(request(1))) {
            assertThat(r.model()).isInstanceOf(DjlModel.class).isNotSameAs(original);
            assertThat(r.model().evaluate(split.retain()).meanLoss()).isLessThan(0.5 * before);
            assertThat(r.provenance().backend()).isEqualTo("djl-pytorch");
            assertThat(r.provenance().device()).isEqualTo("cpu()");
            assertThat(r.provenance().optimizerSteps()).isEqualTo(3L * 12);
        }
        assertThat(original.parameters()).containsExactly(originalParams);
        assertThat(original.gradients()).containsOnly(0f);
    }

    @Test
    void sameSeedGivesBitIdenticalResultsOnCpu() {
        Unlearner ft = REGISTRY.create("ft", Settings.of(Map.of("epochs", 1, "batchSize", 32)));
        try (UnlearnResult a = ft.unlearn(request(7));
                UnlearnResult b = ft.unlearn(request(7));
                UnlearnResult c = ft.unlearn(request(8))) {
            assertThat(a.model().parameters()).containsExactly(b.model().parameters());
            assertThat(a.model().parameters()).isNotEqualTo(c.model().parameters());
        }
    }

    @Test
    void retrainReinitializesAndTrainsOnTheRetainSet() {
        Unlearner retrain = REGISTRY.create(
                "retrain", Settings.of(Map.of("epochs", 3, "batchSize", 32, "learningRate", 0.05)));
        try (UnlearnResult r = retrain.unlearn(request(2))) {
            var e = r.model().evaluate(split.retain());
            assertThat(e.accuracy()).isGreaterThan(0.5);
            assertThat(r.model().evaluate(split.test().orElseThrow()).accuracy()).isGreaterThan(0.4);
            assertThat(r.model().parameters()).isNotEqualTo(originalParams);
        }
        assertThat(original.parameters()).containsExactly(originalParams);
    }
}
