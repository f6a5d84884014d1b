package io.github.unlearn4j.core.verify;

import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.testkit.VerifierContract;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/** The verifier contract over every core verifier. */
class BuiltInVerifiersContractTest {
    @TestFactory
    Stream<DynamicContainer> everyCoreVerifierKeepsTheContract() {
        List<ForgetVerifierProvider> providers = List.of(new AccuracyVerifierProvider(), new MiaVerifierProvider(),
                new RetrainGapVerifierProvider(), new WeightDistanceVerifierProvider());
        return providers.stream().map(p -> DynamicContainer.dynamicContainer(p.name(), VerifierContract.checks(p)));
    }
}
