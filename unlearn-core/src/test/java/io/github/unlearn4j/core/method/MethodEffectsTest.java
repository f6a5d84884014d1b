package io.github.unlearn4j.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.recipe.SaliencyMask;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.TrainingLoop;
import io.github.unlearn4j.core.verify.Outputs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every method on softmax regression, on a small synthetic task, each checked for its own
 * characteristic effect. The original model is trained on all data; the forget set is class 0.
 */
class MethodEffectsTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();
    private static ArrayDataset train;
    private static DataSplit split;
    private static SoftmaxRegressionModel original;

    @BeforeAll
    static void trainOriginal() {
        // noisy blobs in 20 dimensions with few rows per class: the model can memorize its forget rows
        train = TestData.classification(90, 20, 3, 31);
        int[] forget = new int[30];
        for (int i = 0; i < forget.length; i++) {
            forget[i] = 3 * i;
        }
        split = DataSplit.of(train, forget, TestData.classification(60, 20, 3, 32));
        original = new SoftmaxRegressionModel(20, 3);
        original.reinitialize(1);
        BatchSampler all = new BatchSampler(DataView.all(train), 30, 5);
        TrainingLoop.run(original, TrainingLoop.Spec.uniform("train", 100, all.batchesPerPass(), 0.05,
                new SgdConfig(0.9, 0.02), ParameterMask.all(63), ProgressListener.NONE, CancellationToken.none()),
                (m, e, s) -> m.accumulateGradient(all.next(), LossTerm.TASK, 1.0));
    }

    private static UnlearnResult run(String method, Map<String, Object> settings) {
        Map<String, Object> s = new HashMap<>(Map.of("batchSize", 16));
        s.putAll(settings);
        return REGISTRY.create(method, Settings.of(s))
                .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(3).build());
    }

    private static double forgetLoss(TrainableModel m) {
        return m.evaluate(split.forget()).meanLoss();
    }

    @Test
    void everyIssueMethodIsRegistered() {
        assertThat(REGISTRY.names()).contains("ft", "retrain", "ga", "neggrad+", "rl", "l1-sparse", "ce-ft",
                "ice-ft", "kl-ft", "salun", "rbm", "scrub", "newton");
        REGISTRY.providers().forEach(p -> assertThat(p.description()).as(p.name()).isNotBlank());
    }

    @Test
    void originalModelFitsItsForgetSet() {
        assertThat(original.evaluate(split.forget()).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void gaRaisesTheForgetLoss() {
        try (UnlearnResult r = run("ga", Map.of("learningRate", 0.1, "epochs", 5))) {
            assertThat(forgetLoss(r.model())).isGreaterThan(2 * forgetLoss(original));
        }
    }

    @Test
    void rlMovesForgetPredictionsOffTheirLabels() {
        try (UnlearnResult r = run("rl", Map.of("learningRate", 0.1, "epochs", 10));
                UnlearnResult ft = run("ft", Map.of("learningRate", 0.1, "epochs", 10))) {
            double rlForget = r.model().evaluate(split.forget()).accuracy();
            assertThat(rlForget).isLessThan(ft.model().evaluate(split.forget()).accuracy());
            assertThat(forgetLoss(r.model())).isGreaterThan(2 * forgetLoss(ft.model()));
        }
    }

    @Test
    void l1SparseMakesWeightsSparserThanFt() {
        try (UnlearnResult l1 = run("l1-sparse", Map.of("alpha", 0.05, "learningRate", 0.05, "epochs", 10));
                UnlearnResult ft = run("ft", Map.of("learningRate", 0.05, "epochs", 10))) {
            assertThat(l1Norm(l1.model().parameters())).isLessThan(0.8 * l1Norm(ft.model().parameters()));
        }
    }

    private static double l1Norm(float[] p) {
        double s = 0;
        for (float v : p) {
            s += Math.abs(v);
        }
        return s;
    }

    @Test
    void negGradPlusAndRegularizedFtVariantsRaiseForgetLossAboveFt() {
        try (UnlearnResult ft = run("ft", Map.of("learningRate", 0.05, "epochs", 10))) {
            double ftForget = forgetLoss(ft.model());
            for (String method : new String[] {"neggrad+", "ce-ft", "ice-ft", "kl-ft"}) {
                Map<String, Object> s = new HashMap<>(Map.of("learningRate", 0.05, "epochs", 10));
                s.put(method.equals("neggrad+") ? "beta" : "alpha", method.equals("neggrad+") ? 0.7 : 1.0);
                try (UnlearnResult r = run(method, s)) {
                    assertThat(forgetLoss(r.model())).as(method).isGreaterThan(1.5 * ftForget);
                    assertThat(r.model().evaluate(split.retain()).accuracy()).as(method).isGreaterThan(0.8);
                }
            }
        }
    }

    @Test
    void salunAndRbmLeaveUnmaskedWeightsBitIdentical() {
        float[] before = original.parameters();
        Map<String, Object> salun = Map.of("learningRate", 0.05, "epochs", 5, "fraction", 0.3);
        Map<String, Object> rbm = Map.of("learningRate", 0.05, "epochs", 5, "keepFraction", 0.7,
                "saliency", "gradient", "variant", "masked-rl");
        for (var entry : Map.of("salun", salun, "rbm", rbm).entrySet()) {
            try (UnlearnResult r = run(entry.getKey(), entry.getValue())) {
                float[] after = r.model().parameters();
                int unchanged = 0;
                for (int i = 0; i < after.length; i++) {
                    if (Float.floatToRawIntBits(after[i]) == Float.floatToRawIntBits(before[i])) {
                        unchanged++;
                    }
                }
                // 63 parameters: salun moves the top 30% (19), rbm moves the bottom 30% (18)
                int moved = entry.getKey().equals("salun") ? 19 : 18;
                assertThat(unchanged).as(entry.getKey()).isEqualTo(63 - moved);
                assertThat(forgetLoss(r.model())).as(entry.getKey()).isGreaterThan(forgetLoss(original));
            }
        }
    }

    @Test
    void scrubKeepsRetainPredictionsCloseToTheTeacher() {
        // SCRUB's defaults weigh CE (gamma 0.99) far above KL (alpha 0.001); raise alpha to see the KL term work
        try (UnlearnResult r = run("scrub", Map.of("learningRate", 0.1, "epochs", 5, "alpha", 1.0, "gamma", 0.1));
                UnlearnResult ft = run("ft", Map.of("learningRate", 0.1, "epochs", 5))) {
            double scrubRetainKl = meanKl(original, r.model(), split.retain());
            assertThat(scrubRetainKl).isLessThan(0.5 * meanKl(original, ft.model(), split.retain()));
            assertThat(meanKl(original, r.model(), split.forget())).isGreaterThan(scrubRetainKl);
        }
    }

    private static double meanKl(TrainableModel teacher, TrainableModel student, DataView view) {
        return Outputs.meanKl(teacher.predict(view), student.predict(view));
    }

    @Test
    void rbmResolvesAutoToFeatureUsageOnSparseDataAndGradientOnDense() {
        SaliencyMask mask = (SaliencyMask) ((RecipeUnlearner) REGISTRY.create("rbm", Settings.empty())).recipe().mask();
        assertThat(mask.describe()).contains("auto");
        assertThat(mask.resolve(original, split).describe()).contains("fisher").contains("globally");
        var theory = new io.github.unlearn4j.core.theory.LinearTheory(io.github.unlearn4j.core.theory.LinearTheoryData
                .generate(io.github.unlearn4j.core.theory.FeatureRegime.DISTINCT,
                        io.github.unlearn4j.core.theory.LinearTheoryData.Config.DEFAULT, 1), REGISTRY);
        assertThat(mask.resolve(theory.pretrainedModel(), theory.split()).describe())
                .contains("feature-usage").contains("score > 0.0");
    }

    @Test
    void newtonEqualsRidgeRetrainingExactly() {
        ArrayDataset reg = TestData.regression(40, 6, 4);
        DataSplit s = DataSplit.of(reg, new int[] {1, 5, 9, 13}, null);
        LinearRegressionModel start = LinearRegressionModel.withWeights(new float[] {1, 2, 3, 4, 5, 6});
        double lambda = 0.1;
        double[] newton;
        try (UnlearnResult r = REGISTRY.create("newton", Settings.of(Map.of("ridge", lambda)))
                .unlearn(UnlearnRequest.builder().setModel(start).setData(s).build())) {
            newton = io.github.unlearn4j.core.theory.Vectors.toDoubles(r.model().parameters());
        }
        // closed form of argmin (1/n)|X_r w - y_r|^2 + (lambda/2)|w|^2: ((2/n) XᵀX + lambda I) w = (2/n) Xᵀy
        int[] rows = s.retain().rows();
        int d = 6;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int row : rows) {
            for (int i = 0; i < d; i++) {
                b[i] += 2.0 * reg.feature(row, i) * reg.target(row) / rows.length;
                for (int j = 0; j < d; j++) {
                    a[i][j] += 2.0 * reg.feature(row, i) * reg.feature(row, j) / rows.length;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            a[i][i] += lambda;
        }
        double[] ridge = NewtonUnlearner.solveSymmetric(a, b);
        for (int i = 0; i < d; i++) {
            assertThat(newton[i]).as("w[%d]", i).isCloseTo(ridge[i], within(1e-5 * (1 + Math.abs(ridge[i]))));
        }
        // and retraining with weight decay lambda converges to the same model
        try (UnlearnResult r = REGISTRY.create("retrain", Settings.of(Map.of("weightDecay", lambda, "learningRate", 0.05,
                        "epochs", 3000, "batchSize", 36, "momentum", 0.9)))
                .unlearn(UnlearnRequest.builder().setModel(start).setData(s).build())) {
            float[] w = r.model().parameters();
            for (int i = 0; i < d; i++) {
                assertThat((double) w[i]).isCloseTo(newton[i], within(1e-4 * (1 + Math.abs(newton[i]))));
            }
        }
    }

    @Test
    void methodsThatNeedWhatAModelLacksSayWhatIsMissing() {
        ArrayDataset reg = TestData.regression(20, 4, 1);
        DataSplit s = DataSplit.of(reg, new int[] {1}, null);
        LinearRegressionModel lin = new LinearRegressionModel(4);
        assertThatThrownBy(() -> REGISTRY.create("rl", Settings.empty())
                .unlearn(UnlearnRequest.builder().setModel(lin).setData(s).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("classification");
        TrainableModel opaque = new DelegatingModel(original);
        assertThatThrownBy(() -> REGISTRY.create("newton", Settings.empty())
                .unlearn(UnlearnRequest.builder().setModel(opaque).setData(split).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("exact Hessian");
        assertThatThrownBy(() -> REGISTRY.create("rbm", Settings.of(Map.of("saliency", "feature-usage")))
                .unlearn(UnlearnRequest.builder().setModel(opaque).setData(split).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("feature-to-parameter");
    }

    @Test
    void settingsAreValidatedWithTheirRanges() {
        assertThatThrownBy(() -> REGISTRY.create("salun", Settings.of(Map.of("fraction", 0.0))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> REGISTRY.create("salun", Settings.of(Map.of("fraction", 1.5))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("= 1.5");
        assertThatThrownBy(() -> REGISTRY.create("scrub", Settings.of(Map.of("temperature", 0))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("temperature").hasMessageContaining("> 0");
        assertThatThrownBy(() -> REGISTRY.create("ce-ft", Settings.of(Map.of("alpha", -0.1))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> REGISTRY.create("rbm", Settings.of(Map.of("variant", "sideways"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("reset-ft");
        assertThatThrownBy(() -> REGISTRY.create("rbm", Settings.of(Map.of("unkept", "keep"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("reset");
        assertThatThrownBy(() -> REGISTRY.create("newton", Settings.of(Map.of("ridge", -1))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ridge");
    }

    @Test
    void everyMethodIsDeterministicAndLeavesTheInputUntouched() {
        float[] before = original.parameters();
        for (String method : REGISTRY.names()) {
            Map<String, Object> s = method.equals("newton") ? Map.of() : Map.of("epochs", 1);
            float[] a;
            float[] b;
            try (UnlearnResult r1 = REGISTRY.create(method, Settings.of(s)).unlearn(
                    UnlearnRequest.builder().setModel(original).setData(split).optSeed(11).build());
                    UnlearnResult r2 = REGISTRY.create(method, Settings.of(s)).unlearn(
                            UnlearnRequest.builder().setModel(original).setData(split).optSeed(11).build())) {
                a = r1.model().parameters();
                b = r2.model().parameters();
            }
            assertThat(a).as(method).containsExactly(b);
            assertThat(original.parameters()).as(method).containsExactly(before);
        }
    }

    /** Hides the reference model's capabilities, as a third-party backend would. */
    private static final class DelegatingModel implements TrainableModel {
        private final TrainableModel inner;

        DelegatingModel(TrainableModel inner) {
            this.inner = inner;
        }

        @Override
        public io.github.unlearn4j.api.model.ModelDescription description() {
            return inner.description();
        }

        @Override
        public TrainableModel copy() {
            return new DelegatingModel(inner.copy());
        }

        @Override
        public void reinitialize(long seed) {
            inner.reinitialize(seed);
        }

        @Override
        public void zeroGradients() {
            inner.zeroGradients();
        }

        @Override
        public double accumulateGradient(Batch batch, LossTerm term, double weight) {
            return inner.accumulateGradient(batch, term, weight);
        }

        @Override
        public io.github.unlearn4j.api.model.ParameterUpdater newUpdater(io.github.unlearn4j.api.model.OptimizerSpec config, ParameterMask mask) {
            return inner.newUpdater(config, mask);
        }

        @Override
        public io.github.unlearn4j.api.model.Evaluation evaluate(DataView view) {
            return inner.evaluate(view);
        }

        @Override
        public double[][] predict(DataView view) {
            return inner.predict(view);
        }

        @Override
        public float[] parameters() {
            return inner.parameters();
        }

        @Override
        public void setParameters(float[] values) {
            inner.setParameters(values);
        }

        @Override
        public float[] gradients() {
            return inner.gradients();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
