package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.ReferenceModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.numeric.Gaussian;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Forgetting scenarios on the pure-Java reference backend, for the policy tests: each has a split,
 * the original model trained on all of it, and two models retrained on the retain set only (with
 * different seeds), one judged and one as the strict policy's reference. Built once per scenario,
 * in a fraction of a second to a few seconds, with fixed seeds.
 *
 * <p>"Generalizing" scenarios have many more rows than features: the original treats its training
 * rows like unseen ones. "Memorizing" scenarios have more features than rows: the original fits its
 * training rows, labels and all, and a retrained model does not.
 */
public enum PolicyScenarios {
    /** 4 overlapping Gaussian classes in 10 dimensions, 1,200 rows; every row of class 0 is forgotten. */
    CLASSES_GENERALIZING(ForgetKind.CLASSES),
    /** The same data; a random 10% of the rows is forgotten. */
    ROWS_GENERALIZING(ForgetKind.ROWS),
    /** 4 classes in 60 dimensions, 160 rows; 40 random rows are forgotten. */
    ROWS_MEMORIZING(ForgetKind.ROWS),
    /** The memorizing data with 40 rows given a wrong label; those rows are forgotten. */
    MISLABELED_MEMORIZING(ForgetKind.MISLABELED),
    /** The generalizing data with 5% of the rows given a wrong label; those rows are forgotten. */
    MISLABELED_GENERALIZING(ForgetKind.MISLABELED),
    /** Linear regression with 120 features and 60 rows (the paper's regime, n &lt; d), 30 rows forgotten. */
    REGRESSION_MEMORIZING(ForgetKind.ROWS),
    /** Linear regression with 5 features and 2,000 rows, 200 rows forgotten. */
    REGRESSION_GENERALIZING(ForgetKind.ROWS);

    /** The forget-set kind the scenario is (detected, or given for mislabeled rows). */
    public final ForgetKind kind;

    PolicyScenarios(ForgetKind kind) {
        this.kind = kind;
    }

    /** The seed every model of every scenario derives from. */
    public static final long SEED = 11;
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();
    private static final Map<PolicyScenarios, Fixture> BUILT = new EnumMap<>(PolicyScenarios.class);

    /**
     * The scenario's data and models.
     *
     * @param split the data
     * @param original trained on every training row: the no-op
     * @param retrained retrained on the retain rows (seed A): what forgetting should give
     * @param reference retrained on the retain rows (seed B): the strict policy's reference
     * @param retrainSettings the recipe of the original and of both retrained models
     */
    public record Fixture(DataSplit split, TrainableModel original, TrainableModel retrained, TrainableModel reference,
            Settings retrainSettings) {}

    /** @return the fixture, built on first use */
    public synchronized Fixture fixture() {
        return BUILT.computeIfAbsent(this, PolicyScenarios::build);
    }

    /** @return the policy with this scenario's kind fixed when it cannot be detected */
    public ForgettingPolicy forKind(ForgettingPolicy policy) {
        return kind == ForgetKind.MISLABELED ? policy.withForgetKind(ForgetKind.MISLABELED) : policy;
    }

    private static Fixture build(PolicyScenarios s) {
        switch (s) {
            case CLASSES_GENERALIZING: {
                Data d = blobs(1200, 800, 10, 4, 0.9, SEED);
                int[] forget = IntStream.range(0, 1200).filter(i -> d.train.label(i) == 0).toArray();
                return classification(d, forget, generalizingRecipe());
            }
            case ROWS_GENERALIZING: {
                Data d = blobs(1200, 800, 10, 4, 0.9, SEED);
                return classification(d, randomRows(1200, 120, SEED), generalizingRecipe());
            }
            case ROWS_MEMORIZING: {
                Data d = blobs(160, 400, 60, 4, 0.3, SEED + 1);
                return classification(d, randomRows(160, 40, SEED + 1), memorizingRecipe());
            }
            case MISLABELED_MEMORIZING: {
                int[] forget = randomRows(160, 40, SEED + 2);
                Data d = blobs(160, 400, 60, 4, 0.3, SEED + 2).mislabel(forget, SEED + 2);
                return classification(d, forget, memorizingRecipe());
            }
            case MISLABELED_GENERALIZING: {
                int[] forget = randomRows(1200, 60, SEED + 3);
                Data d = blobs(1200, 800, 10, 4, 0.9, SEED + 3).mislabel(forget, SEED + 3);
                return classification(d, forget, generalizingRecipe());
            }
            case REGRESSION_MEMORIZING:
                return regression(60, 120, 30, 400, 0.1, SEED + 4);
            case REGRESSION_GENERALIZING:
                return regression(2000, 5, 200, 1000, 0.1, SEED + 5);
            default:
                throw new AssertionError(s);
        }
    }

