package io.github.unlearn4j.api;

import io.github.unlearn4j.api.registry.NamedProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;

/**
 * The service interface through which {@link java.util.ServiceLoader} finds unlearning methods.
 * Implementations are public, have a public no-argument constructor, and are cheap: nothing heavy
 * happens until {@link #create}. Declare them in
 * {@code META-INF/services/io.github.unlearn4j.api.UnlearnerProvider} and, in a named module, with
 * {@code provides io.github.unlearn4j.api.UnlearnerProvider with ...}.
 */
public interface UnlearnerProvider extends NamedProvider {
    /**
     * Creates the method with validated settings.
     *
     * @param settings settings resolved against {@link #settingsSchema()}
     * @return the unlearner
     */
    Unlearner create(ResolvedSettings settings);
}
