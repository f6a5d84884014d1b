package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiFunction;

/**
 * Providers of one service type found through {@link ServiceLoader}, by name.
 *
 * <p>Loading policy: providers are loaded once, in class-path order. A provider that fails to load
 * or to report its name is logged (through {@link System.Logger}, so the api needs no logging
 * library) and skipped; the others still load. When two providers share a name, the first wins and
 * the second is logged. Immutable after construction.
 *
 * @param <P> the provider type
 */
public final class ProviderRegistry<P extends NamedProvider> {
    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());

    private final String kind;
    private final Map<String, P> byName;

    private ProviderRegistry(String kind, Map<String, P> byName) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Discovers providers.
     *
     * @param type the service interface
     * @param kind what the providers are, for messages, e.g. {@code "unlearner"}
     * @param loader where to look
     * @param <P> the provider type
     * @return the registry
     */
    public static <P extends NamedProvider> ProviderRegistry<P> load(
            Class<P> type, String kind, ClassLoader loader) {
        return of(kind, discover(type, loader));
    }

    /**
     * A registry over given providers, for tests and for embedders that wire providers by hand.
     *
     * @param kind what the providers are
     * @param providers the providers, in priority order
     * @param <P> the provider type
     * @return the registry
     */
    public static <P extends NamedProvider> ProviderRegistry<P> of(String kind, List<P> providers) {
        Map<String, P> byName = new LinkedHashMap<>();
        for (P p : providers) {
            String name;
            try {
                name = p.name();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "skipping " + kind + " provider " + p.getClass().getName()
                        + ": name() failed: " + e, e);
                continue;
            }
            P previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                LOG.log(Level.WARNING, "two " + kind + " providers named '" + name + "': keeping "
                        + previous.getClass().getName() + ", ignoring " + p.getClass().getName());
            }
        }
        return new ProviderRegistry<>(kind, byName);
    }

    private static <P> List<P> discover(Class<P> type, ClassLoader loader) {
        List<P> found = new ArrayList<>();
        Iterator<P> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "skipping a " + type.getSimpleName() + " that failed to load: " + e, e);
            }
        }
        return found;
    }

    /** @return what the providers are, e.g. {@code "unlearner"} */
    public String kind() {
        return kind;
    }

    /** @return the providers, in discovery order */
    public List<P> providers() {
        return List.copyOf(byName.values());
    }

    /** @return the known names, in discovery order */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Finds a provider by name.
     *
     * @param name the name
     * @return the provider
     * @throws UnknownProviderException listing the known names
     */
    public P get(String name) {
        P p = byName.get(name);
        if (p == null) {
            throw new UnknownProviderException(kind, name, names());
        }
        return p;
    }

    /**
     * Creates what a named provider makes, with settings validated against its schema. A failure of
     * the provider itself, in {@link NamedProvider#settingsSchema()} or in {@code create}, and a
     * null from either, is a {@link BackendException} that names the provider and its class; an
     * {@link InvalidRequestException} thrown by {@code create} (the provider refusing the request)
     * passes through unchanged.
     *
     * @param name the provider's name
     * @param settings the caller's raw settings
     * @param create the provider's factory method, e.g. {@code UnlearnerProvider::create}
     * @param <T> what the provider makes
     * @return what the provider made, never null
     * @throws NullPointerException if {@code name} or {@code settings} is null, naming it
     * @throws UnknownProviderException on an unknown name
     * @throws io.github.unlearn4j.api.InvalidSettingException on a bad setting
     * @throws BackendException if the provider fails or returns null
     */
    <T> T create(String name, Settings settings, BiFunction<? super P, ResolvedSettings, T> create) {
        Objects.requireNonNull(name, () -> kind + " name must not be null; known " + kind + "s: " + names());
        Objects.requireNonNull(settings, "settings must not be null; pass Settings.empty()");
        P p = get(name);
        SettingsSchema schema;
        try {
            schema = p.settingsSchema();
        } catch (RuntimeException | LinkageError e) {
            throw failed(name, p, "failed to report its settings schema: " + e, e);
        }
        if (schema == null) {
            throw failed(name, p, "returned a null settings schema", null);
        }
        ResolvedSettings resolved = schema.resolve(settings);
        T made;
        try {
            made = create.apply(p, resolved);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw failed(name, p, "failed to create: " + e, e);
        }
        if (made == null) {
            throw failed(name, p, "returned null from create", null);
        }
        return made;
    }

    private BackendException failed(String name, P p, String what, Throwable cause) {
        return new BackendException(
                kind + " provider '" + name + "' (" + p.getClass().getName() + ") " + what, cause);
    }
}
