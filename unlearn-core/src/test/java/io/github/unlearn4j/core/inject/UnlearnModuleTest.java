package io.github.unlearn4j.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.ProvisionException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.method.FineTuneProvider;
import io.github.unlearn4j.core.method.RbmProvider;
import io.github.unlearn4j.core.method.RetrainProvider;
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

    @Test
    void aListWithoutThePlansMethodsNamesThemWhenTheServiceIsInjected() {
        Injector injector = Guice.createInjector(new UnlearnModule(
                List.of(new FineTuneProvider(), new InHouseProvider()), VerifierRegistry.loadDefault().providers()));
        // the registries do not need the service
        assertThat(injector.getInstance(UnlearnerRegistry.class).names()).containsExactlyInAnyOrder("ft", "in-house");
        assertThatThrownBy(() -> injector.getInstance(UnlearningService.class))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("lacks [rbm, retrain]")
                .hasMessageContaining("plan [ft, rbm, retrain]")
                .hasRootCauseInstanceOf(InvalidRequestException.class);
        // the same check wired by hand
        assertThatThrownBy(() -> new UnlearningService(UnlearnerRegistry.of(List.of(new FineTuneProvider())),
                VerifierRegistry.loadDefault(), ForgettingPolicy.strict(), List.of("ft")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("lacks [retrain]");
    }

    @Test
    void aPlanOfBoundMethodsBuildsTheServiceFromAList() {
        Injector injector = Guice.createInjector(new UnlearnModule(
                List.of(new InHouseProvider(), new RetrainProvider()), VerifierRegistry.loadDefault().providers(),
                List.of("in-house", "retrain")));
        assertThat(injector.getInstance(UnlearningService.class).plan()).containsExactly("in-house", "retrain");
        assertThatThrownBy(() -> new UnlearnModule(List.of(), List.of(), List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("plan = []");
    }

    @Test
    void methodsBoundThroughTheMapBinderCountForTheService() {
        Injector injector = Guice.createInjector(
                new UnlearnModule(List.of(new FineTuneProvider()), List.of()), new AbstractModule() {
                    @Override
                    protected void configure() {
                        MapBinder<String, UnlearnerProvider> m =
                                MapBinder.newMapBinder(binder(), String.class, UnlearnerProvider.class);
                        m.addBinding("rbm").to(RbmProvider.class);
                        m.addBinding("retrain").to(RetrainProvider.class);
                    }
                });
        assertThat(injector.getInstance(UnlearningService.class).plan()).containsExactly("ft", "rbm", "retrain");
    }

    @Test
    void aDiscoveredProviderBoundAgainThroughTheMapBinderIsADuplicateKey() {
        // the README's rule for plugins: what META-INF/services declares, UnlearnModule() already binds
        assertThatThrownBy(() -> Guice.createInjector(new UnlearnModule(), new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder.newMapBinder(binder(), String.class, UnlearnerProvider.class)
                        .addBinding("ft").to(FineTuneProvider.class);
            }
        })).isInstanceOf(CreationException.class).hasMessageContaining("\"ft\"");
    }
}
