package io.github.unlearn4j.api.testing;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.List;

/** A model that only describes itself; everything that would compute throws. */
public final class FakeModel implements TrainableModel {
    private final ModelDescription description;
    private int closeCount;

    public FakeModel(ModelDescription description) {
        this.description = description;
    }

    public static FakeModel classifier(int inputFeatures, int classes) {
        return new FakeModel(new ModelDescription(
                "fake", "cpu()", "linear(" + inputFeatures + "->" + classes + ")",
                TaskType.CLASSIFICATION, inputFeatures, classes,
                List.of(new ParameterGroup("weight", 0, (long) inputFeatures * classes),
                        new ParameterGroup("bias", (long) inputFeatures * classes, classes))));
    }

    public static FakeModel regressor(int inputFeatures) {
        return new FakeModel(new ModelDescription(
                "fake", "cpu()", "linear(" + inputFeatures + "->1)",
                TaskType.REGRESSION, inputFeatures, 1,
                List.of(new ParameterGroup("weight", 0, inputFeatures),
                        new ParameterGroup("bias", inputFeatures, 1))));
    }

    public int closeCount() {
        return closeCount;
    }

    @Override
    public ModelDescription description() {
        return description;
    }

    @Override
    public TrainableModel copy() {
        throw new UnsupportedOperationException("copy");
    }

    @Override
    public void reinitialize(long seed) {
        throw new UnsupportedOperationException("reinitialize");
    }

    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("zeroGradients");
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        throw new UnsupportedOperationException("accumulateGradient");
    }

    @Override
    public ParameterUpdater newUpdater(io.github.unlearn4j.api.model.OptimizerSpec config, ParameterMask mask) {
        throw new UnsupportedOperationException("newUpdater");
    }

    @Override
    public Evaluation evaluate(DataView view) {
        throw new UnsupportedOperationException("evaluate");
    }

    @Override
    public double[][] predict(DataView view) {
        throw new UnsupportedOperationException("predict");
    }

    @Override
    public float[] parameters() {
        throw new UnsupportedOperationException("parameters");
    }

    @Override
    public void setParameters(float[] values) {
        throw new UnsupportedOperationException("setParameters");
    }

    @Override
    public float[] gradients() {
        throw new UnsupportedOperationException("gradients");
    }

    @Override
    public void close() {
        closeCount++;
    }
}
