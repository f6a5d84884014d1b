package io.github.unlearn4j.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.recipe.LabelMode;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@code randomLabels} setting of rl, salun and rbm masked-rl: {@code other} never draws the true label. */
class RandomLabelChoiceTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();
    private static final int CLASSES = 3;
    // 30 rows, rows 0..8 forgotten: three of each class
    private final ArrayDataset train = TestData.classification(30, 4, CLASSES, 11);
    private final DataSplit split = DataSplit.of(train, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, null);

    /** One relabelled row: the row and the label it was trained against. */
    private record Relabel(int row, int label) {}

    /** Records every row that a batch with replacement labels carries; its copies record into the same list. */
    private static final class Recording extends TrackingModel {
        final TrainableModel inner;
        final List<Relabel> relabels;

        Recording(TrainableModel inner, List<Relabel> relabels) {
            super(inner, new AtomicInteger());
            this.inner = inner;
            this.relabels = relabels;
        }

        @Override
        public TrainableModel copy() {
            return new Recording(inner.copy(), relabels);
        }

        @Override
        public double accumulateGradient(Batch batch, LossTerm term, double weight) {
            if (batch.labels() != null) {
                for (int i = 0; i < batch.size(); i++) {
                    relabels.add(new Relabel(batch.rows()[i], batch.labelAt(i)));
                }
            }
            return super.accumulateGradient(batch, term, weight);
        }
    }

    private List<Relabel> relabels(String method, Map<String, Object> settings) {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(4, CLASSES);
        m.reinitialize(2);
        List<Relabel> out = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> s = new HashMap<>(Map.of("epochs", 4, "batchSize", 4));
        s.putAll(settings);
        try (UnlearnResult r = REGISTRY.create(method, Settings.of(s)).unlearn(
                UnlearnRequest.builder().setModel(new Recording(m, out)).setData(split).optSeed(5).build())) {
            assertThat(r.model().parameters()).doesNotContain(Float.NaN);
        }
        return out;
    }

    private void assertNeverTheTrueLabel(String method, List<Relabel> relabels) {
        // 4 epochs over the 9 forget rows
        assertThat(relabels).as(method).hasSize(4 * 9);
        int[] drawn = new int[CLASSES];
        for (Relabel r : relabels) {
            assertThat(split.forget().rows()).as(method).contains(r.row());
            assertThat(r.label()).as(method + " row " + r.row()).isNotEqualTo(train.label(r.row()));
            drawn[r.label()]++;
        }
        assertThat(drawn).as(method + ": every class is drawn for some other class's rows").doesNotContain(0);
    }

    @Test
    void otherNeverRelabelsAForgetRowToItsOwnLabel() {
        assertNeverTheTrueLabel("rl", relabels("rl", Map.of("randomLabels", "other")));
        assertNeverTheTrueLabel("salun", relabels("salun", Map.of("randomLabels", "other")));
        assertNeverTheTrueLabel("rbm", relabels("rbm", Map.of("randomLabels", "other", "variant", "masked-rl",
                "saliency", "gradient")));
    }

    @Test
    void anyIsTheDefaultAndSometimesDrawsTheTrueLabel() {
        List<Relabel> byDefault = relabels("rl", Map.of());
        assertThat(byDefault).hasSize(4 * 9);
        assertThat(byDefault).anySatisfy(r -> assertThat(r.label()).isEqualTo(train.label(r.row())));
        assertThat(relabels("rl", Map.of("randomLabels", "any"))).isEqualTo(byDefault);
        assertThat(REGISTRY.provider("rl").settingsSchema().settings())
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("randomLabels");
                    assertThat(s.defaultValue()).hasToString("ANY");
                });
    }

    @Test
    void rbmResetFtReadsNoRandomLabels() {
        assertThat(relabels("rbm", Map.of("randomLabels", "other", "saliency", "gradient"))).isEmpty();
    }

    @Test
    void badChoicesAreRefused() {
        assertThatThrownBy(() -> REGISTRY.create("rl", Settings.of(Map.of("randomLabels", "true"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("randomLabels");
        assertThatThrownBy(() -> Phases.randomLabels("p", new TrainingSettings(0.1, 1, 4, 0, 0),
                LearningRateSchedule.CONSTANT, LabelMode.TRUE))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("labels = TRUE");
    }
}
