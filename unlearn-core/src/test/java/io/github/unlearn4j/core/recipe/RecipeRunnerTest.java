package io.github.unlearn4j.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.RecipeUnlearner;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recipe parts, assembled by hand the way a third party would, without touching core. */
class RecipeRunnerTest {
    // 100 rows, 20 forgotten: with batch 10, 8 retain batches and 2 forget batches per pass
    private final ArrayDataset train = TestData.classification(100, 4, 2, 3);
    private final DataSplit split = DataSplit.of(train, range(0, 20), null);
    private final TrainingSettings oneEpoch = new TrainingSettings(0.05, 1, 10, 0.9, 0);

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private UnlearnResult run(Recipe recipe, List<Progress> events) {
        SoftmaxRegressionModel model = new SoftmaxRegressionModel(4, 2);
        model.reinitialize(1);
        RecipeUnlearner u = new RecipeUnlearner("custom", SettingsSchema.of("custom", List.of()).resolve(
                io.github.unlearn4j.api.settings.Settings.empty()), recipe);
        return u.unlearn(UnlearnRequest.builder().setModel(model).setData(split).optProgress(events::add).build());
    }

    private long steps(BatchOrdering ordering, int epochs, int forgetEpochs) {
        TrainingSettings t = new TrainingSettings(0.05, epochs, 10, 0.9, 0);
        Phase phase = new Phase("p", t, LearningRateSchedule.CONSTANT,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                        new ObjectiveTerm(DataRole.FORGET, TermKind.TASK, 1, LabelMode.RANDOM)),
                ordering, forgetEpochs, 0, 1, TrainScope.ALL);
        try (UnlearnResult r = run(Recipe.unmasked(false, phase), new ArrayList<>())) {
            return r.provenance().optimizerSteps();
        }
    }

    @Test
    void orderingsDecideTheNumberOfSteps() {
        assertThat(steps(BatchOrdering.PAIRED, 1, 0)).isEqualTo(8);
        assertThat(steps(BatchOrdering.FORGET_FIRST, 1, 0)).isEqualTo(2 + 8);
        assertThat(steps(BatchOrdering.ALTERNATING, 1, 0)).isEqualTo(16);
        // forget terms only in the first epoch (SCRUB's max steps)
        assertThat(steps(BatchOrdering.FORGET_FIRST, 3, 1)).isEqualTo(10 + 8 + 8);
    }

    @Test
    void selectedWeightsCanBeResetAndOnlyTheScopeMoves() {
        // select the bias (the last 2 parameters) by a mask that ignores the model
        MaskStrategy lastTwo = new MaskStrategy() {
            @Override
            public boolean[] select(io.github.unlearn4j.api.model.TrainableModel model, DataSplit data) {
                boolean[] s = new boolean[10];
                s[8] = true;
                s[9] = true;
                return s;
            }

            @Override
            public String describe() {
                return "bias";
            }
        };
        SoftmaxRegressionModel start = new SoftmaxRegressionModel(4, 2);
        start.reinitialize(1);
        float[] before = start.parameters();
        Phase ft = Phase.simple("ft", oneEpoch, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1));
        Recipe recipe = new Recipe(false, lastTwo, WeightTreatment.RESET_ZERO, WeightTreatment.KEEP,
                List.of(ft.withScope(TrainScope.UNSELECTED)));
        try (UnlearnResult r = run(recipe, new ArrayList<>())) {
            float[] after = r.model().parameters();
            assertThat(after[8]).isZero();
            assertThat(after[9]).isZero();
            assertThat(after[0]).isNotEqualTo(before[0]);
        }
    }

    @Test
    void reinitializeTreatmentDrawsFreshValuesFromTheSeed() {
        MaskStrategy all = new MaskStrategy() {
            @Override
            public boolean[] select(io.github.unlearn4j.api.model.TrainableModel model, DataSplit data) {
                return new boolean[10];
            }

            @Override
            public String describe() {
                return "none";
            }
        };
        Phase frozen = Phase.simple("p", oneEpoch, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1))
                .withScope(TrainScope.SELECTED);
        Recipe recipe = new Recipe(false, all, WeightTreatment.KEEP, WeightTreatment.REINITIALIZE, List.of(frozen));
        float[] a;
        try (UnlearnResult r = run(recipe, new ArrayList<>())) {
            a = r.model().parameters();
        }
        SoftmaxRegressionModel start = new SoftmaxRegressionModel(4, 2);
        start.reinitialize(1);
        assertThat(a).isNotEqualTo(start.parameters());
        try (UnlearnResult r = run(recipe, new ArrayList<>())) {
            assertThat(r.model().parameters()).containsExactly(a);
        }
    }

    @Test
    void progressNamesEachPhaseOfAMultiPhaseRecipe() {
        Phase ga = Phase.simple("ascent", oneEpoch, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.FORGET, TermKind.TASK, -1));
        Phase ft = Phase.simple("repair", oneEpoch, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1));
        List<Progress> events = new ArrayList<>();
        try (UnlearnResult r = run(Recipe.unmasked(false, ga, ft), events)) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(2 + 8);
        }
        assertThat(events.get(0).stage()).isEqualTo("custom/ascent");
        assertThat(events.get(events.size() - 1).stage()).isEqualTo("custom/repair");
    }

    @Test
    void invalidRecipesFailWithTheField() {
        Phase ft = Phase.simple("ft", oneEpoch, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1));
        assertThatThrownBy(() -> Recipe.unmasked(false, ft.withScope(TrainScope.SELECTED)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ft.scope");
        assertThatThrownBy(() -> new Phase("p", oneEpoch, LearningRateSchedule.CONSTANT, List.of(), BatchOrdering.PAIRED,
                0, 0, 1, TrainScope.ALL)).hasMessageContaining("p.terms");
        assertThatThrownBy(() -> new Phase("p", oneEpoch, LearningRateSchedule.CONSTANT,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1)), BatchOrdering.PAIRED, 0, -1, 1,
                TrainScope.ALL)).hasMessageContaining("p.l1Strength = -1.0");
        assertThatThrownBy(() -> ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, Double.NaN))
                .hasMessageContaining("weight = NaN");
        assertThatThrownBy(() -> new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.GRADIENT, Ranking.GLOBAL, 0, 0, 8))
                .hasMessageContaining("fraction = 0.0");
    }

    @Test
    void topSelectionBreaksTiesByIndexAndRespectsTensors() {
        boolean[] out = new boolean[6];
        SaliencyMask.selectTop(new double[] {1, 3, 3, 3, 0, 2}, 0, 6, 0.5, out);
        assertThat(out).containsExactly(false, true, true, true, false, false);
        boolean[] two = new boolean[6];
        SaliencyMask.selectTop(new double[] {1, 3, 3, 3, 0, 2}, 0, 6, 1.0 / 3, two);
        assertThat(two).containsExactly(false, true, true, false, false, false);
    }

    @Test
    void gradientSaliencyIsTheAbsoluteMeanGradientAndFisherItsSquares() {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(4, 2);
        m.reinitialize(5);
        double[] grad = Saliency.compute(m, split.retain(), SaliencySource.GRADIENT, 7);
        m.zeroGradients();
        m.accumulateGradient(io.github.unlearn4j.api.data.Batch.of(train, split.retain().rows()),
                io.github.unlearn4j.api.model.LossTerm.TASK, 1.0);
        float[] full = m.gradients();
        for (int i = 0; i < full.length; i++) {
            assertThat(grad[i]).isCloseTo(Math.abs(full[i]), org.assertj.core.data.Offset.offset(1e-5));
        }
        double[] fisher = Saliency.compute(m, split.retain(), SaliencySource.FISHER, 80);
        for (int i = 0; i < full.length; i++) {
            assertThat(fisher[i]).isCloseTo((double) full[i] * full[i], org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(m.gradients()).containsOnly(0f);
    }

    private Phase retainAndKlPhase() {
        return new Phase("p", new TrainingSettings(0.05, 2, 10, 0.9, 0.01), LearningRateSchedule.CONSTANT,
                List.of(ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1),
                        ObjectiveTerm.of(DataRole.FORGET, TermKind.KL_UNIFORM, 0.5)),
                BatchOrdering.PAIRED, 0, 0, 1, TrainScope.ALL);
    }

    @Test
    void theDefaultOptimizerIsTheTrainingSettingsSgdBitForBit() {
        Phase phase = retainAndKlPhase();
        assertThat(phase.optimizer()).isEqualTo(new io.github.unlearn4j.api.model.SgdConfig(0.9, 0.01));
        try (UnlearnResult byDefault = run(Recipe.unmasked(false, phase), new ArrayList<>());
                UnlearnResult explicit = run(Recipe.unmasked(false,
                        phase.withOptimizer(new io.github.unlearn4j.api.model.SgdConfig(0.9, 0.01))), new ArrayList<>());
                UnlearnResult adamW = run(Recipe.unmasked(false,
                        phase.withOptimizer(io.github.unlearn4j.api.model.AdamWConfig.defaults())), new ArrayList<>())) {
            assertThat(explicit.model().parameters()).containsExactly(byDefault.model().parameters());
            assertThat(adamW.model().parameters()).isNotEqualTo(byDefault.model().parameters());
        }
    }

    @Test
    void aPhaseRunsAPluginsUpdateRuleOncePerStep() {
        long[] calls = new long[2];
        io.github.unlearn4j.api.model.UpdateRule counting = new io.github.unlearn4j.api.model.UpdateRule() {
            @Override
            public String name() {
                return "counting-sgd";
            }

            @Override
            public int stateSize() {
                return 0;
            }

            @Override
            public void step(float[] params, float[] grads, float[][] state, long t, double lr, double l1) {
                calls[0]++;
                calls[1] = t;
                for (int i = 0; i < params.length; i++) {
                    params[i] -= (float) lr * grads[i];
                }
            }
        };
        Phase phase = retainAndKlPhase().withOptimizer(counting);
        try (UnlearnResult r = run(Recipe.unmasked(false, phase), new ArrayList<>())) {
            assertThat(r.provenance().optimizerSteps()).isEqualTo(16);
            assertThat(calls[0]).isEqualTo(16);
            assertThat(calls[1]).as("the step number t of the last call").isEqualTo(16);
        }
        assertThatThrownBy(() -> retainAndKlPhase().withOptimizer(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("optimizer");
    }

    @Test
    void aPhaseCanUseAPluginsLossTermInPlaceOfABuiltInOne() {
        io.github.unlearn4j.api.model.LogitLoss pluginCe = new io.github.unlearn4j.api.model.LogitLoss() {
            @Override
            public String name() {
                return "plugin-ce";
            }

            @Override
            public double rowLoss(double[] z, int label, double[] target, double[] gradient) {
                double max = Math.max(z[0], z[1]);
                double sum = Math.exp(z[0] - max) + Math.exp(z[1] - max);
                for (int c = 0; c < z.length; c++) {
                    gradient[c] = Math.exp(z[c] - max) / sum - (c == label ? 1 : 0);
                }
                return max + Math.log(sum) - z[label];
            }
        };
        Phase builtIn = retainAndKlPhase();
        Phase plugin = new Phase("p", builtIn.training(), builtIn.schedule(),
                List.of(ObjectiveTerm.custom(DataRole.RETAIN, pluginCe, 1), builtIn.terms().get(1)),
                builtIn.ordering(), 0, 0, 1, TrainScope.ALL);
        try (UnlearnResult a = run(Recipe.unmasked(false, builtIn), new ArrayList<>());
                UnlearnResult b = run(Recipe.unmasked(false, plugin), new ArrayList<>())) {
            float[] pa = a.model().parameters();
            float[] pb = b.model().parameters();
            for (int i = 0; i < pa.length; i++) {
                assertThat(pb[i]).as("θ[%d]", i).isCloseTo(pa[i], org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
        assertThatThrownBy(() -> new ObjectiveTerm(DataRole.RETAIN, TermKind.CUSTOM, 1, LabelMode.TRUE))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("custom");
    }
}
