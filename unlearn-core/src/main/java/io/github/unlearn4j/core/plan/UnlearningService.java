package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The high-level entry point for an application that honours deletion requests: one object that
 * holds the registries and the forgetting policy, and answers a request with a verified model and a
 * receipt. Plain constructor, no dependency-injection types: wire it by hand or through
 * {@link io.github.unlearn4j.core.inject.UnlearnModule}.
 *
 * <p><b>Threads.</b> Immutable; {@link #forget} and {@link #run} may be called from many threads at
 * once, also on the same input model: each call builds its own plan, works on its own copies and
 * only reads the caller's model (which the model contract makes safe). On DJL, the gradient steps
 * of concurrent runs take turns under {@code DjlModel.autogradLock()}, so overlapping runs succeed
 * (interleaved step by step) and give the same result as a run alone, also when the network
 * draws random numbers while training (dropout: each step seeds DJL's generator from its own
 * model's stream under that lock). An infrastructure error in
 * one run ends that run with its exception; it is never recorded as a verdict. What this class does
 * not do is order deletion requests: two requests answered side by side from the same model each
 * produce a model that still holds the other's rows. Answer a stream of requests with {@link
 * io.github.unlearn4j.core.serve.DeletionProcessor}, which serializes them and builds each on every
 * deletion before it.
 */
public final class UnlearningService {
    private final UnlearnerRegistry methods;
    private final VerifierRegistry verifiers;
    private final ForgettingPolicy policy;
    private final List<String> plan;

    /**
     * Creates the service.
     *
     * @param methods where methods are found; must hold every method of {@code plan} and
     *     {@value UnlearningPlan#RETRAIN}, the retrained reference that {@link #forget} judges every
     *     attempt against
     * @param verifiers where verifiers are found
     * @param policy the required level of forgetting
     * @param plan the escalation plan's methods, in order (for example ft, rbm, retrain)
     * @throws InvalidRequestException naming every method of the plan (or the reference) that
     *     {@code methods} lacks, before any request
     */
    public UnlearningService(
            UnlearnerRegistry methods, VerifierRegistry verifiers, ForgettingPolicy policy, List<String> plan) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.plan = List.copyOf(plan);
        Set<String> needed = new LinkedHashSet<>(this.plan);
        needed.add(UnlearningPlan.RETRAIN);
        List<String> missing = needed.stream().filter(m -> !methods.names().contains(m)).toList();
        if (!missing.isEmpty()) {
            throw InvalidRequestException.of("UnlearningService.methods", methods.names(),
                    "lacks " + missing + ", which the plan " + this.plan + " and its retrained reference ("
                            + UnlearningPlan.RETRAIN + ") need; register those providers (ServiceLoader,"
                            + " UnlearnerRegistry.of, or UnlearnModule's list or MapBinder) or give a plan of"
                            + " registered methods");
        }
    }

    /**
     * A service over the ServiceLoader registries, with the given policy and the default plan.
     *
     * @param policy the required level of forgetting
     * @return the service
     */
    public static UnlearningService withDefaults(ForgettingPolicy policy) {
        return new UnlearningService(UnlearnerRegistry.loadDefault(), VerifierRegistry.loadDefault(), policy,
                UnlearningPlan.DEFAULT_METHODS);
    }

    /** @return the policy every request is verified against */
    public ForgettingPolicy policy() {
        return policy;
    }

    /** @return the methods of the escalation plan, in order */
    public List<String> plan() {
        return plan;
    }

    /** @return the method registry */
    public UnlearnerRegistry methods() {
        return methods;
    }

    /**
     * Honours a deletion request: runs the escalation plan (each method from the original, verified
     * against the policy, stopping at the first PASS, retraining last when every approximate method
     * fails).
     *
     * @param model the deployed model; never modified
     * @param split the training data, the ids to forget and the test set
     * @param seed the run's seed
     * @param settings per-method settings (method name to settings); methods not named use defaults
     * @return every attempt, the chosen model and the receipt; close it
     */
    public PlanResult forget(TrainableModel model, DataSplit split, long seed, java.util.Map<String, Settings> settings) {
        UnlearningPlan.Builder b = UnlearningPlan.builder().optPolicy(policy).optRegistry(methods).optSeed(seed)
                .optVerification(VerificationSuite.builder().optRegistry(verifiers));
        for (String m : plan) {
            b.addStep(m, settings.getOrDefault(m, Settings.empty()));
        }
        if (settings.containsKey("retrain")) {
            b.optReferenceSettings(settings.get("retrain"));
        }
        return b.build().run(model, split);
    }

    /**
     * Runs one method, without verification.
     *
     * @param method the method name
     * @param settings its settings
     * @param model the model; never modified
     * @param split the data
     * @param seed the seed
     * @return the result; close it
     */
    public UnlearnResult run(String method, Settings settings, TrainableModel model, DataSplit split, long seed) {
        return methods.create(method, settings)
                .unlearn(UnlearnRequest.builder().setModel(model).setData(split).optSeed(seed).build());
    }
}
