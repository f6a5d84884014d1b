package io.github.unlearn4j.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.UnlearningCancelledException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.Progress;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract checks of one {@link UnlearnerProvider}, each a public method that throws an
 * {@link AssertionError} (or aborts, through an assumption) when the provider breaks the
 * {@link Unlearner} contract. {@link UnlearnerContract} runs them as JUnit tests; see it for what
 * each check demands and for how a plugin author runs them.
 *
 * <p>Every run uses {@code budgetSettings} (with one setting changed, where a check says so), so the
 * provider's budget decides how long the checks take.
 */
public final class UnlearnerChecks {
    /** The seed of most runs: not the request's default (42), so that a method that ignores it shows. */
    static final long SEED = 1234L;

    private static final Pattern RANGE = Pattern.compile(
            "in\\s*([\\[(])\\s*([^,\\s]+)\\s*,\\s*([^\\])\\s]+)\\s*([\\])])");
    private static final String POSITIVE = "a finite number > 0";

    private final UnlearnerProvider provider;
    private final Settings budget;
    private final ContractFixture fixture;
    private final UnlearnerRegistry registry;

    /**
     * Creates the checks.
     *
     * @param provider the provider under test
     * @param budget settings that make one run short (well under a second on the fixture)
     * @param fixture the model and data to run on
     */
    public UnlearnerChecks(UnlearnerProvider provider, Settings budget, ContractFixture fixture) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.fixture = Objects.requireNonNull(fixture, "fixture");
        this.registry = UnlearnerRegistry.of(List.of(provider));
    }

    /** @return every check by name, in a stable order */
    public Map<String, Executable> all() {
        Map<String, Executable> checks = new LinkedHashMap<>();
        checks.put("nameAndDescription", this::nameAndDescription);
        checks.put("unknownSettingIsRejectedListingKnownNames", this::unknownSettingIsRejectedListingKnownNames);
        checks.put("everyDefaultResolves", this::everyDefaultResolves);
        checks.put("numericSettingsRejectNaNAndOutOfRangeValues", this::numericSettingsRejectNaNAndOutOfRangeValues);
        checks.put("everySettingRejectsAValueOfTheWrongType", this::everySettingRejectsAValueOfTheWrongType);
        checks.put("everyAllowedChoiceAndBoundCreatesOrExplains", this::everyAllowedChoiceAndBoundCreatesOrExplains);
        checks.put("inputModelIsLeftUntouched", this::inputModelIsLeftUntouched);
        checks.put("sameSeedGivesTheSameModel", this::sameSeedGivesTheSameModel);
        checks.put("cancelledBeforeStart", this::cancelledBeforeStart);
        checks.put("cancelledFromTheProgressListener", this::cancelledFromTheProgressListener);
        checks.put("progressIsReported", this::progressIsReported);
        checks.put("mismatchedModelIsRejectedBeforeAnyCompute", this::mismatchedModelIsRejectedBeforeAnyCompute);
        checks.put("nullRequestIsRejected", this::nullRequestIsRejected);
        checks.put("resultCarriesItsProvenance", this::resultCarriesItsProvenance);
        return checks;
    }

    /** @return every check as a dynamic test named after it */
    public Stream<DynamicTest> dynamicTests() {
        return all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), e.getValue()));
    }

    private String who() {
        return "unlearner '" + provider.name() + "' (" + provider.getClass().getName() + ")";
    }

    private Unlearner unlearner() {
        return registry.create(provider.name(), budget);
    }

    private UnlearnRequest.Builder request(TrainableModel model, long seed) {
        return UnlearnRequest.builder().setModel(model).setData(fixture.split()).optSeed(seed);
    }

    // ---------------------------------------------------------------- name, description, settings

    /**
     * The name is non-blank, lower case and usable on the command line (no whitespace, {@code .},
     * {@code ,} or {@code =}); the description is one non-blank line; the schema is there;
     * a created unlearner reports the provider's name.
     */
    public void nameAndDescription() {
        ProviderChecks.nameAndDescription(provider, who(), "method", () -> unlearner().name());
    }

    /** An unknown setting name fails with {@link InvalidSettingException} naming it and listing the known ones. */
    public void unknownSettingIsRejectedListingKnownNames() {
        ProviderChecks.unknownSettingIsRejectedListingKnownNames(provider, who(), budget,
                s -> registry.create(provider.name(), s));
    }

    /**
     * Every declared setting has a default that resolves, and whose string form parses back to it;
     * the defaults and the budget resolve and create an unlearner that reports them.
     */
    public void everyDefaultResolves() {
        SettingsSchema schema = provider.settingsSchema();
        ResolvedSettings defaults = schema.resolve(Settings.empty());
        for (Setting<?> s : schema.settings()) {
            assertNotNull(s.defaultValue(), () -> who() + ": setting '" + s.name() + "' has no default");
            assertEquals(s.defaultValue(), defaults.get(s.name(), s.type()),
                    () -> who() + ": setting '" + s.name() + "' does not resolve to its default");
            assertEquals(s.defaultValue(), s.convert(schema.owner(), s.format(s.defaultValue())),
                    () -> who() + ": the default of '" + s.name() + "' does not parse back from its string form '"
                            + s.format(s.defaultValue()) + "'");
        }
        Unlearner withDefaults = provider.create(defaults);
        assertNotNull(withDefaults, () -> who() + ": create() returned null");
        assertEquals(defaults.asStrings(), withDefaults.settings().asStrings(),
                () -> who() + ": the unlearner's settings() differ from the settings it was created with");
        ResolvedSettings resolvedBudget = schema.resolve(budget);
        assertEquals(resolvedBudget.asStrings(), unlearner().settings().asStrings(),
                () -> who() + ": the unlearner's settings() differ from the budget settings");
        assertEquals(defaults.asStrings(), schema.resolve(Settings.of(defaults.asStrings())).asStrings(),
                () -> who() + ": the settings' string forms (as recorded in provenance) do not parse back");
    }

    /**
     * Every numeric setting rejects NaN and, where {@link Setting#allowed()} states a range, the
     * values just outside it, with an {@link InvalidSettingException} naming the setting.
     */
    public void numericSettingsRejectNaNAndOutOfRangeValues() {
        for (Setting<?> s : provider.settingsSchema().settings()) {
            if (!isNumeric(s)) {
                continue;
            }
            expectRejected(s, Double.NaN);
            expectRejected(s, "NaN");
            for (Object bad : outOfRange(s)) {
                expectRejected(s, bad);
            }
        }
    }

    /** Every setting rejects a string that is not a value of its type, naming the setting. */
    public void everySettingRejectsAValueOfTheWrongType() {
        for (Setting<?> s : provider.settingsSchema().settings()) {
            expectRejected(s, "not-a-value-of-" + s.name());
        }
    }

    /**
     * Every value the schema accepts at the edge (each enum constant, both booleans, each inclusive
     * numeric bound) either creates an unlearner or fails with an {@link InvalidRequestException}
     * that explains why, never with another exception.
     */
    public void everyAllowedChoiceAndBoundCreatesOrExplains() {
        for (Setting<?> s : provider.settingsSchema().settings()) {
            List<Object> values = new ArrayList<>();
            if (s.type().isEnum()) {
                values.addAll(s.choices());
            } else if (s.type() == Boolean.class) {
                values.addAll(List.of(true, false));
            } else if (isNumeric(s)) {
                values.addAll(inRangeEdges(s));
            }
            for (Object v : values) {
                try {
                    provider.settingsSchema().resolve(Settings.of(Map.of(s.name(), v)));
                } catch (InvalidSettingException e) {
                    throw new AssertionError(who() + ": setting '" + s.name() + "' = " + v + " is documented as allowed ("
                            + s.allowed() + ") but rejected: " + e.getMessage(), e);
                }
                try {
                    Unlearner u = registry.create(provider.name(), budget.with(s.name(), v));
                    assertNotNull(u, () -> who() + ": create() returned null for " + s.name() + " = " + v);
                } catch (InvalidRequestException explained) {
                    // allowed: the provider rejects the combination and says why
                } catch (RuntimeException e) {
                    throw new AssertionError(who() + ": create() with " + s.name() + " = " + v
                            + " must succeed or throw InvalidRequestException, but threw " + e, e);
                }
            }
        }
    }

    private static boolean isNumeric(Setting<?> s) {
        return s.type() == Double.class || s.type() == Integer.class;
    }

    private void expectRejected(Setting<?> s, Object value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> registry.create(provider.name(), budget.with(s.name(), value)),
                () -> who() + ": setting '" + s.name() + "' (" + s.allowed() + ") must reject " + value
                        + " with InvalidSettingException");
        assertTrue(e.getMessage().contains(s.name()),
                () -> who() + ": the message must name setting '" + s.name() + "': " + e.getMessage());
    }

    /** Values just outside the range that {@link Setting#allowed()} states; empty when it states none. */
    private static List<Object> outOfRange(Setting<?> s) {
        List<Object> bad = new ArrayList<>();
        if (s.allowed().equals(POSITIVE)) {
            bad.addAll(List.of(0.0, -1.0, Double.POSITIVE_INFINITY));
            return bad;
        }
        Matcher m = RANGE.matcher(s.allowed());
        if (!m.find()) {
            return bad;
        }
        double min = Double.parseDouble(m.group(2));
        double max = Double.parseDouble(m.group(3));
        boolean minIncluded = m.group(1).equals("[");
        boolean maxIncluded = m.group(4).equals("]");
        if (s.type() == Integer.class) {
            long lo = minIncluded ? (long) min - 1 : (long) min;
            long hi = maxIncluded ? (long) max + 1 : (long) max;
            if (lo >= Integer.MIN_VALUE) {
                bad.add((int) lo);
            }
            if (hi <= Integer.MAX_VALUE) {
                bad.add((int) hi);
            }
        } else {
            if (min > Double.NEGATIVE_INFINITY) {
                bad.add(minIncluded ? Math.nextDown(min) : min);
            }
            if (max < Double.POSITIVE_INFINITY) {
                bad.add(maxIncluded ? Math.nextUp(max) : max);
                bad.add(Double.POSITIVE_INFINITY);
            }
        }
        return bad;
    }

    /** The inclusive bounds of the range that {@link Setting#allowed()} states. */
    private static List<Object> inRangeEdges(Setting<?> s) {
        List<Object> edges = new ArrayList<>();
        if (s.allowed().equals(POSITIVE)) {
            edges.add(Double.MIN_VALUE);
            return edges;
        }
        Matcher m = RANGE.matcher(s.allowed());
        if (!m.find()) {
            return edges;
        }
        double min = Double.parseDouble(m.group(2));
        double max = Double.parseDouble(m.group(3));
        if (m.group(1).equals("[")) {
            edges.add(s.type() == Integer.class ? (Object) (int) min : (Object) min);
        }
        if (m.group(4).equals("]")) {
            edges.add(s.type() == Integer.class ? (Object) (int) max : (Object) max);
        }
        return edges;
    }

    // ---------------------------------------------------------------- runs

    /**
     * After a run, the input model's parameters and gradient buffer are bit-identical to before (the
     * check fills the gradient buffer first, so that a method that zeroes it shows); the result is
     * a different model that shares nothing with the input.
     */
    public void inputModelIsLeftUntouched() {
        try (TrainableModel input = fixture.newModel()) {
            fillGradient(input);
            Snapshot before = Snapshot.of(input);
            try (UnlearnResult r = unlearner().unlearn(request(input, SEED).build())) {
                assertNotSame(input, r.model(), () -> who() + ": the result must be a new model, not the input");
                before.assertUnchanged(input, who() + ", after a successful run");
                float[] p = r.model().parameters();
                for (int i = 0; i < p.length; i++) {
                    p[i] += 1f;
                }
                r.model().setParameters(p);
                r.model().zeroGradients();
                before.assertUnchanged(input, who() + ", after changing the result's parameters and gradient "
                        + "(the result shares storage with the input)");
            }
            before.assertUnchanged(input, who() + ", after closing the result");
        }
    }

    /**
     * Two runs with one seed give the same parameters: bit-identical on the reference backend, or
     * within the fixture's tolerance. Compared: two runs of one unlearner, and a run of a new
     * unlearner created from the first result's provenance (its settings and seed), as a user
     * would rerun it.
     */
    public void sameSeedGivesTheSameModel() {
        Unlearner u = unlearner();
        try (TrainableModel input = fixture.newModel();
                UnlearnResult first = u.unlearn(request(input, SEED).build());
                UnlearnResult second = u.unlearn(request(input, SEED).build())) {
            assertSameParameters(first, second, "two runs of one unlearner with seed " + SEED);
            Provenance p = first.provenance();
            Unlearner again = registry.create(provider.name(), Settings.of(p.settings()));
            try (UnlearnResult rerun = again.unlearn(request(input, p.seed()).build())) {
                assertSameParameters(first, rerun, "a rerun from the provenance (settings " + p.settings()
                        + ", seed " + p.seed() + ")");
                assertEquals(p.optimizerSteps(), rerun.provenance().optimizerSteps(),
                        () -> who() + ": a rerun from the provenance took another number of optimizer steps");
            }
        }
    }

    private void assertSameParameters(UnlearnResult a, UnlearnResult b, String what) {
        float[] x = a.model().parameters();
        float[] y = b.model().parameters();
        assertEquals(x.length, y.length, () -> who() + ": " + what + " gave models of different sizes");
        double tolerance = fixture.determinismTolerance();
        for (int i = 0; i < x.length; i++) {
            boolean same = tolerance == 0
                    ? Float.floatToRawIntBits(x[i]) == Float.floatToRawIntBits(y[i])
                    : Math.abs((double) x[i] - y[i]) <= tolerance;
            if (!same) {
                int at = i;
                fail(() -> who() + ": " + what + " differ at parameter " + at + ": " + x[at] + " vs " + y[at]
                        + (tolerance == 0 ? " (must be bit-identical)" : " (tolerance " + tolerance + ")")
                        + "; seed every random choice from request.seed()");
            }
        }
    }

    /** A token cancelled before the run starts stops it with {@link UnlearningCancelledException}; the input is untouched. */
    public void cancelledBeforeStart() {
        try (TrainableModel input = fixture.newModel()) {
            fillGradient(input);
            Snapshot before = Snapshot.of(input);
            CancellationToken token = new CancellationToken();
            token.cancel();
            Unlearner u = unlearner();
            assertThrows(UnlearningCancelledException.class,
                    () -> u.unlearn(request(input, SEED).optCancellation(token).build()).close(),
                    () -> who() + ": a token cancelled before the start must stop the run with "
                            + "UnlearningCancelledException");
            before.assertUnchanged(input, who() + ", after a run cancelled before it started");
        }
    }

    /**
     * If a run reports more than one progress event, cancelling the token from the listener at the
     * first event stops it with {@link UnlearningCancelledException}, and the input is untouched.
     * Aborted (skipped) for a method that reports a single event with the budget settings.
     */
    public void cancelledFromTheProgressListener() {
        Unlearner u = unlearner();
        try (TrainableModel input = fixture.newModel()) {
            List<Progress> events = new ArrayList<>();
            try (UnlearnResult r = u.unlearn(request(input, SEED).optProgress(events::add).build())) {
                assertNotNull(r);
            }
            Assumptions.assumeTrue(events.size() > 1, () -> who() + " reports " + events.size()
                    + " progress event(s) with settings " + budget + ": nothing to cancel in the middle");
            fillGradient(input);
            Snapshot before = Snapshot.of(input);
            CancellationToken token = new CancellationToken();
            List<Progress> seen = new ArrayList<>();
            ProgressListener cancelAtFirst = p -> {
                seen.add(p);
                token.cancel();
            };
            assertThrows(UnlearningCancelledException.class,
                    () -> u.unlearn(request(input, SEED).optProgress(cancelAtFirst).optCancellation(token).build())
                            .close(),
                    () -> who() + ": cancelling from the progress listener at the first of " + events.size()
                            + " events must stop the run with UnlearningCancelledException; check "
                            + "request.cancellation() before every optimizer step");
            assertTrue(seen.size() < events.size(), () -> who() + ": the cancelled run still reported all "
                    + events.size() + " progress events");
            before.assertUnchanged(input, who() + ", after a run cancelled from the progress listener");
        }
    }

    /**
     * A run reports at least one progress event, on the calling thread; within a stage,
     * {@code completed} never decreases and never exceeds {@code total}.
     */
    public void progressIsReported() {
        List<Progress> events = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<String> wrongThreads = new ArrayList<>();
        ProgressListener record = p -> {
            events.add(p);
            if (Thread.currentThread() != caller) {
                wrongThreads.add(Thread.currentThread().getName());
            }
        };
        try (TrainableModel input = fixture.newModel();
                UnlearnResult r = unlearner().unlearn(request(input, SEED).optProgress(record).build())) {
            assertNotNull(r);
        }
        assertFalse(events.isEmpty(), () -> who() + " reported no progress; call request.progress() at least "
                + "once per optimizer step");
        assertTrue(wrongThreads.isEmpty(), () -> who() + " reported progress on other threads " + wrongThreads
                + "; report on the thread that called unlearn()");
        Progress previous = null;
        for (Progress p : events) {
            Progress prev = previous;
            assertNotNull(p.stage(), () -> who() + ": a progress event has no stage: " + p);
            assertFalse(p.stage().isBlank(), () -> who() + ": a progress event has a blank stage: " + p);
            assertTrue(p.completed() >= 0 && p.completed() <= p.total(),
                    () -> who() + ": progress must have 0 <= completed <= total: " + p);
            if (prev != null && prev.stage().equals(p.stage())) {
                assertTrue(p.completed() >= prev.completed(),
                        () -> who() + ": progress went backwards within stage '" + p.stage() + "': " + prev + " then " + p);
            }
            previous = p;
        }
    }

    /**
     * A model whose feature count does not match the data is rejected with an
     * {@link InvalidRequestException} whose message names {@code featureCount}, before any compute
     * (no copy, gradient, update or evaluation of the model).
     */
    public void mismatchedModelIsRejectedBeforeAnyCompute() {
        try (TrainableModel wrong = fixture.newMismatchedModel()) {
            DataSplit split = fixture.split();
            assertNotEquals(split.train().featureCount(), wrong.description().inputFeatures(),
                    "the fixture's mismatched model must have another feature count than the data");
            ComputeSpy spy = new ComputeSpy(wrong);
            Unlearner u = unlearner();
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> u.unlearn(request(spy, SEED).build()).close(),
                    () -> who() + ": a model with " + wrong.description().inputFeatures() + " input features on data with "
                            + split.train().featureCount() + " must fail with InvalidRequestException; call "
                            + "model.checkCompatible(data) first");
            assertTrue(e.getMessage().contains("featureCount"),
                    () -> who() + ": the message must name the field (featureCount): " + e.getMessage());
            assertEquals(List.of(), spy.calls(),
                    () -> who() + ": the model was used before the request was rejected; validate before any compute");
        }
    }

    /** A null request fails with {@link NullPointerException} or {@link InvalidRequestException}. */
    public void nullRequestIsRejected() {
        Unlearner u = unlearner();
        try {
            UnlearnResult r = u.unlearn(null);
            if (r != null) {
                r.close();
            }
            fail(() -> who() + ": unlearn(null) returned instead of throwing");
        } catch (NullPointerException | InvalidRequestException expected) {
            // the contract
        } catch (RuntimeException e) {
            throw new AssertionError(who() + ": unlearn(null) must throw NullPointerException or "
                    + "InvalidRequestException, but threw " + e, e);
        }
    }

    /**
     * The result's provenance names the method (the provider's name), the seed, the forget, retain
     * and test sizes, the settings (as the unlearner reports them, parsing back), the backend and
     * device of the input model, a start time within the call and a non-negative elapsed time; the
     * result model has the input's shape and finite parameters.
     */
    public void resultCarriesItsProvenance() {
        DataSplit split = fixture.split();
        Unlearner u = unlearner();
        try (TrainableModel input = fixture.newModel()) {
            ModelDescription d = input.description();
            Instant before = Instant.now();
            try (UnlearnResult r = u.unlearn(request(input, SEED).build())) {
                Instant after = Instant.now();
                Provenance p = r.provenance();
                assertNotNull(p, () -> who() + ": the result has no provenance");
                assertEquals(provider.name(), p.method(), () -> who() + ": provenance.method");
                assertEquals(SEED, p.seed(), () -> who() + ": provenance.seed must be the request's seed");
                assertEquals(split.forget().size(), p.forgetSize(), () -> who() + ": provenance.forgetSize");
                assertEquals(split.retain().size(), p.retainSize(), () -> who() + ": provenance.retainSize");
                assertEquals(split.test().map(DataView::size).orElse(0), p.testSize(),
                        () -> who() + ": provenance.testSize");
                assertEquals(u.settings().asStrings(), p.settings(), () -> who() + ": provenance.settings must be "
                        + "every setting, defaults included, as the unlearner reports them");
                assertEquals(p.settings(), provider.settingsSchema().resolve(Settings.of(p.settings())).asStrings(),
                        () -> who() + ": provenance.settings must parse back");
                assertEquals(d.backend(), p.backend(), () -> who() + ": provenance.backend must be the model's backend");
                assertNotNull(p.device(), () -> who() + ": provenance.device is null");
                assertFalse(p.device().isBlank(), () -> who() + ": provenance.device is blank");
                assertNotNull(p.elapsed(), () -> who() + ": provenance.elapsed is null");
                assertFalse(p.elapsed().isNegative(), () -> who() + ": provenance.elapsed is negative: " + p.elapsed());
                assertNotNull(p.startedAt(), () -> who() + ": provenance.startedAt is null");
                assertFalse(p.startedAt().isBefore(before) || p.startedAt().isAfter(after),
                        () -> who() + ": provenance.startedAt " + p.startedAt() + " is not within the call ("
                                + before + " .. " + after + ")");
                assertTrue(p.optimizerSteps() >= 0, () -> who() + ": provenance.optimizerSteps is negative");
                float[] params = r.model().parameters();
                assertEquals(d.parameterCount(), params.length,
                        () -> who() + ": the result model has another parameter count than the input");
                for (int i = 0; i < params.length; i++) {
                    int at = i;
                    assertTrue(Float.isFinite(params[i]),
                            () -> who() + ": the result's parameter " + at + " is " + params[at]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Puts a non-zero gradient in the model's buffer, so that a method that touches it shows. */
    private void fillGradient(TrainableModel model) {
        DataView retain = fixture.split().retain();
        int[] rows = Arrays.copyOf(retain.rows(), Math.min(8, retain.size()));
        model.zeroGradients();
        model.accumulateGradient(Batch.of(retain.source(), rows), LossTerm.TASK, 0.5);
    }

    /** A model's parameters and gradient buffer at one moment. */
    private record Snapshot(float[] parameters, float[] gradients, ModelDescription description) {
        static Snapshot of(TrainableModel m) {
            return new Snapshot(m.parameters(), m.gradients(), m.description());
        }

        void assertUnchanged(TrainableModel m, String when) {
            assertEquals(description, m.description(), () -> "the input model's description changed, " + when);
            assertBitIdentical(parameters, m.parameters(), "parameters", when);
            assertBitIdentical(gradients, m.gradients(), "gradient buffer", when);
        }

        private static void assertBitIdentical(float[] expected, float[] actual, String what, String when) {
            assertEquals(expected.length, actual.length, () -> "the input model's " + what + " changed size, " + when);
            for (int i = 0; i < expected.length; i++) {
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                    int at = i;
                    fail(() -> "the input model's " + what + " changed at index " + at + " (" + expected[at] + " -> "
                            + actual[at] + "), " + when + "; work on request.model().copy()");
                }
            }
        }
    }
}
