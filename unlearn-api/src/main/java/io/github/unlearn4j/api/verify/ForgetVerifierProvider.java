package io.github.unlearn4j.api.verify;

import io.github.unlearn4j.api.registry.NamedProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;

/**
 * The service interface through which {@link java.util.ServiceLoader} finds verifiers. Same rules
 * as {@link io.github.unlearn4j.api.UnlearnerProvider}: public, no-argument constructor, cheap.
 */
public interface ForgetVerifierProvider extends NamedProvider {
    /**
     * Creates the verifier.
     *
     * @param settings settings resolved against {@link #settingsSchema()}
     * @return the verifier
     */
    ForgetVerifier create(ResolvedSettings settings);
}
