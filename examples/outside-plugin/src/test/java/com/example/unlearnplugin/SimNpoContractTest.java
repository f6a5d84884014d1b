package com.example.unlearnplugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.testkit.UnlearnerContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unlearner contract kit (unlearn-core's test-jar) over {@code simnpo}, every check run: the
 * budget's batches of 8 make the default fixture's 108 retain rows 14 optimizer steps, so a run
 * reports 14 progress events and the mid-run cancellation check applies. A run of one step (here a
 * batch of 108 rows or more, such as ft's default 256) reports one event, and the kit then skips
 * that check as an aborted assumption; {@code .ci/outside-plugin} fails the build on any skipped
 * contract check.
 */
class SimNpoContractTest extends UnlearnerContract {
    private static final Settings BUDGET = Settings.of(Map.of("epochs", 1, "batchSize", 8));

    @Override
    protected UnlearnerProvider provider() {
        return new SimNpoProvider();
    }

    @Override
    protected Settings budgetSettings() {
        return BUDGET;
    }

    /** Guards the budget: were a run one step, {@code cancelledFromTheProgressListener} would be skipped. */
    @Test
    void theBudgetTakesSeveralStepsSoNoCheckIsSkipped() {
        List<Progress> events = new ArrayList<>();
        try (TrainableModel input = fixture().newModel();
                UnlearnResult result = UnlearnerRegistry.of(List.of(provider())).create(SimNpoProvider.NAME, BUDGET)
                        .unlearn(UnlearnRequest.builder().setModel(input).setData(fixture().split())
                                .optProgress(events::add).build())) {
            assertThat(events).hasSizeGreaterThan(1);
            assertThat(result.provenance().optimizerSteps()).isEqualTo(14);
        }
    }
}
