package io.github.unlearn4j.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.settings.Settings;
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
}