    private static TrainingSettings generalizingRecipe() {
        return new TrainingSettings(0.5, 200, 1200, 0.9, 0);
    }

    private static TrainingSettings memorizingRecipe() {
        return new TrainingSettings(0.5, 300, 160, 0.9, 0);
    }

    private record Data(ArrayDataset train, ArrayDataset test, float[][] x, int[] y, int classes) {
        Data mislabel(int[] rows, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int[] wrong = y.clone();
            for (int row : rows) {
                wrong[row] = (y[row] + 1 + r.nextInt(classes - 1)) % classes;
            }
            return new Data(ArrayDataset.classification("mislabeled-train", x, wrong, classes), test, x, wrong, classes);
        }
    }

    /** Gaussian classes: centres N(0, scale²) per coordinate, rows centre + N(0, 1). */
    private static Data blobs(int n, int nTest, int d, int classes, double scale, long seed) {
        SplittableRandom centres = new SplittableRandom(seed);
        float[][] mu = new float[classes][d];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                mu[c][j] = (float) (scale * Gaussian.next(centres));
            }
        }
        float[][] x = new float[n][];
        int[] y = new int[n];
        rows(x, y, mu, new SplittableRandom(seed + 1));
        float[][] xt = new float[nTest][];
        int[] yt = new int[nTest];
        rows(xt, yt, mu, new SplittableRandom(seed + 2));
        return new Data(ArrayDataset.classification("train", x, y, classes),
                ArrayDataset.classification("test", xt, yt, classes), x, y, classes);
    }

    private static void rows(float[][] x, int[] y, float[][] mu, SplittableRandom r) {
        for (int i = 0; i < x.length; i++) {
            y[i] = i % mu.length;
            x[i] = new float[mu[0].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = mu[y[i]][j] + (float) Gaussian.next(r);
            }
        }
    }

    private static int[] randomRows(int n, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, k);
        Arrays.sort(out);
        return out;
    }

    private static Fixture classification(Data d, int[] forget, TrainingSettings recipe) {
        DataSplit split = DataSplit.of(d.train, forget, d.test);
        SoftmaxRegressionModel original = new SoftmaxRegressionModel(d.train.featureCount(), d.classes);
        return fit(split, original, recipe);
    }

    /** y = x·w* / sqrt(d) + noise; x ~ N(0, 1). */
    private static Fixture regression(int n, int d, int forgetCount, int testCount, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        Arrays.setAll(w, j -> Gaussian.next(r));
        ArrayDataset train = linear("reg-train", n, w, noise, r);
        ArrayDataset test = linear("reg-test", testCount, w, noise, r);
        DataSplit split = DataSplit.of(train, randomRows(n, forgetCount, seed), test);
        // full batch, below 2 / the largest eigenvalue of the Hessian (2/n) X^T X, ~ 2 (sqrt(d) + sqrt(n))^2 / n
        double lambda = 2 * Math.pow(Math.sqrt(d) + Math.sqrt(n), 2) / n;
        return fit(split, new LinearRegressionModel(d), new TrainingSettings(0.5 / lambda, 3000, n, 0.9, 0));
    }

    private static ArrayDataset linear(String name, int n, double[] w, double noise, SplittableRandom r) {
        float[][] x = new float[n][w.length];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w.length; j++) {
                x[i][j] = (float) Gaussian.next(r);
                y[i] += x[i][j] * w[j] / Math.sqrt(w.length);
            }
            y[i] += noise * Gaussian.next(r);
        }
        return ArrayDataset.regression(name, x, y);
    }

    private static Fixture fit(DataSplit split, ReferenceModel original, TrainingSettings recipe) {
        OriginalTraining.fit(original, DataView.all(split.train()), recipe, LearningRateSchedule.CONSTANT, SEED,
                ProgressListener.NONE, CancellationToken.none());
        Settings settings = Settings.builder()
                .set(TrainingSettings.LEARNING_RATE, recipe.learningRate())
                .set(TrainingSettings.EPOCHS, recipe.epochs())
                .set(TrainingSettings.BATCH_SIZE, recipe.batchSize())
                .set(TrainingSettings.MOMENTUM, recipe.momentum())
                .set(TrainingSettings.WEIGHT_DECAY, recipe.weightDecay())
                .build();
        return new Fixture(split, original, retrain(original, split, settings, SEED + 100),
                retrain(original, split, settings, SEED + 200), settings);
    }

    private static TrainableModel retrain(TrainableModel original, DataSplit split, Settings settings, long seed) {
        UnlearnResult r = REGISTRY.create("retrain", settings)
                .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed).build());
        return r.model();
    }
}
