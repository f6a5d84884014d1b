package io.github.unlearn4j.core.verify;

import java.util.List;

/**
 * Implemented by a {@link io.github.unlearn4j.api.verify.ForgetVerifierProvider} that declares the
 * metrics its verifier produces, so that a policy can name them before any compute
 * ({@link MetricCatalog#of(io.github.unlearn4j.api.registry.VerifierRegistry)}). Every metric the
 * verifier returns must be declared here, with {@link MetricSpec#verifier()} equal to the provider's
 * name; the verifier contract kit checks both.
 */
public interface MetricDeclaring {
    /** @return the specs of every metric the verifier can produce, in its report's order */
    List<MetricSpec> metricSpecs();
}
