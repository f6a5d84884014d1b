package io.github.unlearn4j.examples;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's quickstart in code: train a small softmax-regression model, forget five rows with
 * {@code ft}, and measure UA/RA/TA with the {@code accuracy} verifier.
 */
public final class Quickstart {
    private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);

    private Quickstart() {}

    /**
     * Runs the quickstart.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ArrayDataset train = blobs("train", 200, 1);
        ArrayDataset test = blobs("test", 50, 2);
        DataSplit split = DataSplit.of(train, new int[] {3, 14, 15, 92, 65}, test);

        UnlearnerRegistry methods = UnlearnerRegistry.loadDefault();
        try (SoftmaxRegressionModel model = new SoftmaxRegressionModel(4, 3);
                UnlearnResult original = methods.create("retrain", Settings.empty()).unlearn(
                        UnlearnRequest.builder().setModel(model).setData(DataSplit.of(train, new int[] {0}, test)).build())) {
            Unlearner ft = methods.create("ft", Settings.of(Map.of("epochs", 5, "learningRate", 0.05)));
            try (UnlearnResult result = ft.unlearn(
                    UnlearnRequest.builder().setModel(original.model()).setData(split).optSeed(42).build())) {
                var report = VerifierRegistry.loadDefault().create("accuracy", Settings.empty())
                        .verify(new VerificationRequest(result.model(), split, null));
                LOG.info("provenance: {}", result.provenance());
                report.metrics().forEach(m -> LOG.info("{} = {} (n = {})", m.name(), m.value(), m.sampleCount()));
            }
        }
    }

    private static ArrayDataset blobs(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (y[i] == j ? 2 : 0) + (float) r.nextGaussian();
            }
        }
        return ArrayDataset.classification(name, x, y, 3);
    }
}
