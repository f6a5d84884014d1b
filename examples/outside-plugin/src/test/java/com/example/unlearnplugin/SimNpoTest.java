package com.example.unlearnplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.AdamWConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.DataRole;
import io.github.unlearn4j.core.recipe.ObjectiveTerm;
import io.github.unlearn4j.core.recipe.Phase;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TermKind;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code simnpo} as a user meets it: found by name, built from settings, run on a trained model. */
class SimNpoTest {
    private static final UnlearnerRegistry METHODS = UnlearnerRegistry.loadDefault();
    private static final int CLASSES = 4;
    private static final int FEATURES = 6;
    private static final int FORGOTTEN = 2;

    private static DataSplit split;
    private static float[] trained;

    /**
     * Four Gaussian classes in six features (unit noise around centres 3 apart on one axis each),
     * 400 training and 200 test rows; a softmax regression trained on all training rows; the forget
     * set is every training row of class 2.
     */
    @BeforeAll
    static void trainTheOriginal() {
        ArrayDataset train = gaussians("train", 400, new Random(101));
        ArrayDataset test = gaussians("test", 200, new Random(202));
        int[] forget = IntStream.range(0, train.size()).filter(i -> train.label(i) == FORGOTTEN).toArray();
        split = DataSplit.of(train, forget, test);
        try (SoftmaxRegressionModel model = new SoftmaxRegressionModel(FEATURES, CLASSES)) {
            OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.1, 10, 32, 0.9, 0),
                    LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            trained = model.parameters();
        }
    }

    private static ArrayDataset gaussians(String name, int rows, Random random) {
        float[][] x = new float[rows][FEATURES];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = (float) ((j == y[i] ? 3 : 0) + random.nextGaussian());
            }
        }
        return ArrayDataset.classification(name, x, y, CLASSES);
    }

    private static SoftmaxRegressionModel original() {
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(FEATURES, CLASSES);
        model.setParameters(trained);
        return model;
    }

    private static UnlearnResult unlearn(String method, Map<String, Object> settings, TrainableModel model) {
        return METHODS.create(method, Settings.of(settings))
                .unlearn(UnlearnRequest.builder().setModel(model).setData(split).optSeed(5).build());
    }

    @Test
    void forgetsTheClassAndKeepsTheRest() {
        // 5 passes of 19 steps; fine-tuning gets the same epochs, batches and learning rate
        Map<String, Object> budget = Map.of("epochs", 5, "batchSize", 16, "learningRate", 0.03);
        try (SoftmaxRegressionModel original = original();
                UnlearnResult simnpo = unlearn(SimNpoProvider.NAME, budget, original);
                UnlearnResult ft = unlearn("ft", budget, original)) {
            double forgetBefore = original.evaluate(split.forget()).accuracy();
            double retainBefore = original.evaluate(split.retain()).accuracy();
            double forgetAfter = simnpo.model().evaluate(split.forget()).accuracy();
            double retainAfter = simnpo.model().evaluate(split.retain()).accuracy();
            assertThat(forgetBefore).as("the original knows the class").isGreaterThan(0.9);
            assertThat(forgetAfter).as("simnpo's forget accuracy").isLessThan(0.1);
            assertThat(retainAfter).as("simnpo's retain accuracy").isGreaterThan(retainBefore - 0.05);
            // the forget term does it: fine-tuning on the retain set alone, same budget, keeps the class
            assertThat(ft.model().evaluate(split.forget()).accuracy()).as("ft's forget accuracy").isGreaterThan(0.5);
        }
    }

    @Test
    void theRecipeIsTheSimNpoTermAndRetainCrossEntropyWithAdamW() {
        SimNpoProvider provider = new SimNpoProvider();
        Recipe recipe = provider.recipe(provider.settingsSchema().resolve(
                Settings.of(Map.of("beta", 4.0, "gamma", 0.5, "retainWeight", 2.0, "weightDecay", 0.01))));
        assertThat(recipe.phases()).hasSize(1);
        Phase phase = recipe.phases().get(0);
        assertThat(phase.optimizer()).isEqualTo(new AdamWConfig(0.9, 0.999, 1e-8, 0.01));
        assertThat(phase.terms()).containsExactly(
                ObjectiveTerm.custom(DataRole.FORGET, new SimNpoLoss(4.0, 0.5), 1.0),
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 2.0));
        assertThat(phase.training().learningRate()).isEqualTo(1e-3);
    }

    @Test
    void needsAClassificationModel() {
        ArrayDataset data = ArrayDataset.regression("line", new float[][] {{1}, {2}, {3}}, new double[] {1, 2, 3});
        try (LinearRegressionModel model = new LinearRegressionModel(1)) {
            assertThatThrownBy(() -> METHODS.create(SimNpoProvider.NAME, Settings.empty()).unlearn(UnlearnRequest
                    .builder().setModel(model).setData(DataSplit.of(data, new int[] {0}, null)).build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void serviceLoaderFindsTheMethodAndTheVerifier() {
        assertThat(METHODS.names()).contains(SimNpoProvider.NAME, "ft", "retrain");
        assertThat(VerifierRegistry.loadDefault().names()).contains(PredictionEntropyVerifier.NAME);
    }
}
