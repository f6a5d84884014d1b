package io.github.unlearn4j.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.TrainingDivergedException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearningCancelledException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FineTuneUnlearnerTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    private ArrayDataset train;
    private ArrayDataset test;
    private DataSplit split;
    private SoftmaxRegressionModel original;
    private float[] originalParams;

    @BeforeEach
    void setUp() {
        train = TestData.classification(120, 6, 3, 21);
        test = TestData.classification(30, 6, 3, 22);
        split = DataSplit.of(train, new int[] {0, 3, 6, 9, 12, 15}, test);
        original = new SoftmaxRegressionModel(6, 3);
        original.reinitialize(5);
        originalParams = original.parameters();
    }

    private Unlearner ft(Map<String, ?> settings) {
        return REGISTRY.create("ft", Settings.of(settings));
    }

    private UnlearnRequest request(long seed) {
        return UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed).build();
    }

    @Test
    void lowersRetainLossLeavesInputUntouchedAndRecordsProvenance() {
        Unlearner ft = ft(Map.of("epochs", 5, "batchSize", 16, "learningRate", 0.1));
        double before = original.evaluate(split.retain()).meanLoss();
        try (UnlearnResult r = ft.unlearn(request(1))) {
            assertThat(r.model().evaluate(split.retain()).meanLoss()).isLessThan(0.5 * before);
            assertThat(r.model()).isNotSameAs(original);
            var p = r.provenance();
            assertThat(p.method()).isEqualTo("ft");
            assertThat(p.seed()).isEqualTo(1);
            assertThat(p.forgetSize()).isEqualTo(6);
            assertThat(p.retainSize()).isEqualTo(114);
            assertThat(p.testSize()).isEqualTo(30);
            assertThat(p.backend()).isEqualTo("reference");
            assertThat(p.optimizerSteps()).isEqualTo(5L * 8);
            assertThat(p.settings()).containsEntry("epochs", "5").containsEntry("momentum", "0.9");
            assertThat(p.elapsed()).isPositive();
        }
        assertThat(original.parameters()).containsExactly(originalParams);
    }

    @Test
    void sameSeedGivesBitIdenticalResultsAndAnotherSeedDiffers() {
        Unlearner ft = ft(Map.of("epochs", 2, "batchSize", 10));
        try (UnlearnResult a = ft.unlearn(request(3));
                UnlearnResult b = ft.unlearn(request(3));
                UnlearnResult c = ft.unlearn(request(4))) {
            assertThat(a.model().parameters()).containsExactly(b.model().parameters());
            assertThat(a.model().parameters()).isNotEqualTo(c.model().parameters());
        }
    }

    @Test
    void reportsProgressOncePerStep() {
        List<Progress> events = new ArrayList<>();
        UnlearnRequest req = UnlearnRequest.builder().setModel(original).setData(split)
                .optProgress(events::add).build();
        try (UnlearnResult r = ft(Map.of("epochs", 3, "batchSize", 57)).unlearn(req)) {
            assertThat(events).hasSize(6);
            assertThat(events.get(5).completed()).isEqualTo(6);
            assertThat(events.get(5).total()).isEqualTo(6);
            assertThat(events.get(0).stage()).isEqualTo("ft");
        }
    }

    @Test
    void cancellationStopsTheRunAndLeavesInputUntouched() {
        CancellationToken token = new CancellationToken();
        UnlearnRequest req = UnlearnRequest.builder().setModel(original).setData(split).optCancellation(token)
                .optProgress(p -> {
                    if (p.completed() == 3) {
                        token.cancel();
                    }
                })
                .build();
        assertThatThrownBy(() -> ft(Map.of("epochs", 5, "batchSize", 8)).unlearn(req))
                .isInstanceOf(UnlearningCancelledException.class)
                .hasMessageContaining("ft at epoch 0, step 3");
        assertThat(original.parameters()).containsExactly(originalParams);
    }

    @Test
    void divergenceStopsWithAnExceptionAndLeavesInputUntouched() {
        Unlearner ft = ft(Map.of("learningRate", 1e30, "epochs", 50, "batchSize", 8, "momentum", 0.0));
        assertThatThrownBy(() -> ft.unlearn(request(1)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("ft diverged");
        assertThat(original.parameters()).containsExactly(originalParams);
    }

    @Test
    void anExceptionFromAListenerIsWrappedAndLeavesInputUntouched() {
        UnlearnRequest req = UnlearnRequest.builder().setModel(original).setData(split)
                .optProgress(p -> {
                    throw new IllegalStateException("listener broke");
                })
                .build();
        assertThatThrownBy(() -> ft(Map.of()).unlearn(req))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("ft failed")
                .hasMessageContaining("listener broke");
        assertThat(original.parameters()).containsExactly(originalParams);
    }

    @Test
    void dimensionMismatchFailsBeforeAnyCompute() {
        SoftmaxRegressionModel wrong = new SoftmaxRegressionModel(5, 3);
        float[] before = wrong.parameters();
        UnlearnRequest req = UnlearnRequest.builder().setModel(wrong).setData(split).build();
        assertThatThrownBy(() -> ft(Map.of()).unlearn(req))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cls.featureCount = 6")
                .hasMessageContaining("expects 5 features");
        assertThat(wrong.parameters()).containsExactly(before);
    }

    @Test
    void taskMismatchFailsBeforeAnyCompute() {
        ArrayDataset reg = TestData.regression(20, 6, 1);
        UnlearnRequest req = UnlearnRequest.builder().setModel(original)
                .setData(DataSplit.of(reg, new int[] {1}, null)).build();
        assertThatThrownBy(() -> ft(Map.of()).unlearn(req))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reg.task = REGRESSION");
    }

    @Test
    void badSettingsFailWithTheNameAndValue() {
        assertThatThrownBy(() -> ft(Map.of("learningRate", 0.0)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("learningRate")
                .hasMessageContaining("= 0.0")
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> ft(Map.of("learningRate", -1)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("= -1");
        assertThatThrownBy(() -> ft(Map.of("epochs", 0)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("epochs")
                .hasMessageContaining("= 0");
        assertThatThrownBy(() -> ft(Map.of("epochs", "ten")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("wrong type");
        assertThatThrownBy(() -> ft(Map.of("epochs", 2.5)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("= 2.5");
        assertThatThrownBy(() -> ft(Map.of("lr", 0.1)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("unknown setting 'lr'")
                .hasMessageContaining("learningRate");
    }

    @Test
    void unknownMethodListsTheKnownOnes() {
        assertThatThrownBy(() -> REGISTRY.create("forget-it", Settings.empty()))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessageContaining("forget-it")
                .hasMessageContaining("ft")
                .hasMessageContaining("retrain");
    }

    @Test
    void registryListsFtAndRetrainWithDescriptions() {
        assertThat(REGISTRY.names()).contains("ft", "retrain");
        assertThat(REGISTRY.provider("ft").description()).isNotBlank();
    }
}
