package io.github.unlearn4j.core.testkit;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What the {@link UnlearnerContract} checks run on: a trained input model, a data split with a
 * forget set and a test set, a model that does not fit the data (for the bad-input check), and
 * how exactly two runs with one seed must agree.
 *
 * <p>{@link #reference()} is the default: a seeded softmax-regression model of the pure-Java
 * reference backend, trained for a few epochs on noisy blobs (120 rows, 8 features, 3 classes;
 * the forget set is 12 rows of class 0; 60 test rows). A plugin for another backend builds its own:
 *
 * <pre>{@code
 * new ContractFixture(() -> trainedModel.copy(), split, () -> modelWithOtherInputSize(), 1e-6)
 * }</pre>
 *
 * Every supplier call must return a new model, which the checks close.
 */
public final class ContractFixture {
    /** Features of the default fixture's data. */
    public static final int FEATURES = 8;
    /** Classes of the default fixture's data. */
    public static final int CLASSES = 3;

    private final Supplier<? extends TrainableModel> model;
    private final DataSplit split;
    private final Supplier<? extends TrainableModel> mismatchedModel;
    private final double determinismTolerance;

    /**
     * Creates a fixture.
     *
     * @param model returns a new copy of the trained input model on each call
     * @param split the data: training set, forget ids and a test set
     * @param mismatchedModel returns a new model whose input feature count differs from the data's
     * @param determinismTolerance the largest absolute parameter difference allowed between two runs
     *     with the same seed; 0 demands bit-identical parameters (the reference backend, CPU)
     */
    public ContractFixture(Supplier<? extends TrainableModel> model, DataSplit split,
            Supplier<? extends TrainableModel> mismatchedModel, double determinismTolerance) {
        this.model = Objects.requireNonNull(model, "model");
        this.split = Objects.requireNonNull(split, "split");
        this.mismatchedModel = Objects.requireNonNull(mismatchedModel, "mismatchedModel");
        if (!(determinismTolerance >= 0)) {
            throw new IllegalArgumentException("determinismTolerance = " + determinismTolerance + ": must be >= 0");
        }
        this.determinismTolerance = determinismTolerance;
        if (split.test().isEmpty()) {
            throw new IllegalArgumentException("the contract fixture needs a test set, so that provenance counts it");
        }
    }

    /** @return the default fixture: a trained reference softmax-regression model on small blobs */
    public static ContractFixture reference() {
        return Reference.FIXTURE;
    }

    /** @return a new copy of the trained input model; the caller closes it */
    public TrainableModel newModel() {
        return Objects.requireNonNull(model.get(), "the fixture's model supplier returned null");
    }

    /** @return a new model whose feature count does not match the data; the caller closes it */
    public TrainableModel newMismatchedModel() {
        return Objects.requireNonNull(mismatchedModel.get(), "the fixture's mismatched-model supplier returned null");
    }

    /** @return the data split */
    public DataSplit split() {
        return split;
    }

    /** @return the largest parameter difference allowed between two runs with one seed; 0: bit-identical */
    public double determinismTolerance() {
        return determinismTolerance;
    }

    /**
     * The same fixture with another determinism tolerance.
     *
     * @param tolerance the largest absolute parameter difference allowed
     * @return the fixture
     */
    public ContractFixture withDeterminismTolerance(double tolerance) {
        return new ContractFixture(model, split, mismatchedModel, tolerance);
    }

    /**
     * Noisy blobs: one centre per class, uniform noise in [-1, 1) around it; row i has label
     * {@code i % classes}. The centres depend only on the shape, so sets of one shape share them.
     *
     * @param name the dataset's name
     * @param rows rows
     * @param features features
     * @param classes classes
     * @param seed the noise seed
     * @return the dataset
     */
    public static ArrayDataset blobs(String name, int rows, int features, int classes, long seed) {
        SplittableRandom centreRandom = new SplittableRandom(7919L * features + classes);
        float[][] centres = new float[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < features; j++) {
                centres[c][j] = (float) (centreRandom.nextDouble() * 4 - 2);
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % classes;
            for (int j = 0; j < features; j++) {
                x[i][j] = centres[y[i]][j] + (float) (r.nextDouble() * 2 - 1);
            }
        }
        return ArrayDataset.classification(name, x, y, classes);
    }

    /** The default fixture, built once. */
    private static final class Reference {
        static final ContractFixture FIXTURE = build();

        private static ContractFixture build() {
            ArrayDataset train = blobs("contract/train", 120, FEATURES, CLASSES, 11);
            ArrayDataset test = blobs("contract/test", 60, FEATURES, CLASSES, 12);
            int[] forget = new int[12];
            for (int i = 0; i < forget.length; i++) {
                forget[i] = CLASSES * i; // the first 12 rows of class 0
            }
            DataSplit split = DataSplit.of(train, forget, test);
            SoftmaxRegressionModel trained = new SoftmaxRegressionModel(FEATURES, CLASSES);
            OriginalTraining.fit(trained, DataView.all(train), new TrainingSettings(0.1, 10, 16, 0.9, 0),
                    LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            float[] parameters = trained.parameters();
            return new ContractFixture(() -> {
                SoftmaxRegressionModel m = new SoftmaxRegressionModel(FEATURES, CLASSES);
                m.setParameters(parameters);
                return m;
            }, split, () -> {
                SoftmaxRegressionModel m = new SoftmaxRegressionModel(FEATURES - 3, CLASSES);
                m.reinitialize(1);
                return m;
            }, 0);
        }
    }
}
