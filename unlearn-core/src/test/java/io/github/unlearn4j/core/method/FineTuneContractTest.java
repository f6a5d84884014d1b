package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.testkit.UnlearnerContract;
import java.util.Map;

/** The kit's class form, as a plugin author uses it, on {@code ft}. */
class FineTuneContractTest extends UnlearnerContract {
    @Override
    protected UnlearnerProvider provider() {
        return new FineTuneProvider();
    }

    @Override
    protected Settings budgetSettings() {
        return Settings.of(Map.of("epochs", 1, "batchSize", 8));
    }
}
