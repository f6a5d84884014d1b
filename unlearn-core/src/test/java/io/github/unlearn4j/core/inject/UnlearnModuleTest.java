package io.github.unlearn4j.core.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnlearnModuleTest {

    /** An application's own method, bound through the MapBinder. */
    static final class InHouseProvider implements UnlearnerProvider {
        @Override
        public String name() {
            return "in-house";
        }

        @Override
        public String description() {
            return "an application's own method";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of("in-house", List.of());
        }

        @Override
        public Unlearner create(ResolvedSettings settings) {
            return UnlearnerRegistry.loadDefault().create("ft", io.github.unlearn4j.api.settings.Settings.empty());
        }
    }

    @Test
    void bindsEveryDiscoveredProviderTheRegistriesThePolicyAndTheService() {
        Injector injector = Guice.createInjector(new UnlearnModule());
        Map<String, UnlearnerProvider> methods = injector.getInstance(Key.get(new TypeLiteral<>() {}));
        assertThat(methods).containsKeys("ft", "rbm", "retrain", "salun");
        assertThat(injector.getInstance(UnlearnerRegistry.class).names()).contains("ft", "rbm");
        assertThat(injector.getInstance(ForgettingPolicy.class).name()).isEqualTo("strict");
        UnlearningService service = injector.getInstance(UnlearningService.class);
        assertThat(service.plan()).containsExactly("ft", "rbm", "retrain");
        assertThat(injector.getInstance(UnlearningService.class)).isSameAs(service);
    }

    @Test
    void anApplicationAddsItsOwnMethodAndOverridesThePolicy() {
        Injector injector = Guice.createInjector(new UnlearnModule(), new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, UnlearnerProvider.class)
                        .addBinding("in-house").to(InHouseProvider.class);
                OptionalBinder.newOptionalBinder(binder(), ForgettingPolicy.class).setBinding()
                        .toInstance(ForgettingPolicy.lenient());
            }
        });
        assertThat(injector.getInstance(UnlearnerRegistry.class).names()).contains("in-house", "ft");
        assertThat(injector.getInstance(UnlearningService.class).policy().name()).isEqualTo("lenient");
    }

    @Test
    void bindsNoCloseableResource() {
        Injector injector = Guice.createInjector(new UnlearnModule());
        injector.getAllBindings().keySet().forEach(key ->
                assertThat(AutoCloseable.class.isAssignableFrom(key.getTypeLiteral().getRawType()))
                        .as("%s is closeable", key).isFalse());
    }
}
