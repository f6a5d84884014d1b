package io.github.unlearn4j.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VerifierRegistryTest {
    /** A class loader that sees only the platform's classes, so no verifier provider at all. */
    private static final ClassLoader NOTHING = new ClassLoader(null) {};

    @Test
    void noProviders() {
        VerifierRegistry registry = VerifierRegistry.load(NOTHING);
        assertThat(registry.names()).isEmpty();
        assertThat(registry.providers()).isEmpty();
        assertThatThrownBy(() -> registry.create("x", Settings.empty()))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessage("unknown verifier 'x'; known verifiers: []");
    }

    @Test
    void testClassPathDeclaresNoVerifier() {
        VerifierRegistry registry = VerifierRegistry.loadDefault();
        assertThat(registry.names()).isEmpty();
        assertThatThrownBy(() -> registry.create("mia", Settings.empty()))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessageContaining("'mia'");
    }

    private static final Setting<Integer> SHADOWS = Setting.integer("shadows", 1, 1, 8, "shadow models");

    /** A verifier provider whose schema and factory the test chooses. */
    private static final class Provider implements ForgetVerifierProvider {
        private final Supplier<SettingsSchema> schema;
        private final Function<ResolvedSettings, ForgetVerifier> factory;
        private final AtomicInteger creates = new AtomicInteger();

        Provider(Supplier<SettingsSchema> schema, Function<ResolvedSettings, ForgetVerifier> factory) {
            this.schema = schema;
            this.factory = factory;
        }

        @Override
        public String name() {
            return "mia";
        }

        @Override
        public String description() {
            return "test verifier";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return schema.get();
        }

        @Override
        public ForgetVerifier create(ResolvedSettings settings) {
            creates.incrementAndGet();
            return factory.apply(settings);
        }
    }

    private static ForgetVerifier verifier() {
        return new ForgetVerifier() {
            @Override
            public String name() {
                return "mia";
            }

            @Override
            public io.github.unlearn4j.api.verify.VerificationReport verify(
                    io.github.unlearn4j.api.verify.VerificationRequest request) {
                throw new UnsupportedOperationException("not in tests");
            }
        };
    }

    @Test
    void createResolvesSettingsAndReturnsTheVerifier() {
        ForgetVerifier made = verifier();
        Provider p = new Provider(() -> SettingsSchema.of("mia", List.of(SHADOWS)), s -> {
            assertThat(s.get(SHADOWS)).isEqualTo(4);
            return made;
        });
        VerifierRegistry registry = VerifierRegistry.of(List.of(p));
        assertThat(registry.create("mia", Settings.of(Map.of("shadows", "4")))).isSameAs(made);
        assertThatThrownBy(() -> registry.create("mia", Settings.of(Map.of("shadows", 9))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'shadows' of mia = 9");
        assertThat(p.creates).hasValue(1);
    }

    @Test
    void createWrapsAThrowingSettingsSchemaNamingTheProvider() {
        UnsupportedOperationException boom = new UnsupportedOperationException("no schema yet");
        Provider p = new Provider(() -> {
            throw boom;
        }, s -> verifier());
        assertThatThrownBy(() -> VerifierRegistry.of(List.of(p)).create("mia", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessageStartingWith("verifier provider 'mia' (" + Provider.class.getName() + ")")
                .hasMessageContaining("failed to report its settings schema")
                .hasCause(boom);
        assertThat(p.creates).hasValue(0);
    }

    @Test
    void createWrapsAThrowingCreateNamingTheProvider() {
        IllegalStateException boom = new IllegalStateException("no shadow data");
        Provider p = new Provider(() -> SettingsSchema.of("mia", List.of()), s -> {
            throw boom;
        });
        assertThatThrownBy(() -> VerifierRegistry.of(List.of(p)).create("mia", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessageContaining("verifier provider 'mia'")
                .hasMessageContaining("failed to create")
                .hasCause(boom);
    }

    @Test
    void createRefusesANullVerifierNamingTheProvider() {
        Provider p = new Provider(() -> SettingsSchema.of("mia", List.of()), s -> null);
        assertThatThrownBy(() -> VerifierRegistry.of(List.of(p)).create("mia", Settings.empty()))
                .isExactlyInstanceOf(BackendException.class)
                .hasMessage("verifier provider 'mia' (" + Provider.class.getName() + ") returned null from create");
    }

    @Test
    void createWithNullSettingsSaysToPassEmpty() {
        Provider p = new Provider(() -> SettingsSchema.of("mia", List.of()), s -> verifier());
        assertThatThrownBy(() -> VerifierRegistry.of(List.of(p)).create("mia", null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("settings must not be null; pass Settings.empty()");
        assertThat(p.creates).hasValue(0);
    }
}
