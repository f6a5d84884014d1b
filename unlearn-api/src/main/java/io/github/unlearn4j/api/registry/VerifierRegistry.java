package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Finds forgetting verifiers by name and creates them with validated settings. */
public final class VerifierRegistry {
    private final ProviderRegistry<ForgetVerifierProvider> providers;

    private VerifierRegistry(ProviderRegistry<ForgetVerifierProvider> providers) {
        this.providers = providers;
    }

    /** @return the verifiers visible to the thread's context class loader (or this class's) */
    public static VerifierRegistry loadDefault() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : VerifierRegistry.class.getClassLoader());
    }

    /**
     * Discovers verifiers through a class loader.
     *
     * @param loader where to look
     * @return the registry
     */
    public static VerifierRegistry load(ClassLoader loader) {
        return new VerifierRegistry(ProviderRegistry.load(ForgetVerifierProvider.class, "verifier", loader));
    }

    /**
     * A registry over given providers.
     *
     * @param providers the providers
     * @return the registry
     */
    public static VerifierRegistry of(List<ForgetVerifierProvider> providers) {
        return new VerifierRegistry(ProviderRegistry.of("verifier", providers));
    }

    /** @return every provider */
    public List<ForgetVerifierProvider> providers() {
        return providers.providers();
    }

    /** @return every verifier name */
    public List<String> names() {
        return providers.names();
    }

    /**
     * Creates a verifier.
     *
     * @param name the verifier name
     * @param settings raw settings, never null (pass {@link Settings#empty()} for the defaults);
     *     unknown names, wrong types and out-of-range values fail
     * @return the verifier, never null
     * @throws NullPointerException if {@code name} or {@code settings} is null, naming it
     * @throws io.github.unlearn4j.api.UnknownProviderException on an unknown name
     * @throws io.github.unlearn4j.api.InvalidSettingException on a bad setting
     * @throws io.github.unlearn4j.api.InvalidRequestException if the provider refuses the settings
     * @throws BackendException if the provider itself fails, in {@code settingsSchema()} or in
     *     {@code create}, or returns null from either
     */
    public ForgetVerifier create(String name, Settings settings) {
        return providers.create(name, settings, ForgetVerifierProvider::create);
    }
}
