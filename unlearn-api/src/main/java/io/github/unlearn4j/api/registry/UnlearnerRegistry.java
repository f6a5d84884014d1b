package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import java.util.List;

/**
 * Finds unlearning methods by name and creates them with validated settings.
 *
 * <pre>{@code
 * Unlearner ft = UnlearnerRegistry.loadDefault().create("ft", Settings.of(Map.of("epochs", 5)));
 * }</pre>
 */
public final class UnlearnerRegistry extends TypedRegistry<UnlearnerProvider, Unlearner> {
    private static final String KIND = "unlearner";
    private static final Defaults<UnlearnerRegistry> DEFAULTS =
            new Defaults<>(UnlearnerRegistry.class, UnlearnerRegistry::load);

    private UnlearnerRegistry(ProviderRegistry<UnlearnerProvider> found) {
        super(found, UnlearnerProvider::create);
    }

    /**
     * The methods visible to the thread's context class loader (or this class's), discovered once
     * per class loader and then shared: repeated calls, from any thread, return the same registry.
     * A plugin jar added to a class loader after its first call is not seen; discover it with
     * {@link #load(ClassLoader)}.
     *
     * @return the shared registry
     */
    public static UnlearnerRegistry loadDefault() {
        return DEFAULTS.get();
    }

    /**
     * Discovers methods through a class loader, scanning it again on every call.
     *
     * @param loader where to look
     * @return a new registry
     */
    public static UnlearnerRegistry load(ClassLoader loader) {
        return new UnlearnerRegistry(ProviderRegistry.load(UnlearnerProvider.class, KIND, loader));
    }

    /**
     * A registry over given providers, for tests and for embedders that wire methods by hand.
     *
     * @param providers the providers, in priority order
     * @return the registry
     */
    public static UnlearnerRegistry of(List<UnlearnerProvider> providers) {
        return new UnlearnerRegistry(ProviderRegistry.of(KIND, providers));
    }
}
