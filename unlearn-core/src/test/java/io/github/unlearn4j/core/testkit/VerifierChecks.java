package io.github.unlearn4j.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.verify.AbstractVerifier;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.MetricDeclaring;
import io.github.unlearn4j.core.verify.MetricSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract checks of one {@link ForgetVerifierProvider}, each a public method that throws an
 * {@link AssertionError} when the provider or its verifier breaks the {@link ForgetVerifier}
 * contract. {@link VerifierContract} runs them as JUnit tests; see it for how a plugin author runs
 * them.
 *
 * <p>Every verification runs on the fixture's trained model, its split (with a test set) and a
 * second copy of the model as the retrained reference, so that verifiers that need a reference
 * run too.
 */
public final class VerifierChecks {
    private final ForgetVerifierProvider provider;
    private final Settings settings;
    private final ContractFixture fixture;
    private final VerifierRegistry registry;

    /**
     * Creates the checks.
     *
     * @param provider the provider under test
     * @param settings the settings every verifier is created with
     * @param fixture the model and data to verify on
     */
    public VerifierChecks(ForgetVerifierProvider provider, Settings settings, ContractFixture fixture) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fixture = Objects.requireNonNull(fixture, "fixture");
        this.registry = VerifierRegistry.of(List.of(provider));
    }

    /** @return every check by name, in a stable order */
    public Map<String, Executable> all() {
        Map<String, Executable> checks = new LinkedHashMap<>();
        checks.put("nameAndDescription", this::nameAndDescription);
        checks.put("unknownSettingIsRejectedListingKnownNames", this::unknownSettingIsRejectedListingKnownNames);
        checks.put("everyDefaultResolves", this::everyDefaultResolves);
        checks.put("metricsAreDeclared", this::metricsAreDeclared);
        checks.put("everyProducedMetricIsDeclaredAndCounted", this::everyProducedMetricIsDeclaredAndCounted);
        checks.put("sameInputGivesTheSameMetrics", this::sameInputGivesTheSameMetrics);
        checks.put("inputModelsAreLeftUntouched", this::inputModelsAreLeftUntouched);
        checks.put("mismatchedModelIsRejectedBeforeAnyCompute", this::mismatchedModelIsRejectedBeforeAnyCompute);
        checks.put("nullRequestIsRejected", this::nullRequestIsRejected);
        return checks;
    }

    /** @return every check as a dynamic test named after it */
    public Stream<DynamicTest> dynamicTests() {
        return all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), e.getValue()));
    }

    private String who() {
        return "verifier '" + provider.name() + "' (" + provider.getClass().getName() + ")";
    }

    private ForgetVerifier verifier() {
        return registry.create(provider.name(), settings);
    }

    /**
     * The name is non-blank, lower case and usable on the command line (no whitespace, {@code .},
     * {@code ,} or {@code =}); the description is one non-blank line; the schema is there; a created
     * verifier reports the provider's name.
     */
    public void nameAndDescription() {
        ProviderChecks.nameAndDescription(provider, who(), "verifier", () -> verifier().name());
    }

    /** An unknown setting fails with {@link InvalidSettingException} naming it and listing the known ones. */
    public void unknownSettingIsRejectedListingKnownNames() {
        ProviderChecks.unknownSettingIsRejectedListingKnownNames(provider, who(), settings,
                s -> registry.create(provider.name(), s));
    }

    /** With no settings at all, every default resolves and a verifier is created. */
    public void everyDefaultResolves() {
        assertNotNull(registry.create(provider.name(), Settings.empty()),
                () -> who() + ": create() with the defaults returned null");
    }

    /**
     * The provider implements {@link MetricDeclaring}; its specs have unique names, all name this
     * verifier, and fit into the catalog of the registered verifiers
     * ({@link MetricCatalog#of(VerifierRegistry)}), so that a policy can name them.
     */
    public void metricsAreDeclared() {
        List<MetricSpec> specs = declared();
        assertFalse(specs.isEmpty(), () -> who() + ": metricSpecs() is empty");
        Set<String> names = new HashSet<>();
        for (MetricSpec s : specs) {
            assertTrue(names.add(s.name()), () -> who() + ": metric '" + s.name() + "' is declared twice");
            assertEquals(provider.name(), s.verifier(),
                    () -> who() + ": metric '" + s.name() + "' must name its verifier, '" + provider.name() + "'");
        }
        MetricCatalog catalog = MetricCatalog.of(registry);
        for (MetricSpec s : specs) {
            assertEquals(s, catalog.find(s.name()).orElseThrow(),
                    () -> who() + ": metric '" + s.name() + "' is not in the catalog of the registered verifiers");
        }
    }

    private List<MetricSpec> declared() {
        if (!(provider instanceof MetricDeclaring d)) {
            throw new AssertionError(who() + ": the provider must implement " + MetricDeclaring.class.getName()
                    + ", so that a policy can name its metrics before any compute");
        }
        return Objects.requireNonNull(d.metricSpecs(), () -> who() + ": metricSpecs() returned null");
    }

    /**
     * On the fixture, the report names the verifier and holds at least one metric; every metric is
     * declared, appears once, is finite and within its spec's range, and carries a sample count
     * (positive, unless the verifier's {@link AbstractVerifier#minSamplesFor} is 0 for it).
     */
    public void everyProducedMetricIsDeclaredAndCounted() {
        Map<String, MetricSpec> specs = new LinkedHashMap<>();
        declared().forEach(s -> specs.put(s.name(), s));
        ForgetVerifier v = verifier();
        VerificationReport report = verify(v);
        assertEquals(provider.name(), report.verifier(), () -> who() + ": the report names another verifier");
        assertFalse(report.metrics().isEmpty(), () -> who() + ": the report holds no metric");
        Set<String> seen = new HashSet<>();
        for (Metric m : report.metrics()) {
            MetricSpec s = specs.get(m.name());
            assertNotNull(s, () -> who() + ": produced metric '" + m.name() + "' is not declared; declared: "
                    + specs.keySet());
            assertTrue(seen.add(m.name()), () -> who() + ": metric '" + m.name() + "' appears twice in one report");
            assertTrue(Double.isFinite(m.value()) && s.inRange(m.value()),
                    () -> who() + ": metric '" + m.name() + "' = " + m.value() + " is outside its range " + s.range());
            int min = v instanceof AbstractVerifier a ? a.minSamplesFor(m.name()) : 1;
            assertTrue(m.sampleCount() >= 0 && (min == 0 || m.sampleCount() > 0),
                    () -> who() + ": metric '" + m.name() + "' has sample count " + m.sampleCount()
                            + "; give the number of samples it was computed on");
        }
    }

    /** Two verifications of the same models and data give bit-identical metrics, in the same order. */
    public void sameInputGivesTheSameMetrics() {
        ForgetVerifier v = verifier();
        List<Metric> a = verify(v).metrics();
        List<Metric> b = verify(verifier()).metrics();
        assertEquals(a.size(), b.size(), () -> who() + ": two runs produced different metric counts");
        for (int i = 0; i < a.size(); i++) {
            Metric x = a.get(i);
            Metric y = b.get(i);
            assertEquals(x.name(), y.name(), () -> who() + ": two runs produced the metrics in another order");
            assertEquals(Double.doubleToLongBits(x.value()), Double.doubleToLongBits(y.value()),
                    () -> who() + ": metric '" + x.name() + "' is " + x.value() + " then " + y.value()
                            + " on the same input; seed any randomness");
            assertEquals(x.sampleCount(), y.sampleCount(), () -> who() + ": metric '" + x.name()
                    + "' changed its sample count between two runs");
        }
    }

    /** After a verification, the model's and the reference's parameters and gradients are bit-identical to before. */
    public void inputModelsAreLeftUntouched() {
        try (TrainableModel model = fixture.newModel(); TrainableModel reference = fixture.newModel()) {
            float[] p = model.parameters();
            float[] g = model.gradients();
            float[] rp = reference.parameters();
            float[] rg = reference.gradients();
            verifier().verify(new VerificationRequest(model, fixture.split(), reference));
            assertBitIdentical(p, model.parameters(), "model's parameters");
            assertBitIdentical(g, model.gradients(), "model's gradient buffer");
            assertBitIdentical(rp, reference.parameters(), "reference's parameters");
            assertBitIdentical(rg, reference.gradients(), "reference's gradient buffer");
        }
    }

    private void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, () -> who() + ": the " + what + " changed size");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                int at = i;
                fail(() -> who() + ": the " + what + " changed at index " + at + " (" + expected[at] + " -> "
                        + actual[at] + "); verifiers read models through predict() and evaluate() only");
            }
        }
    }

    /**
     * A model whose feature count does not match the data is rejected with an
     * {@link InvalidRequestException} naming {@code featureCount}, before any compute on it
     * (extend {@link AbstractVerifier}, or call {@link AbstractVerifier#checkCompatible} first).
     */
    public void mismatchedModelIsRejectedBeforeAnyCompute() {
        try (TrainableModel wrong = fixture.newMismatchedModel(); TrainableModel reference = fixture.newModel()) {
            DataSplit split = fixture.split();
            assertNotEquals(split.train().featureCount(), wrong.description().inputFeatures(),
                    "the fixture's mismatched model must have another feature count than the data");
            ComputeSpy spy = new ComputeSpy(wrong);
            ForgetVerifier v = verifier();
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> v.verify(new VerificationRequest(spy, split, reference)),
                    () -> who() + ": a model with " + wrong.description().inputFeatures() + " input features on data"
                            + " with " + split.train().featureCount() + " must fail with InvalidRequestException");
            assertTrue(e.getMessage().contains("featureCount"),
                    () -> who() + ": the message must name the field (featureCount): " + e.getMessage());
            assertEquals(List.of(), spy.calls(),
                    () -> who() + ": the model was used before the request was rejected; validate before any compute");
        }
    }

    /** A null request fails with {@link NullPointerException} or {@link InvalidRequestException}. */
    public void nullRequestIsRejected() {
        ForgetVerifier v = verifier();
        try {
            v.verify(null);
            fail(() -> who() + ": verify(null) returned instead of throwing");
        } catch (NullPointerException | InvalidRequestException expected) {
            // the contract
        } catch (RuntimeException e) {
            throw new AssertionError(who() + ": verify(null) must throw NullPointerException or "
                    + "InvalidRequestException, but threw " + e, e);
        }
    }

    private VerificationReport verify(ForgetVerifier v) {
        try (TrainableModel model = fixture.newModel(); TrainableModel reference = fixture.newModel()) {
            VerificationReport r = v.verify(new VerificationRequest(model, fixture.split(), reference));
            assertNotNull(r, () -> who() + ": verify() returned null");
            return r;
        }
    }
}
