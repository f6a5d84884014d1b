package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A configurable provider for registry tests; subclass it to override one method. */
class TestProvider implements UnlearnerProvider {
    private final String name;
    private final SettingsSchema schema;
    private final Function<ResolvedSettings, Unlearner> factory;
    final AtomicInteger creates = new AtomicInteger();

    TestProvider(String name, SettingsSchema schema, Function<ResolvedSettings, Unlearner> factory) {
        this.name = name;
        this.schema = schema;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "test provider " + name;
    }

    @Override
    public SettingsSchema settingsSchema() {
        return schema;
    }

    @Override
    public Unlearner create(ResolvedSettings settings) {
        creates.incrementAndGet();
        return factory.apply(settings);
    }
}
