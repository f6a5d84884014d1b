package io.github.unlearn4j.api.verify;

/**
 * Measures how well a model has forgotten. It reads the models and never modifies them. Create one
 * through {@link io.github.unlearn4j.api.registry.VerifierRegistry}.
 */
public interface ForgetVerifier {
    /** @return the registered name */
    String name();

    /**
     * Measures.
     *
     * @param request the model to judge, the data split, and an optional retrained reference
     * @return the metrics, each with its sample count
     */
    VerificationReport verify(VerificationRequest request);
}
