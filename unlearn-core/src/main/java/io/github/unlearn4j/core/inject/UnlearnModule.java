package io.github.unlearn4j.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Optional Guice wiring (Guice is an optional dependency of unlearn-core). Binds:
 *
 * <ul>
 *   <li>{@code Map<String, UnlearnerProvider>} and {@code Map<String, ForgetVerifierProvider>}
 *       (MapBinders) holding every provider that {@link java.util.ServiceLoader} finds; an
 *       application adds its own with {@code MapBinder.newMapBinder(binder(), String.class,
 *       UnlearnerProvider.class).addBinding("mine").to(MyProvider.class)};
 *   <li>{@link UnlearnerRegistry} and {@link VerifierRegistry} over those maps;
 *   <li>{@link ForgettingPolicy}, by default {@link ForgettingPolicy#strict()}; override it with
 *       {@code OptionalBinder.newOptionalBinder(binder(), ForgettingPolicy.class).setBinding()};
 *   <li>{@link UnlearningService}, the high-level entry point, with the default escalation plan
 *       ({@link UnlearningPlan#DEFAULT_METHODS}) or the one given to the constructor.
 * </ul>
 *
 * No closeable resource is bound: models and results are created per request and owned by the
 * caller. Discovery happens once, when the module is constructed; {@link #configure()} only binds.
 *
 * <p><b>Plugins.</b> {@link #UnlearnModule()} binds every provider on the class path, a plugin's
 * included: do not bind such a provider again through the MapBinder, which rejects a duplicate key
 * when the injector is created. Bind through the MapBinder only providers that no
 * {@code META-INF/services} file declares.
 *
 * <p><b>The service's methods.</b> {@link UnlearningService} needs every method of its plan and
 * {@code retrain}, its reference. With the default plan, a module built from a list of providers
 * must therefore bind {@code ft}, {@code rbm} and {@code retrain} (in the list or through the
 * MapBinder); otherwise give a plan of bound methods to
 * {@link #UnlearnModule(List, List, List)}. A method missing when the service is first injected
 * fails that injection with an {@link InvalidRequestException} naming it
 * (wrapped by Guice); the registries and maps do not need the service and stay injectable.
 */
@SuppressWarnings("exports") // Guice is optional: users of this class add it themselves
public final class UnlearnModule extends AbstractModule {
    private final List<UnlearnerProvider> methods;
    private final List<ForgetVerifierProvider> verifiers;
    private final List<String> plan;

    /** Discovers providers with the thread's context class loader. */
    public UnlearnModule() {
        this(UnlearnerRegistry.loadDefault().providers(), VerifierRegistry.loadDefault().providers());
    }

    /**
     * Binds given providers instead of discovering them; the service gets the default plan
     * ({@code ft, rbm, retrain}), so those three must be bound (here or through the MapBinder).
     *
     * @param methods the method providers
     * @param verifiers the verifier providers
     */
    public UnlearnModule(List<UnlearnerProvider> methods, List<ForgetVerifierProvider> verifiers) {
        this(methods, verifiers, UnlearningPlan.DEFAULT_METHODS);
    }

    /**
     * Binds given providers, and gives the service its own escalation plan.
     *
     * @param methods the method providers
     * @param verifiers the verifier providers
     * @param plan the service's plan, in order; its methods and {@code retrain} (the reference) must be
     *     bound when the service is injected
     * @throws InvalidRequestException if the plan is empty
     */
    public UnlearnModule(List<UnlearnerProvider> methods, List<ForgetVerifierProvider> verifiers, List<String> plan) {
        this.methods = List.copyOf(methods);
        this.verifiers = List.copyOf(verifiers);
        this.plan = List.copyOf(plan);
        if (this.plan.isEmpty()) {
            throw InvalidRequestException.of("plan", "[]",
                    "name at least one method, e.g. [ft, rbm, retrain]");
        }
    }

    @Override
    protected void configure() {
        MapBinder<String, UnlearnerProvider> m = MapBinder.newMapBinder(binder(), String.class, UnlearnerProvider.class);
        methods.forEach(p -> m.addBinding(p.name()).toInstance(p));
        MapBinder<String, ForgetVerifierProvider> v =
                MapBinder.newMapBinder(binder(), String.class, ForgetVerifierProvider.class);
        verifiers.forEach(p -> v.addBinding(p.name()).toInstance(p));
        OptionalBinder.newOptionalBinder(binder(), ForgettingPolicy.class).setDefault()
                .toInstance(ForgettingPolicy.strict());
    }

    /**
     * The method registry over every bound provider.
     *
     * @param providers the MapBinder's map
     * @return the registry
     */
    @Provides
    @Singleton
    UnlearnerRegistry unlearnerRegistry(Map<String, UnlearnerProvider> providers) {
        return UnlearnerRegistry.of(new ArrayList<>(providers.values()));
    }

    /**
     * The verifier registry over every bound provider.
     *
     * @param providers the MapBinder's map
     * @return the registry
     */
    @Provides
    @Singleton
    VerifierRegistry verifierRegistry(Map<String, ForgetVerifierProvider> providers) {
        return VerifierRegistry.of(new ArrayList<>(providers.values()));
    }

    /**
     * The high-level service, with this module's plan.
     *
     * @param methods the method registry
     * @param verifiers the verifier registry
     * @param policy the bound policy
     * @return the service
     * @throws InvalidRequestException naming the plan's methods (or
     *     {@code retrain}) that are not bound
     */
    @Provides
    @Singleton
    UnlearningService unlearningService(UnlearnerRegistry methods, VerifierRegistry verifiers, ForgettingPolicy policy) {
        return new UnlearningService(methods, verifiers, policy, plan);
    }
}
