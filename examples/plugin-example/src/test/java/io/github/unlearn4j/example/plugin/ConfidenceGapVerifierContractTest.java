package io.github.unlearn4j.example.plugin;

import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.testkit.VerifierContract;

/** The plugin's verifier keeps the verifier contract. */
class ConfidenceGapVerifierContractTest extends VerifierContract {
    @Override
    protected ForgetVerifierProvider provider() {
        return new ConfidenceGapVerifierProvider();
    }
}
