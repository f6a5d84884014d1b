package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Settings;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What {@link UnlearnerRegistry} and {@link VerifierRegistry} share: a {@link ProviderRegistry}
 * and the provider's factory method, so that each of them only names its types.
 *
 * @param <P> the provider type
 * @param <T> what a provider makes
 */
abstract sealed class TypedRegistry<P extends NamedProvider, T>
        permits UnlearnerRegistry, VerifierRegistry {
    private final ProviderRegistry<P> registry;
    private final BiFunction<? super P, ResolvedSettings, T> factory;

    TypedRegistry(ProviderRegistry<P> registry, BiFunction<? super P, ResolvedSettings, T> factory) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** @return every provider, in discovery order, unmodifiable */
    public List<P> providers() {
        return registry.providers();
    }

    /** @return every name, in discovery order, unmodifiable */
    public List<String> names() {
        return registry.names();
    }

    /**
     * Finds a provider.
     *
     * @param name the name
     * @return the provider
     * @throws io.github.unlearn4j.api.UnknownProviderException listing the known names
     */
    public P provider(String name) {
        return registry.get(name);
    }

    /**
     * Creates what a named provider makes.
     *
     * @param name the name
     * @param settings raw settings, never null (pass {@link Settings#empty()} for the defaults);
     *     unknown names, wrong types and out-of-range values fail
     * @return what the provider made, never null
     * @throws NullPointerException if {@code name} or {@code settings} is null, naming it
     * @throws io.github.unlearn4j.api.UnknownProviderException on an unknown name
     * @throws io.github.unlearn4j.api.InvalidSettingException on a bad setting
     * @throws io.github.unlearn4j.api.InvalidRequestException if the provider refuses the settings
     * @throws BackendException if the provider itself fails, in {@code settingsSchema()} or in
     *     {@code create}, or returns null from either
     */
    public T create(String name, Settings settings) {
        return registry.create(name, settings, factory);
    }

    /**
     * One registry per class loader, discovered on first use and then shared.
     *
     * <p>Thread-safe: discovery runs under this object's lock, so threads that ask at the same time
     * for the same class loader get the same registry from a single {@link java.util.ServiceLoader}
     * scan. Class loaders are held weakly and registries softly, so that a discarded plugin class
     * loader can be collected; should the JVM reclaim an unused registry under memory pressure, the
     * next call scans again.
     *
     * @param <R> the registry type
     */
    static final class Defaults<R> {
        private final Class<?> owner;
        private final Function<ClassLoader, R> load;
        private final Map<ClassLoader, SoftReference<R>> byLoader = new WeakHashMap<>();

        /**
         * @param owner whose class loader serves when the thread has no context class loader
         * @param load discovers a registry through a class loader
         */
        Defaults(Class<?> owner, Function<ClassLoader, R> load) {
            this.owner = owner;
            this.load = load;
        }

        /** @return the registry of the thread's context class loader (or the owner's) */
        synchronized R get() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            ClassLoader loader = context != null ? context : owner.getClassLoader();
            SoftReference<R> ref = byLoader.get(loader);
            R cached = ref != null ? ref.get() : null;
            if (cached == null) {
                cached = load.apply(loader);
                byLoader.put(loader, new SoftReference<>(cached));
            }
            return cached;
        }
    }
}
