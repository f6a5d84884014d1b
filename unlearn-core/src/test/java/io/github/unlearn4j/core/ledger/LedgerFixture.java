package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.numeric.Gaussian;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** The same small ledger in a test and in a child JVM: softmax regression on Gaussian classes, fixed seeds. */
final class LedgerFixture {
    static final int ROWS = 300;
    static final TrainingSettings RECIPE = new TrainingSettings(0.5, 100, ROWS, 0.9, 0);

    private LedgerFixture() {}

    static ArrayDataset data(String name, int n, long seed) {
        SplittableRandom centres = new SplittableRandom(5);
        float[][] mu = new float[3][8];
        for (float[] m : mu) {
            for (int j = 0; j < m.length; j++) {
                m[j] = (float) (1.5 * Gaussian.next(centres));
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 8; j++) {
                x[i][j] = mu[y[i]][j] + (float) Gaussian.next(r);
            }
        }
        return ArrayDataset.classification(name, x, y, 3);
    }

    static DeletionLedger open(Path dir, Consumer<String> phases) {
        return open(dir, phases, RetrainSchedule.onFailureOnly());
    }

    static DeletionLedger open(Path dir, Consumer<String> phases, RetrainSchedule schedule) {
        return open(dir, phases, schedule, b -> { });
    }

    /** The fixture's ledger, its approximate plan's builder handed to {@code customize} before it is built. */
    static DeletionLedger open(Path dir, Consumer<String> phases, RetrainSchedule schedule,
            Consumer<UnlearningPlan.Builder> customize) {
        ArrayDataset train = data("ledger-train", ROWS, 11);
        ArrayDataset test = data("ledger-test", 150, 12);
        SoftmaxRegressionModel original = new SoftmaxRegressionModel(8, 3);
        OriginalTraining.fit(original, DataView.all(train), RECIPE, LearningRateSchedule.CONSTANT, 1,
                ProgressListener.NONE, CancellationToken.none());
        Settings retrain = Settings.of(Map.of("learningRate", RECIPE.learningRate(), "epochs", RECIPE.epochs(),
                "batchSize", RECIPE.batchSize(), "momentum", RECIPE.momentum(), "weightDecay", 0.0));
        UnlearningPlan.Builder planBuilder = UnlearningPlan.builder().optPolicy(ForgettingPolicy.lenient()).optSeed(3)
                .addStep("ft", Settings.of(Map.of("learningRate", 0.3, "epochs", 20, "batchSize", ROWS)))
                .optReferenceSettings(retrain);
        customize.accept(planBuilder);
        UnlearningPlan plan = planBuilder.build();
        UnlearningPlan retrainPlan = UnlearningPlan.builder().optPolicy(ForgettingPolicy.lenient()).optSeed(3)
                .addStep("retrain", retrain).optReferenceSettings(retrain).build();
        DeletionLedger ledger = new DeletionLedger(JdbcLedgerStore.h2(dir.resolve("ledger")), dir.resolve("models"),
                train, test, plan, original, phases, schedule, retrainPlan);
        ledger.start(original);
        return ledger;
    }
}
