package io.github.unlearn4j.example.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.testkit.ContractFixture;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientProjectionTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    /**
     * Two classes in 3 features: {@code n0} rows of class 0 around {@code c0}, then {@code n1} of class 1
     * around {@code c1}, with uniform noise of ±0.3.
     */
    private static ArrayDataset twoClasses(int n0, float[] c0, int n1, float[] c1) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] x = new float[n0 + n1][3];
        int[] y = new int[n0 + n1];
        for (int i = 0; i < x.length; i++) {
            y[i] = i < n0 ? 0 : 1;
            float[] c = i < n0 ? c0 : c1;
            for (int j = 0; j < 3; j++) {
                x[i][j] = c[j] + (float) (0.6 * r.nextDouble() - 0.3);
            }
        }
        return ArrayDataset.classification("two-classes", x, y, 2);
    }

    private static int[] range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }

    private static float[] gradient(TrainableModel model, DataView view) {
        try (TrainableModel m = model.copy()) {
            m.zeroGradients();
            m.accumulateGradient(Batch.of(view.source(), view.rows()), LossTerm.TASK, 1.0);
            return m.gradients();
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * One step of ft-gradproj from θ = 0 with learning rate 1, no momentum and no weight decay, and
     * batches that cover the whole forget and retain sets: θ₁ = −d exactly, where d is the update
     * direction.
     */
    private static float[] oneStepDirection(DataSplit split, String method) {
        try (SoftmaxRegressionModel zero = new SoftmaxRegressionModel(3, 2);
                UnlearnResult r = REGISTRY.create(method, Settings.of(Map.of("epochs", 1, "batchSize", 1000,
                        "learningRate", 1.0, "momentum", 0.0, "weightDecay", 0.0)))
                        .unlearn(UnlearnRequest.builder().setModel(zero).setData(split).build())) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(1);
            float[] theta = r.model().parameters();
            float[] d = new float[theta.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = -theta[i];
            }
            return d;
        }
    }

    @Test
    void whenTheGradientsAgreeTheStepIsOrthogonalToTheForgetGradient() {
        // class 1 sits opposite class 0: at θ = 0 both push the weights the same way, so g_r·g_f > 0
        ArrayDataset train = twoClasses(30, new float[] {1, 2, 0.5f}, 20, new float[] {-1, -1, 1});
        DataSplit split = DataSplit.of(train, range(0, 10), null);
        try (SoftmaxRegressionModel zero = new SoftmaxRegressionModel(3, 2)) {
            float[] gf = gradient(zero, split.forget());
            float[] gr = gradient(zero, split.retain());
            double agreement = dot(gr, gf);
            assertThat(agreement).as("precondition g_r·g_f > 0").isPositive();

            float[] d = oneStepDirection(split, GradientProjectionProvider.NAME);
            double normD = Math.sqrt(dot(d, d));
            double normF = Math.sqrt(dot(gf, gf));
            assertThat(Math.abs(dot(d, gf))).isLessThanOrEqualTo(1e-4 * normD * normF);

            // and it is exactly g_r minus its component along g_f, not some other direction
            double c = agreement / dot(gf, gf);
            double error = 0;
            double removed = 0;
            for (int i = 0; i < d.length; i++) {
                double expected = gr[i] - c * gf[i];
                error += (d[i] - expected) * (d[i] - expected);
                removed += (c * gf[i]) * (c * gf[i]);
            }
            assertThat(Math.sqrt(error)).isLessThanOrEqualTo(1e-4 * normD);
            assertThat(Math.sqrt(removed)).as("the projection removed a real component").isGreaterThan(0.1 * normD);
        }
    }

    @Test
    void whenTheGradientsDisagreeTheStepIsPlainFineTuning() {
        // both classes share one centre: at θ = 0 class-0 and class-1 rows pull in opposite directions
        float[] centre = {1, 1, 1};
        ArrayDataset train = twoClasses(10, centre, 30, centre);
        DataSplit split = DataSplit.of(train, range(0, 10), null);
        try (SoftmaxRegressionModel zero = new SoftmaxRegressionModel(3, 2)) {
            assertThat(dot(gradient(zero, split.retain()), gradient(zero, split.forget())))
                    .as("precondition g_r·g_f < 0").isNegative();
        }
        assertThat(oneStepDirection(split, GradientProjectionProvider.NAME))
                .containsExactly(oneStepDirection(split, "ft"));
    }

    @Test
    void theForgetLossFallsLessThanUnderPlainFineTuning() {
        ContractFixture fixture = ContractFixture.reference();
        Settings settings = Settings.of(Map.of("epochs", 5, "batchSize", 16, "learningRate", 0.05));
        try (TrainableModel original = fixture.newModel();
                UnlearnResult ft = REGISTRY.create("ft", settings)
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(fixture.split()).build());
                UnlearnResult projected = REGISTRY.create(GradientProjectionProvider.NAME, settings)
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(fixture.split()).build())) {
            DataView forget = fixture.split().forget();
            assertThat(projected.model().evaluate(forget).meanLoss())
                    .isGreaterThan(ft.model().evaluate(forget).meanLoss());
        }
    }

    @Test
    void bothProvidersAreFoundThroughServiceLoaderWithFtsDefaults() {
        assertThat(REGISTRY.names()).contains(GradientProjectionProvider.NAME, "ft");
        assertThat(REGISTRY.create(GradientProjectionProvider.NAME, Settings.empty()).settings().asStrings())
                .isEqualTo(REGISTRY.create("ft", Settings.empty()).settings().asStrings());
        assertThat(VerifierRegistry.loadDefault().names()).contains(ConfidenceGapVerifier.NAME);
    }
}
