package io.github.unlearn4j.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import io.github.unlearn4j.core.theory.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainUnlearnerTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    @Test
    void retrainOnLinearRegressionConvergesToTheGoldenModel() {
        LinearTheory theory = new LinearTheory(
                LinearTheoryData.generate(FeatureRegime.OVERLAPPING, LinearTheoryData.Config.DEFAULT, 3), REGISTRY);
        double[] w = theory.runMethod("retrain", theory.convergentTrainingSettings(), 1);
        assertThat(Vectors.relativeDistance(w, theory.goldenWeights())).isLessThan(1e-4);
    }

    @Test
    void retrainDoesNotDependOnTheOriginalWeights() {
        ArrayDataset train = TestData.classification(60, 4, 3, 8);
        DataSplit split = DataSplit.of(train, new int[] {1, 2, 3}, null);
        SoftmaxRegressionModel a = new SoftmaxRegressionModel(4, 3);
        a.reinitialize(100);
        SoftmaxRegressionModel b = new SoftmaxRegressionModel(4, 3);
        b.reinitialize(200);
        Unlearner retrain = REGISTRY.create("retrain", Settings.of(Map.of("epochs", 3, "batchSize", 16)));
        try (UnlearnResult ra = retrain.unlearn(UnlearnRequest.builder().setModel(a).setData(split).optSeed(9).build());
                UnlearnResult rb = retrain.unlearn(UnlearnRequest.builder().setModel(b).setData(split).optSeed(9).build())) {
            assertThat(ra.model().parameters()).containsExactly(rb.model().parameters());
            assertThat(ra.provenance().method()).isEqualTo("retrain");
        }
    }
}
