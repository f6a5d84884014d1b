package io.github.unlearn4j.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.RecipeUnlearner;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.Outputs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A phase names its data (a retain subset, mixed batches with per-row terms) and its teachers. */
class PhaseDataAndTeachersTest {
    private static final long SEED = 42;
    private final ArrayDataset train = TestData.classification(100, 4, 3, 3);
    private final DataSplit split = DataSplit.of(train, range(0, 20), null);

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private SoftmaxRegressionModel start() {
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(4, 3);
        model.reinitialize(1);
        return model;
    }

    private UnlearnResult run(TrainableModel model, Phase phase) {
        RecipeUnlearner u = new RecipeUnlearner("custom",
                SettingsSchema.of("custom", List.of()).resolve(Settings.empty()), Recipe.unmasked(false, phase));
        return u.unlearn(UnlearnRequest.builder().setModel(model).setData(split).optSeed(SEED).build());
    }

    private static Phase phase(TrainingSettings t, BatchOrdering ordering, ObjectiveTerm... terms) {
        return new Phase("p", t, LearningRateSchedule.CONSTANT, List.of(terms), ordering, 0, 0, 1, TrainScope.ALL);
    }

    @Test
    void aMixedBatchGivesEachRowTheTermsOfItsRoleWeightedByItsShare() {
        // one step over all 100 rows: 80 retain rows with CE, 20 forget rows with inverse CE
        TrainingSettings oneStep = new TrainingSettings(0.1, 1, 100, 0, 0);
        SoftmaxRegressionModel model = start();
        float[] before = model.parameters();
        Phase mixed = phase(oneStep, BatchOrdering.MIXED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                ObjectiveTerm.of(DataRole.FORGET, TermKind.INVERSE_CE, 1));
        float[] after;
        try (UnlearnResult r = run(model, mixed)) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(1);
            after = r.model().parameters();
        }
        try (TrainableModel expected = start()) {
            expected.zeroGradients();
            expected.accumulateGradient(Batch.of(train, split.retain().rows()), LossTerm.TASK, 0.8);
            expected.accumulateGradient(Batch.of(train, split.forget().rows()), LossTerm.INVERSE_CE, 0.2);
            float[] g = expected.gradients();
            for (int i = 0; i < before.length; i++) {
                assertThat((double) after[i]).as("parameter %d", i).isCloseTo(before[i] - 0.1 * g[i], within(1e-5));
            }
        }
    }

    @Test
    void mixedBatchesMakeOnePassOverRetainAndForgetRowsTogether() {
        TrainingSettings t = new TrainingSettings(0.05, 2, 10, 0.9, 0);
        Phase mixed = phase(t, BatchOrdering.MIXED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                new ObjectiveTerm(DataRole.FORGET, TermKind.TASK, 1, LabelMode.RANDOM));
        try (UnlearnResult r = run(start(), mixed)) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(2 * 10);
        }
        // with half of the retain rows: (40 + 20) / 10 batches per epoch
        try (UnlearnResult r = run(start(), mixed.withRetainSubset(0.5))) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(2 * 6);
        }
    }

    @Test
    void aRetainSubsetIsASeededShareOfTheRetainRows() {
        DataView retain = split.retain();
        DataView a = RecipeRunner.retainRows(retain, 0.25, 7);
        assertThat(a.size()).isEqualTo(20);
        assertThat(retain.rows()).contains(a.rows());
        assertThat(a.rows()).isSorted();
        assertThat(RecipeRunner.retainRows(retain, 0.25, 7).rows()).containsExactly(a.rows());
        assertThat(RecipeRunner.retainRows(retain, 0.25, 8).rows()).isNotEqualTo(a.rows());
        assertThat(RecipeRunner.retainRows(retain, 1.0, 7)).isSameAs(retain);
        assertThat(RecipeRunner.retainRows(retain, 1e-6, 7).size()).isEqualTo(1);

        Phase ft = phase(new TrainingSettings(0.05, 1, 10, 0.9, 0), BatchOrdering.PAIRED,
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1)).withRetainSubset(0.25);
        try (UnlearnResult r = run(start(), ft)) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(2);
        }
    }

    @Test
    void distillingFromTheInputLeavesTheModelWhereItIsAndFromARandomTeacherMovesItThere() {
        TrainingSettings t = new TrainingSettings(0.5, 30, 20, 0.9, 0);
        TrainableModel model;
        try (UnlearnResult trained = run(start(), phase(t, BatchOrdering.PAIRED,
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1)))) {
            model = trained.model().copy();
        }
        float[] before = model.parameters();
        try (UnlearnResult r = run(model, phase(t, BatchOrdering.PAIRED,
                ObjectiveTerm.distill(DataRole.FORGET, Teacher.INPUT, 1)))) {
            float[] after = r.model().parameters();
            for (int i = 0; i < before.length; i++) {
                assertThat((double) after[i]).isCloseTo(before[i], within(1e-6));
            }
        }
        try (TrainableModel incompetent = model.copy()) {
            incompetent.reinitialize(SEED ^ RecipeRunner.TEACHER_SALT);
            double klBefore = kl(incompetent, model, split.forget());
            try (UnlearnResult r = run(model, phase(t, BatchOrdering.PAIRED,
                    ObjectiveTerm.distill(DataRole.FORGET, Teacher.RANDOM_INIT, 1)))) {
                double klAfter = kl(incompetent, r.model(), split.forget());
                assertThat(klBefore).isGreaterThan(0.01);
                assertThat(klAfter).isLessThan(0.3 * klBefore);
            }
        } finally {
            model.close();
        }
    }

    @Test
    void aRecipeNamesTheTeachersItsTermsUse() {
        TrainingSettings t = new TrainingSettings(0.05, 1, 10, 0.9, 0);
        Recipe badTeacher = Recipe.unmasked(false, phase(t, BatchOrdering.MIXED,
                ObjectiveTerm.distill(DataRole.RETAIN, Teacher.INPUT, 1),
                ObjectiveTerm.distill(DataRole.FORGET, Teacher.RANDOM_INIT, 1)));
        assertThat(badTeacher.teachers()).containsExactly(Teacher.INPUT, Teacher.RANDOM_INIT);
        assertThat(Recipe.unmasked(false, phase(t, BatchOrdering.PAIRED,
                ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1))).needsTeacher()).isFalse();
        try (UnlearnResult r = run(start(), badTeacher.phases().get(0))) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(10);
        }
    }

    @Test
    void klToUniformAtATemperatureHasTheGradientOfItsFormula() {
        double[] z = {1.3, -0.4, 2.2, 0.1};
        for (double temperature : new double[] {1, 2.5, 0.7}) {
            TemperedUniformKl loss = new TemperedUniformKl(temperature);
            double[] g = new double[4];
            double value = loss.rowLoss(z, 0, null, g);
            double[] q = softmax(z, temperature);
            double expected = 0;
            for (double v : q) {
                expected += 0.25 * Math.log(0.25 / v);
            }
            assertThat(value).isCloseTo(temperature * temperature * expected, within(1e-12));
            for (int k = 0; k < 4; k++) {
                double[] up = z.clone();
                double[] down = z.clone();
                up[k] += 1e-6;
                down[k] -= 1e-6;
                double numeric = (loss.rowLoss(up, 0, null, new double[4]) - loss.rowLoss(down, 0, null, new double[4]))
                        / 2e-6;
                assertThat(g[k]).as("T=%s, class %d", temperature, k).isCloseTo(numeric, within(1e-6));
            }
        }
    }

    @Test
    void aTemperatureBelowOneSharpensTheFlatteningOfForgetOutputs() {
        TrainingSettings t = new TrainingSettings(0.2, 20, 20, 0.9, 0);
        Phase flatten = phase(t, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.FORGET, TermKind.KL_UNIFORM, 1));
        SoftmaxRegressionModel model = start();
        try (UnlearnResult t1 = run(model, flatten); UnlearnResult t3 = run(model, flatten.withTemperature(3))) {
            assertThat(t1.model().parameters()).isNotEqualTo(t3.model().parameters());
            // both flatten the forget rows' probabilities towards uniform
            double start = kl(uniformLike(model), model, split.forget());
            assertThat(kl(uniformLike(model), t1.model(), split.forget())).isLessThan(start);
            assertThat(kl(uniformLike(model), t3.model(), split.forget())).isLessThan(start);
        }
    }

    @Test
    void invalidDataAndTeacherChoicesNameTheField() {
        TrainingSettings t = new TrainingSettings(0.05, 2, 10, 0.9, 0);
        ObjectiveTerm ce = ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1);
        assertThatThrownBy(() -> new Phase("p", t, LearningRateSchedule.CONSTANT, List.of(ce), BatchOrdering.MIXED, 1,
                0, 1, TrainScope.ALL)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("p.forgetEpochs");
        Phase p = phase(t, BatchOrdering.PAIRED, ce);
        assertThatThrownBy(() -> p.withRetainSubset(0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("p.retainFraction");
        assertThatThrownBy(() -> p.withRetainSubset(1.5)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> new ObjectiveTerm(DataRole.FORGET, TermKind.TASK, 1, LabelMode.TRUE, null,
                Teacher.RANDOM_INIT)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("teacher");
    }

    /** A model whose every output is the same, so its softmax is uniform. */
    private static TrainableModel uniformLike(TrainableModel model) {
        TrainableModel flat = model.copy();
        float[] zeros = new float[flat.parameters().length];
        flat.setParameters(zeros);
        return flat;
    }

    private static double kl(TrainableModel target, TrainableModel model, DataView rows) {
        return Outputs.meanKl(target.predict(rows), model.predict(rows));
    }

    private static double[] softmax(double[] z, double temperature) {
        double max = Arrays.stream(z).max().orElseThrow() / temperature;
        double[] e = new double[z.length];
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / temperature - max);
            s += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= s;
        }
        return e;
    }
}
