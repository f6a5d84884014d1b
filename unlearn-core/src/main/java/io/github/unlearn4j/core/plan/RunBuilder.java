package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.Objects;

/**
 * The options that {@link UnlearningPlan.Builder} and {@link MethodComparison.Builder} share: how
 * runs are judged, seeded, found, reported and cancelled, and how the retrained reference is
 * trained. Each builder's javadoc gives its own defaults where they differ (the policy).
 *
 * @param <B> the builder
 */
public abstract sealed class RunBuilder<B extends RunBuilder<B>> permits UnlearningPlan.Builder, MethodComparison.Builder {
    ForgettingPolicy policy;
    VerificationSuite.Builder verification;
    long seed = 42L;
    Settings referenceSettings;
    UnlearnerRegistry registry;
    ProgressListener progress = ProgressListener.NONE;
    CancellationToken cancellation = CancellationToken.none();

    RunBuilder() {}

    /** @return this builder, as its own type */
    abstract B self();

    /**
     * Sets the policy the runs are judged by (the default is the builder's; see its class).
     *
     * @param value the policy
     * @return this builder
     */
    public B optPolicy(ForgettingPolicy value) {
        this.policy = Objects.requireNonNull(value, "policy");
        return self();
    }

    /**
     * Sets the verifiers' settings (minSamples, feature, extra verifiers); the policy's verifiers
     * are added.
     *
     * @param value a suite builder
     * @return this builder
     */
    public B optVerification(VerificationSuite.Builder value) {
        this.verification = Objects.requireNonNull(value, "verification");
        return self();
    }

    /**
     * Sets the seed of every run (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public B optSeed(long value) {
        this.seed = value;
        return self();
    }

    /**
     * Sets the settings of the retrained reference (default: those of a {@code retrain} the caller
     * named, else retrain's defaults; a reference that is not trained to convergence makes every
     * verdict relative to a poor model).
     *
     * @param value the settings
     * @return this builder
     */
    public B optReferenceSettings(Settings value) {
        this.referenceSettings = Objects.requireNonNull(value, "referenceSettings");
        return self();
    }

    /**
     * Sets where methods are found (default: {@link UnlearnerRegistry#loadDefault()}).
     *
     * @param value the registry
     * @return this builder
     */
    public B optRegistry(UnlearnerRegistry value) {
        this.registry = Objects.requireNonNull(value, "registry");
        return self();
    }

    /**
     * Sets the progress listener of every run.
     *
     * @param value the listener
     * @return this builder
     */
    public B optProgress(ProgressListener value) {
        this.progress = Objects.requireNonNull(value, "progress");
        return self();
    }

    /**
     * Sets the cancellation token of every run.
     *
     * @param value the token
     * @return this builder
     */
    public B optCancellation(CancellationToken value) {
        this.cancellation = Objects.requireNonNull(value, "cancellation");
        return self();
    }
}
