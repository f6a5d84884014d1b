package io.github.unlearn4j.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.fixtures.GoodProvider;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
    record Widget(String name, String description) implements NamedProvider {
        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of(name, List.of());
        }
    }

    static final class NamelessWidget implements NamedProvider {
        @Override
        public String name() {
            throw new IllegalStateException("no name today");
        }

        @Override
        public String description() {
            return "broken";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of("broken", List.of());
        }
    }

    @Test
    void firstProviderOfANameWins() {
        Widget first = new Widget("alpha", "first");
        Widget second = new Widget("alpha", "second");
        Widget beta = new Widget("beta", "beta");
        ProviderRegistry<Widget> registry = ProviderRegistry.of("widget", List.of(first, beta, second));
        assertThat(registry.names()).containsExactly("alpha", "beta");
        assertThat(registry.get("alpha")).isSameAs(first);
        assertThat(registry.providers()).containsExactly(first, beta);
    }

    @Test
    void providerWhoseNameThrowsIsSkipped() {
        Widget alpha = new Widget("alpha", "a");
        Widget beta = new Widget("beta", "b");
        ProviderRegistry<NamedProvider> registry =
                ProviderRegistry.of("widget", List.of(alpha, new NamelessWidget(), beta));
        assertThat(registry.names()).containsExactly("alpha", "beta");
        assertThat(registry.get("beta")).isSameAs(beta);
    }

    @Test
    void unknownNameListsKnownNames() {
        ProviderRegistry<Widget> registry =
                ProviderRegistry.of("widget", List.of(new Widget("alpha", "a"), new Widget("beta", "b")));
        assertThatThrownBy(() -> registry.get("gamma"))
                .isInstanceOf(UnknownProviderException.class)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown widget 'gamma'; known widgets: [alpha, beta]");
    }

    @Test
    void emptyRegistry() {
        ProviderRegistry<Widget> registry = ProviderRegistry.of("widget", List.of());
        assertThat(registry.kind()).isEqualTo("widget");
        assertThat(registry.names()).isEmpty();
        assertThat(registry.providers()).isEmpty();
        assertThatThrownBy(() -> registry.get("alpha"))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessage("unknown widget 'alpha'; known widgets: []");
    }

    @Test
    void namesAndProvidersAreUnmodifiable() {
        ProviderRegistry<Widget> registry = ProviderRegistry.of("widget", List.of(new Widget("alpha", "a")));
        assertThatThrownBy(() -> registry.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> registry.providers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loadSkipsBrokenServiceEntries() {
        ClassLoader loader = ProviderRegistryTest.class.getClassLoader();
        assertThatCode(() -> ProviderRegistry.load(UnlearnerProvider.class, "unlearner", loader))
                .doesNotThrowAnyException();
        ProviderRegistry<UnlearnerProvider> registry =
                ProviderRegistry.load(UnlearnerProvider.class, "unlearner", loader);
        assertThat(registry.names()).containsExactly("good-test");
        assertThat(registry.get("good-test")).isInstanceOf(GoodProvider.class);
    }
}
