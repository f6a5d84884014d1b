package com.example.unlearnplugin;

import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.testkit.VerifierContract;

/** The verifier contract kit over {@code prediction-entropy}, with its default settings. */
class PredictionEntropyContractTest extends VerifierContract {
    @Override
    protected ForgetVerifierProvider provider() {
        return new PredictionEntropyVerifierProvider();
    }
}
