package io.github.unlearn4j.djl.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.unlearn4j.api.data.DataView;
import org.junit.jupiter.api.Test;

/** The floor the issue states: the MLP reaches at least 85% test accuracy on Fashion-MNIST within the CI budget. */
class MlpAccuracyFloorTest {

    @Test
    void mlpReaches85PercentTestAccuracyOnFashionMnist() {
        assumeTrue(FashionMnistFixture.available(),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); .ci/run installs it");
        try (FashionMnistFixture f = FashionMnistFixture.trainedMlp(60_000, 10_000, 3, 1)) {
            double accuracy = f.model.evaluate(DataView.all(f.test)).accuracy();
            assertThat(accuracy).as("test accuracy after 3 epochs on 60,000 images").isGreaterThanOrEqualTo(0.85);
        }
    }
}
