package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.testkit.UnlearnerContract;
import java.util.Map;

/** The contract test kit, from unlearn-core's test-jar, over {@code ft-gradproj}. */
class GradientProjectionContractTest extends UnlearnerContract {
    @Override
    protected UnlearnerProvider provider() {
        return new GradientProjectionProvider();
    }

    @Override
    protected Settings budgetSettings() {
        return Settings.of(Map.of("epochs", 1, "batchSize", 8));
    }
}
