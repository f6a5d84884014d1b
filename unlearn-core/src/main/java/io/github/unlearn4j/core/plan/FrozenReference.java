package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.OptimizerSpec;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retrained reference as verifiers see it while methods are compared: its outputs on a view
 * are computed once and reused for every method (the reference never changes after training), and
 * it refuses every call that would change it. Copies are ordinary models; closing this view leaves
 * the reference open (its owner closes it).
 */
final class FrozenReference implements TrainableModel {
    private final TrainableModel reference;
    private final Map<ViewKey, Evaluation> evaluations = new ConcurrentHashMap<>();
    private final Map<ViewKey, double[][]> predictions = new ConcurrentHashMap<>();

    FrozenReference(TrainableModel reference) {
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /** A view by its dataset (identity) and rows (content). */
    private record ViewKey(Dataset source, int[] rows) {
        static ViewKey of(DataView view) {
            return new ViewKey(view.source(), view.rows());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ViewKey k && k.source == source && Arrays.equals(k.rows, rows);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(source) + Arrays.hashCode(rows);
        }
    }

    private static IllegalStateException frozen(String call) {
        return new IllegalStateException(call + " on the comparison's reference: it is frozen while methods are"
                + " judged against it; copy() it to train");
    }

    @Override
    public ModelDescription description() {
        return reference.description();
    }

    @Override
    public TrainableModel copy() {
        return reference.copy();
    }

    @Override
    public void reinitialize(long seed) {
        throw frozen("reinitialize");
    }

    @Override
    public void zeroGradients() {
        throw frozen("zeroGradients");
    }

    @Override
    public double accumulateGradient(Batch batch, LossTerm term, double weight) {
        throw frozen("accumulateGradient");
    }

    @Override
    public ParameterUpdater newUpdater(OptimizerSpec optimizer, ParameterMask mask) {
        throw frozen("newUpdater");
    }

    @Override
    public Evaluation evaluate(DataView view) {
        return evaluations.computeIfAbsent(ViewKey.of(view), k -> reference.evaluate(view));
    }

    @Override
    public double[][] predict(DataView view) {
        double[][] p = predictions.computeIfAbsent(ViewKey.of(view), k -> reference.predict(view));
        double[][] copy = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            copy[i] = p[i].clone();
        }
        return copy;
    }

    @Override
    public float[] parameters() {
        return reference.parameters();
    }

    @Override
    public void setParameters(float[] values) {
        throw frozen("setParameters");
    }

    @Override
    public float[] gradients() {
        return reference.gradients();
    }

    @Override
    public void checkCompatible(Dataset data) {
        reference.checkCompatible(data);
    }

    /** Leaves the reference open; its owner closes it. */
    @Override
    public void close() {}
}
