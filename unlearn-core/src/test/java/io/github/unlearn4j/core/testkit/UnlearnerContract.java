package io.github.unlearn4j.core.testkit;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.Settings;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The contract test kit: the checks that every {@link io.github.unlearn4j.api.Unlearner} provider
 * must pass, in the spirit of scikit-learn's {@code check_estimator}. Extend this class in your
 * tests, say which provider to check and with which small settings, and every check below runs
 * as a JUnit 5 test:
 *
 * <pre>{@code
 * // test dependency: io.github.unlearn4j:unlearn-core:<version>, <type>test-jar</type>, plus junit-jupiter
 * import io.github.unlearn4j.core.testkit.UnlearnerContract;
 *
 * class MyMethodContractTest extends UnlearnerContract {
 *     @Override protected UnlearnerProvider provider() { return new MyMethodProvider(); }
 *
 *     // small enough that one run takes well under a second on the fixture
 *     @Override protected Settings budgetSettings() { return Settings.of(Map.of("epochs", 1, "batchSize", 8)); }
 *
 *     // optional: your backend's model and data instead of the reference softmax regression
 *     // @Override protected ContractFixture fixture() { return new ContractFixture(...); }
 * }
 * }</pre>
 *
 * To check many providers in one test class, use {@link #checks(UnlearnerProvider, Settings)} in a
 * {@code @TestFactory} (a {@code DynamicContainer} per provider); the checks are the same.
 *
 * <p>The checks ({@link UnlearnerChecks} has one method each, with its exact demands):
 *
 * <ul>
 *   <li><b>name and description</b>: a non-blank, lower-case name usable on the command line, a
 *       one-line description;
 *   <li><b>settings validation</b>: an unknown setting fails with an
 *       {@link io.github.unlearn4j.api.InvalidSettingException} that lists the known names; every
 *       default resolves and parses back from its string form; numeric settings reject NaN and the
 *       values just outside the range their {@code allowed()} states; every setting rejects a value of
 *       the wrong type; every enum constant and inclusive bound either creates the method or fails
 *       with an {@link io.github.unlearn4j.api.InvalidRequestException};
 *   <li><b>input model untouched</b>: parameters and gradient buffer bit-identical after the run;
 *       the result shares no storage with the input;
 *   <li><b>determinism</b>: the same seed gives bit-identical parameters (or within the fixture's
 *       tolerance), also when rerun from the provenance;
 *   <li><b>cancellation</b>: a token cancelled before the start, or from the progress listener at
 *       the first event (when the run reports more than one), stops the run with
 *       {@link io.github.unlearn4j.api.UnlearningCancelledException} and leaves the input untouched;
 *   <li><b>progress</b>: at least one event, on the calling thread, with {@code completed ≤ total}
 *       and {@code completed} non-decreasing within a stage;
 *   <li><b>bad input</b>: a model whose feature count does not match the data fails with an
 *       {@link io.github.unlearn4j.api.InvalidRequestException} naming {@code featureCount}, before
 *       any compute; a null request fails with a {@link NullPointerException} or an
 *       {@link io.github.unlearn4j.api.InvalidRequestException};
 *   <li><b>provenance</b>: method, seed, forget/retain/test sizes, settings, backend, device, start
 *       time and a non-negative elapsed time.
 * </ul>
 *
 * To skip a check that cannot apply to your method, override its test method, annotate it with
 * {@code @Disabled("why")}, and say so in your documentation.
 */
public abstract class UnlearnerContract {
    /** Creates the test; JUnit makes one instance per check. */
    protected UnlearnerContract() {}

    /** @return the provider under test (a new instance is fine) */
    protected abstract UnlearnerProvider provider();

    /**
     * Settings that make one run short: each check runs the method up to three times on the
     * fixture, so aim for well under half a second per run (one epoch, small batches). Use small
     * batches (8 rows on the default fixture) so that a run takes several steps and the mid-run
     * cancellation check applies.
     *
     * @return the settings every run uses
     */
    protected abstract Settings budgetSettings();

    /** @return the model and data to run on; by default {@link ContractFixture#reference()} */
    protected ContractFixture fixture() {
        return ContractFixture.reference();
    }

    /**
     * The checks of one provider on the default fixture, as dynamic tests.
     *
     * @param provider the provider under test
     * @param budget its small settings
     * @return one dynamic test per check
     */
    public static Stream<DynamicTest> checks(UnlearnerProvider provider, Settings budget) {
        return checks(provider, budget, ContractFixture.reference());
    }

    /**
     * The checks of one provider, as dynamic tests.
     *
     * @param provider the provider under test
     * @param budget its small settings
     * @param fixture the model and data to run on
     * @return one dynamic test per check
     */
    public static Stream<DynamicTest> checks(UnlearnerProvider provider, Settings budget, ContractFixture fixture) {
        return new UnlearnerChecks(provider, budget, fixture).dynamicTests();
    }

    private UnlearnerChecks kit() {
        return new UnlearnerChecks(provider(), budgetSettings(), fixture());
    }

    /** See {@link UnlearnerChecks#nameAndDescription()}. */
    @Test
    public void nameAndDescription() {
        kit().nameAndDescription();
    }

    /** See {@link UnlearnerChecks#unknownSettingIsRejectedListingKnownNames()}. */
    @Test
    public void unknownSettingIsRejectedListingKnownNames() {
        kit().unknownSettingIsRejectedListingKnownNames();
    }

    /** See {@link UnlearnerChecks#everyDefaultResolves()}. */
    @Test
    public void everyDefaultResolves() {
        kit().everyDefaultResolves();
    }

    /** See {@link UnlearnerChecks#numericSettingsRejectNaNAndOutOfRangeValues()}. */
    @Test
    public void numericSettingsRejectNaNAndOutOfRangeValues() {
        kit().numericSettingsRejectNaNAndOutOfRangeValues();
    }

    /** See {@link UnlearnerChecks#everySettingRejectsAValueOfTheWrongType()}. */
    @Test
    public void everySettingRejectsAValueOfTheWrongType() {
        kit().everySettingRejectsAValueOfTheWrongType();
    }

    /** See {@link UnlearnerChecks#everyAllowedChoiceAndBoundCreatesOrExplains()}. */
    @Test
    public void everyAllowedChoiceAndBoundCreatesOrExplains() {
        kit().everyAllowedChoiceAndBoundCreatesOrExplains();
    }

    /** See {@link UnlearnerChecks#inputModelIsLeftUntouched()}. */
    @Test
    public void inputModelIsLeftUntouched() {
        kit().inputModelIsLeftUntouched();
    }

    /** See {@link UnlearnerChecks#sameSeedGivesTheSameModel()}. */
    @Test
    public void sameSeedGivesTheSameModel() {
        kit().sameSeedGivesTheSameModel();
    }

    /** See {@link UnlearnerChecks#cancelledBeforeStart()}. */
    @Test
    public void cancelledBeforeStart() {
        kit().cancelledBeforeStart();
    }

    /** See {@link UnlearnerChecks#cancelledFromTheProgressListener()}. */
    @Test
    public void cancelledFromTheProgressListener() {
        kit().cancelledFromTheProgressListener();
    }

    /** See {@link UnlearnerChecks#progressIsReported()}. */
    @Test
    public void progressIsReported() {
        kit().progressIsReported();
    }

    /** See {@link UnlearnerChecks#mismatchedModelIsRejectedBeforeAnyCompute()}. */
    @Test
    public void mismatchedModelIsRejectedBeforeAnyCompute() {
        kit().mismatchedModelIsRejectedBeforeAnyCompute();
    }

    /** See {@link UnlearnerChecks#nullRequestIsRejected()}. */
    @Test
    public void nullRequestIsRejected() {
        kit().nullRequestIsRejected();
    }

    /** See {@link UnlearnerChecks#resultCarriesItsProvenance()}. */
    @Test
    public void resultCarriesItsProvenance() {
        kit().resultCarriesItsProvenance();
    }
}
