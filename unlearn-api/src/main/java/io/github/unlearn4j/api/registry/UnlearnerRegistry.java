package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.Settings;
import java.util.List;

/**
 * Finds unlearning methods by name and creates them with validated settings.
 *
 * <pre>{@code
 * Unlearner ft = UnlearnerRegistry.loadDefault().create("ft", Settings.of(Map.of("epochs", 5)));
 * }</pre>
 */
public final class UnlearnerRegistry {
    private final ProviderRegistry<UnlearnerProvider> providers;

    private UnlearnerRegistry(ProviderRegistry<UnlearnerProvider> providers) {
        this.providers = providers;
    }

    /** @return the methods visible to the thread's context class loader (or this class's) */
    public static UnlearnerRegistry loadDefault() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return load(cl != null ? cl : UnlearnerRegistry.class.getClassLoader());
    }

    /**
     * Discovers methods through a class loader.
     *
     * @param loader where to look
     * @return the registry
     */
    public static UnlearnerRegistry load(ClassLoader loader) {
        return new UnlearnerRegistry(ProviderRegistry.load(UnlearnerProvider.class, "unlearner", loader));
    }

    /**
     * A registry over given providers.
     *
     * @param providers the providers
     * @return the registry
     */
    public static UnlearnerRegistry of(List<UnlearnerProvider> providers) {
        return new UnlearnerRegistry(ProviderRegistry.of("unlearner", providers));
    }

    /** @return every provider */
    public List<UnlearnerProvider> providers() {
        return providers.providers();
    }

    /** @return every method name */
    public List<String> names() {
        return providers.names();
    }

    /**
     * Finds a provider.
     *
     * @param name the method name
     * @return the provider
     * @throws io.github.unlearn4j.api.UnknownProviderException listing the known names
     */
    public UnlearnerProvider provider(String name) {
        return providers.get(name);
    }

    /**
     * Creates a method.
     *
     * @param name the method name
     * @param settings raw settings, never null (pass {@link Settings#empty()} for the defaults);
     *     unknown names, wrong types and out-of-range values fail
     * @return the method, never null
     * @throws NullPointerException if {@code name} or {@code settings} is null, naming it
     * @throws io.github.unlearn4j.api.UnknownProviderException on an unknown name
     * @throws io.github.unlearn4j.api.InvalidSettingException on a bad setting
     * @throws io.github.unlearn4j.api.InvalidRequestException if the provider refuses the settings
     * @throws BackendException if the provider itself fails, in {@code settingsSchema()} or in
     *     {@code create}, or returns null from either
     */
    public Unlearner create(String name, Settings settings) {
        return providers.create(name, settings, UnlearnerProvider::create);
    }
}
