package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.recipe.BatchOrdering;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.method.RecipeUnlearner;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainScope;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recipe assembled by hand with an AdamW phase runs unchanged on both backends and gives the
 * same model (softmax regression on both, from the same parameters and seed).
 */
class AdamWRecipeCrossBackendTest {
    private static final int F = 6;
    private static final int C = 3;
    private static final int N = 60;

    private static UnlearnResult run(Recipe recipe, TrainableModel model, Dataset data) {
        int[] forget = new int[12];
        for (int i = 0; i < forget.length; i++) {
            forget[i] = 5 * i;
        }
        RecipeUnlearner u = new RecipeUnlearner("adamw-ft",
                SettingsSchema.of("adamw-ft", List.of()).resolve(Settings.empty()), recipe);
        return u.unlearn(UnlearnRequest.builder()
                .setModel(model).setData(DataSplit.of(data, forget, null)).optSeed(9).build());
    }

    @Test
    void anAdamWRecipeGivesTheSameModelOnDjlAndTheReferenceBackend() {
        TestData.Classification raw = TestData.blobs(N, F, C, 21);
        float[] start = TestData.gaussians(C * F + C, 0.5, 3);
        Phase phase = new Phase("adamw-ft", new TrainingSettings(0.01, 3, 8, 0, 0), LearningRateSchedule.CONSTANT,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                        ObjectiveTerm.of(DataRole.FORGET, TermKind.KL_UNIFORM, 0.3)),
                BatchOrdering.PAIRED, 0, 0, 1, TrainScope.ALL)
                .withOptimizer(new AdamWConfig(0.9, 0.999, 1e-8, 0.01));
        Recipe recipe = Recipe.unmasked(false, phase);
        ArrayDataset refData = ArrayDataset.classification("toy", raw.x(), raw.y(), C);
        SoftmaxRegressionModel ref = new SoftmaxRegressionModel(F, C);
        ref.setParameters(start);
        try (DjlDataset djlData = DjlDataset.classification("toy", raw.x(), raw.y(), C, Device.cpu());
                DjlModel djl = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1)) {
            djl.setParameters(start);
            try (UnlearnResult onDjl = run(recipe, djl, djlData); UnlearnResult onRef = run(recipe, ref, refData)) {
                assertThat(onDjl.provenance().optimizerSteps()).isEqualTo(onRef.provenance().optimizerSteps())
                        .isEqualTo(3L * 6);
                float[] d = onDjl.model().parameters();
                float[] r = onRef.model().parameters();
                double max = 0;
                for (int i = 0; i < d.length; i++) {
                    assertThat(d[i]).as("θ[%d]", i).isCloseTo(r[i], within(1e-5f));
                    max = Math.max(max, Math.abs(d[i] - r[i]));
                }
                // 18 AdamW steps of about η = 0.01 each: the weights moved well beyond the tolerance
                assertThat(Math.abs(d[0] - start[0])).isGreaterThan(0.02f);
                org.slf4j.LoggerFactory.getLogger(AdamWRecipeCrossBackendTest.class)
                        .info("AdamW recipe, 18 steps: max |DJL − reference| = {}", max);
            }
        }
    }

    /** KL(u ‖ p) at temperature T, a plugin's version of "KL to uniform with a temperature": gradient (p_T − u)/T. */
    private record KlToUniformAtTemperature(double temperature) implements io.github.unlearn4j.api.model.LogitLoss {
        @Override
        public String name() {
            return "kl-uniform(T=" + temperature + ")";
        }

        @Override
        public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
            int k = z.length;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v / temperature);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v / temperature - max);
            }
            double lse = max + Math.log(sum);
            double loss = -Math.log(k);
            for (int c = 0; c < k; c++) {
                double logp = z[c] / temperature - lse;
                loss -= logp / k;
                gradient[c] = (Math.exp(logp) - 1.0 / k) / temperature;
            }
            return loss;
        }
    }

    @Test
    void aRecipeWithAPluginLossAndAdamWGivesTheSameModelOnBothBackends() {
        TestData.Classification raw = TestData.blobs(N, F, C, 23);
        float[] start = TestData.gaussians(C * F + C, 0.5, 4);
        Phase phase = new Phase("custom", new TrainingSettings(0.01, 2, 8, 0, 0), LearningRateSchedule.CONSTANT,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                        ObjectiveTerm.custom(DataRole.FORGET, new KlToUniformAtTemperature(2), 0.5)),
                BatchOrdering.PAIRED, 0, 0, 1, TrainScope.ALL)
                .withOptimizer(AdamWConfig.defaults());
        ArrayDataset refData = ArrayDataset.classification("toy", raw.x(), raw.y(), C);
        SoftmaxRegressionModel ref = new SoftmaxRegressionModel(F, C);
        ref.setParameters(start);
        try (DjlDataset djlData = DjlDataset.classification("toy", raw.x(), raw.y(), C, Device.cpu());
                DjlModel djl = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1)) {
            djl.setParameters(start);
            Recipe recipe = Recipe.unmasked(false, phase);
            try (UnlearnResult onDjl = run(recipe, djl, djlData); UnlearnResult onRef = run(recipe, ref, refData)) {
                float[] d = onDjl.model().parameters();
                float[] r = onRef.model().parameters();
                for (int i = 0; i < d.length; i++) {
                    assertThat(d[i]).as("θ[%d]", i).isCloseTo(r[i], within(1e-5f));
                }
                assertThat(Math.abs(d[0] - start[0])).isGreaterThan(0.01f);
            }
        }
    }
}
