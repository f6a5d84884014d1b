package io.github.unlearn4j.core.testkit;

import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link io.github.unlearn4j.api.verify.ForgetVerifier} must keep, as JUnit 5
 * tests: extend this class in your plugin's tests and return your provider.
 *
 * <pre>{@code
 * class ConfidenceGapVerifierContractTest extends VerifierContract {
 *     protected ForgetVerifierProvider provider() {
 *         return new ConfidenceGapVerifierProvider();
 *     }
 * }
 * }</pre>
 *
 * or run the checks of several providers as dynamic tests with {@link #checks}. What each check
 * demands is documented on {@link VerifierChecks}: a clean name and description, settings that
 * reject unknown names, every produced metric declared ({@link
 * io.github.unlearn4j.core.verify.MetricDeclaring}) with a sample count and within its range, the
 * same metrics on the same input, models left untouched, and a mismatched model rejected before
 * any compute.
 */
public abstract class VerifierContract {
    /** Creates the test; JUnit makes one instance per check. */
    protected VerifierContract() {}

    /** @return the provider under test (a new instance is fine) */
    protected abstract ForgetVerifierProvider provider();

    /** @return the settings the verifier is created with; by default none */
    protected Settings settings() {
        return Settings.empty();
    }

    /** @return the model and data to verify on; by default {@link ContractFixture#reference()} */
    protected ContractFixture fixture() {
        return ContractFixture.reference();
    }

    /**
     * The checks of one provider on the default fixture, with its default settings, as dynamic tests.
     *
     * @param provider the provider under test
     * @return one dynamic test per check
     */
    public static Stream<DynamicTest> checks(ForgetVerifierProvider provider) {
        return checks(provider, Settings.empty(), ContractFixture.reference());
    }

    /**
     * The checks of one provider, as dynamic tests.
     *
     * @param provider the provider under test
     * @param settings the settings the verifier is created with
     * @param fixture the model and data to verify on
     * @return one dynamic test per check
     */
    public static Stream<DynamicTest> checks(ForgetVerifierProvider provider, Settings settings,
            ContractFixture fixture) {
        return new VerifierChecks(provider, settings, fixture).dynamicTests();
    }

    private VerifierChecks kit() {
        return new VerifierChecks(provider(), settings(), fixture());
    }

    /** See {@link VerifierChecks#nameAndDescription()}. */
    @Test
    public void nameAndDescription() {
        kit().nameAndDescription();
    }

    /** See {@link VerifierChecks#unknownSettingIsRejectedListingKnownNames()}. */
    @Test
    public void unknownSettingIsRejectedListingKnownNames() {
        kit().unknownSettingIsRejectedListingKnownNames();
    }

    /** See {@link VerifierChecks#everyDefaultResolves()}. */
    @Test
    public void everyDefaultResolves() {
        kit().everyDefaultResolves();
    }

    /** See {@link VerifierChecks#metricsAreDeclared()}. */
    @Test
    public void metricsAreDeclared() {
        kit().metricsAreDeclared();
    }

    /** See {@link VerifierChecks#everyProducedMetricIsDeclaredAndCounted()}. */
    @Test
    public void everyProducedMetricIsDeclaredAndCounted() {
        kit().everyProducedMetricIsDeclaredAndCounted();
    }

    /** See {@link VerifierChecks#sameInputGivesTheSameMetrics()}. */
    @Test
    public void sameInputGivesTheSameMetrics() {
        kit().sameInputGivesTheSameMetrics();
    }

    /** See {@link VerifierChecks#inputModelsAreLeftUntouched()}. */
    @Test
    public void inputModelsAreLeftUntouched() {
        kit().inputModelsAreLeftUntouched();
    }

    /** See {@link VerifierChecks#mismatchedModelIsRejectedBeforeAnyCompute()}. */
    @Test
    public void mismatchedModelIsRejectedBeforeAnyCompute() {
        kit().mismatchedModelIsRejectedBeforeAnyCompute();
    }

    /** See {@link VerifierChecks#nullRequestIsRejected()}. */
    @Test
    public void nullRequestIsRejected() {
        kit().nullRequestIsRejected();
    }
}
