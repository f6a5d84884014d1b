package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.List;

/** Finds forgetting verifiers by name and creates them with validated settings. */
public final class VerifierRegistry extends TypedRegistry<ForgetVerifierProvider, ForgetVerifier> {
    private static final String KIND = "verifier";
    private static final Defaults<VerifierRegistry> DEFAULTS =
            new Defaults<>(VerifierRegistry.class, VerifierRegistry::load);

    private VerifierRegistry(ProviderRegistry<ForgetVerifierProvider> found) {
        super(found, ForgetVerifierProvider::create);
    }

    /**
     * The verifiers visible to the thread's context class loader (or this class's), found by one
     * scan per class loader; later calls, from any thread, get that same registry back. To see a
     * verifier jar added to the class loader since, call {@link #load(ClassLoader)}.
     *
     * @return the shared registry
     */
    public static VerifierRegistry loadDefault() {
        return DEFAULTS.get();
    }

    /**
     * Scans a class loader for verifiers; each call scans afresh.
     *
     * @param loader the class loader to scan
     * @return a new registry
     */
    public static VerifierRegistry load(ClassLoader loader) {
        return new VerifierRegistry(ProviderRegistry.load(ForgetVerifierProvider.class, KIND, loader));
    }

    /**
     * Wraps providers wired by hand (tests, embedders), first of a name winning.
     *
     * @param providers the verifier providers, in priority order
     * @return the registry
     */
    public static VerifierRegistry of(List<ForgetVerifierProvider> providers) {
        return new VerifierRegistry(ProviderRegistry.of(KIND, providers));
    }
}
