package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearningCancelledException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.receipt.Fingerprint;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.Measurements;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares unlearning methods against a retrained reference: the reference is trained once, then
 * every method runs from the same original, and each one is measured, judged by the policy (when
 * one is given) and recorded, with its cost and its speed-up against retraining. This is the
 * benchmark table of DESIGN.md §4 for one deletion request; {@link UnlearningPlan} is the
 * escalation that stops at the first PASS.
 *
 * <pre>{@code
 * MethodComparison comparison = MethodComparison.builder()
 *         .addMethod("ft", Settings.empty())
 *         .addMethod("rbm", Settings.empty())
 *         .optReferenceSettings(retrainSettings)
 *         .optPolicy(ForgettingPolicy.strict())
 *         .build();                                   // names and settings checked here
 * comparison.check(model, split);                    // can every method run on this model? no compute
 * try (ComparisonResult r = comparison.run(model, split)) {
 *     r.rows().forEach(row -> log.info("{} {}", row.method(), row.verdict()));
 *     ReceiptWriter.write(r.receipt("ft", key), path);
 * }
 * }</pre>
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>Every method is checked ({@link Unlearner#check}) before the first training step, the
 *       reference's included; a method that cannot run on the model fails the whole comparison at
 *       once, before any compute.
 *   <li>The reference ({@code retrain} with the reference settings) is trained once, and its row
 *       comes first, labelled {@link ComparisonRow#reference()}. It is not judged against itself:
 *       that verdict could not fail. To judge retraining, ask for an independent retrain
 *       ({@link Builder#optIndependentRetrain}): a second {@code retrain} run, with seed + 1, is
 *       then a row of its own, judged against the reference like any method, and it can fail.
 *       A {@code retrain} method whose settings differ from the reference's is such an
 *       independent run too.
 *   <li>A method that fails at run time (it diverges, a plugin throws an {@link UnlearnException})
 *       is a row that says why; the other methods still run. Cancellation ends the comparison.
 *   <li>The input model is never modified; the result owns every model it made, and closing it
 *       closes them.
 * </ul>
 *
 * <p><b>Threads.</b> A built comparison is immutable; the builder is not thread-safe.
 */
public final class MethodComparison {
    private static final Logger LOG = LoggerFactory.getLogger(MethodComparison.class);

    private final List<Unlearner> methods;
    private final Unlearner reference;
    private final Unlearner independentRetrain;
    private final PolicyCheck check;
    private final long seed;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private MethodComparison(Builder b, List<Unlearner> methods, Unlearner reference, Unlearner independentRetrain,
            PolicyCheck check) {
        this.methods = List.copyOf(methods);
        this.reference = reference;
        this.independentRetrain = independentRetrain;
        this.check = check;
        this.seed = b.seed;
        this.progress = b.progress;
        this.cancellation = b.cancellation;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The methods' names, in run order: {@code retrain} (the reference, and the independent retrain
     * when there is one), then every other method; one receipt per name.
     *
     * @return the names
     */
    public List<String> methodNames() {
        List<String> names = new ArrayList<>();
        names.add(UnlearningPlan.RETRAIN);
        methods.forEach(m -> names.add(m.name()));
        return names;
    }

    /** @return the policy every method is judged by, or null when there is none */
    public ForgettingPolicy policy() {
        return check == null ? null : check.policy();
    }

    /**
     * Checks, without any training, that every method (the reference included) can run on this
     * model and data, and that the policy's kind of forget set fits the data. The model need not be
     * trained yet: only its kind and shape are read.
     *
     * @param model the model the methods will run on (its architecture)
     * @param split the data
     * @throws InvalidRequestException naming the method, field and value
     */
    public void check(TrainableModel model, DataSplit split) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(split, "split");
        if (check != null) {
            check.forgetKind(model, split);
        }
        UnlearnRequest request = request(model, split, seed);
        reference.check(request);
        for (Unlearner u : methods) {
            u.check(request);
        }
    }

    /**
     * Runs the comparison.
     *
     * @param original the trained model; never modified
     * @param split the data
     * @return every row; close it
     * @throws InvalidRequestException on bad input, before any compute
     * @throws UnlearningCancelledException if cancelled
     */
    public ComparisonResult run(TrainableModel original, DataSplit split) {
        check(original, split);
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        float[] originalParams = original.parameters();
        String originalSha = Fingerprint.parameters(originalParams);
        ComparisonRow.Accuracy originalAccuracy = null;
        List<TrainableModel> models = new ArrayList<>();
        List<ComparisonRow> rows = new ArrayList<>();
        try {
            LOG.info("comparison: training the reference ({} {}) once", reference.name(), reference.settings());
            UnlearnResult ref = reference.unlearn(request(original, split, seed));
            TrainableModel refModel = ref.model();
            models.add(refModel);
            Duration refTime = ref.provenance().elapsed();
            long v0 = System.nanoTime();
            // its outputs are computed once, for its own row and as every method's reference
            FrozenReference frozenRef = new FrozenReference(refModel);
            Measurements refMeasured = check == null ? Measurements.empty() : check.measure(frozenRef, split, null);
            Measurements originalMeasured = check != null && check.policy().needsOriginal(original.description().task())
                    ? check.measure(original, split, frozenRef) : null;
            originalAccuracy = accuracy(original, split, originalMeasured == null ? Measurements.empty() : originalMeasured);
            rows.add(new ComparisonRow(UnlearningPlan.RETRAIN, ref.provenance().settings(), seed, true,
                    accuracy(refModel, split, refMeasured), refMeasured, null, ref.provenance().startedAt(), refTime,
                    ref.provenance().optimizerSteps(), Duration.ofNanos(System.nanoTime() - v0), 1.0,
                    Fingerprint.parameters(refModel), null));
            List<Unlearner> order = new ArrayList<>();
            if (independentRetrain != null) {
                order.add(independentRetrain);
            }
            order.addAll(methods);
            for (Unlearner u : order) {
                cancellation.throwIfCancelled("comparison, before " + u.name());
                long runSeed = u == independentRetrain ? seed + 1 : seed;
                Instant runStart = Instant.now();
                UnlearnResult r;
                try {
                    r = u.unlearn(request(original, split, runSeed));
                } catch (UnlearningCancelledException e) {
                    throw e;
                } catch (UnlearnException e) {
                    LOG.warn("comparison: {} failed: {}", u.name(), e.getMessage());
                    rows.add(new ComparisonRow(u.name(), u.settings().asStrings(), runSeed, false, null,
                            Measurements.empty(), null, runStart, Duration.ZERO, 0, Duration.ZERO, null, null,
                            e.getMessage()));
                    models.add(null);
                    continue;
                }
                TrainableModel m = r.model();
                models.add(m);
                long w0 = System.nanoTime();
                Measurements measured = Measurements.empty();
                PolicyVerdict verdict = null;
                if (check != null) {
                    measured = check.measure(m, split, frozenRef, r.provenance());
                    verdict = check.judge(m, measured, split, true, refMeasured, originalMeasured);
                }
                Duration elapsed = r.provenance().elapsed();
                Double speedUp = elapsed.isZero() || refTime.isZero() ? null
                        : (double) refTime.toNanos() / elapsed.toNanos();
                rows.add(new ComparisonRow(u.name(), r.provenance().settings(), runSeed, false, accuracy(m, split, measured),
                        measured, verdict, r.provenance().startedAt(), elapsed, r.provenance().optimizerSteps(),
                        Duration.ofNanos(System.nanoTime() - w0), speedUp, Fingerprint.parameters(m), null));
            }
            if (!Arrays.equals(original.parameters(), originalParams)) {
                throw new BackendException("the input model was modified during the"
                        + " comparison; a method broke the contract that unlearning works on a copy");
            }
        } catch (RuntimeException | Error e) {
            for (TrainableModel m : models) {
                try {
                    if (m != null) {
                        m.close();
                    }
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return new ComparisonResult(check == null ? null : check.policy().name(), rows, models, originalAccuracy,
                original.description(), originalSha, split, startedAt, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * The row's accuracies: read from the accuracy verifier's UA, RA and TA when the policy measured
     * them (no second evaluation), else evaluated here.
     */
    private static ComparisonRow.Accuracy accuracy(TrainableModel model, DataSplit split, Measurements measured) {
        Optional<Measurement> ua = measured.get("UA");
        Optional<Measurement> ra = measured.get("RA");
        Optional<Measurement> ta = measured.get("TA");
        if (ua.isPresent() && ra.isPresent() && (ta.isPresent() || split.test().isEmpty())) {
            return new ComparisonRow.Accuracy(100 - ua.get().value(), ra.get().value(),
                    ta.map(Measurement::value).orElse(Double.NaN));
        }
        double test = split.test().map(t -> percent(model.evaluate(t))).orElse(Double.NaN);
        return new ComparisonRow.Accuracy(percent(model.evaluate(split.forget())),
                percent(model.evaluate(split.retain())), test);
    }

    private static double percent(Evaluation e) {
        return 100 * e.accuracy();
    }

    private UnlearnRequest request(TrainableModel model, DataSplit split, long runSeed) {
        return UnlearnRequest.builder().setModel(model).setData(split).optSeed(runSeed).optProgress(progress)
                .optCancellation(cancellation).build();
    }

    /**
     * Builds a {@link MethodComparison}; {@link #build()} checks every name and setting. Without a
     * policy ({@link #optPolicy}), rows are measured for accuracy and time only, with no verdict;
     * the verifiers' settings ({@link #optVerification}) are used only with a policy; an
     * independent retrain ({@link #optIndependentRetrain}) uses seed + 1.
     */
    public static final class Builder extends RunBuilder<Builder> {
        private final Map<String, Settings> methods = new LinkedHashMap<>();
        private boolean independentRetrain;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Judges every method by this policy (default: none; rows are measured for accuracy only).
         *
         * @param value the policy, or null for none
         * @return this builder
         */
        @Override
        public Builder optPolicy(ForgettingPolicy value) {
            this.policy = value;
            return this;
        }

        /**
         * Adds a method to compare. {@code retrain} with the reference's settings is the reference
         * row itself; with other settings it is an independent run judged against the reference.
         *
         * @param method the method's name
         * @param settings its settings
         * @return this builder
         * @throws InvalidRequestException when the method was added already
         */
        public Builder addMethod(String method, Settings settings) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(settings, "settings");
            if (methods.containsKey(method)) {
                throw InvalidRequestException.of("comparison.methods", method, "named twice; name each method once");
            }
            methods.put(method, settings);
            return this;
        }

        /**
         * Whether to run a second, independent retrain (seed + 1) and judge it against the
         * reference, so that the retrain row has a verdict that can fail (default false: the retrain
         * row is the reference, labelled so, and not judged).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder optIndependentRetrain(boolean value) {
            this.independentRetrain = value;
            return this;
        }

        /**
         * Creates every method and verifier, so that unknown names and bad settings fail here,
         * before any compute.
         *
         * @return the comparison
         * @throws InvalidRequestException naming the field and value
         */
        public MethodComparison build() {
            UnlearnerRegistry reg = registry != null ? registry : UnlearnerRegistry.loadDefault();
            Settings retrainSettings = methods.get(UnlearningPlan.RETRAIN);
            Settings refSettings = referenceSettings != null ? referenceSettings
                    : retrainSettings != null ? retrainSettings : Settings.empty();
            Unlearner ref = reg.create(UnlearningPlan.RETRAIN, refSettings);
            List<Unlearner> created = new ArrayList<>();
            Unlearner independent = null;
            for (Map.Entry<String, Settings> e : methods.entrySet()) {
                Unlearner u = reg.create(e.getKey(), e.getValue());
                if (u.name().equals(UnlearningPlan.RETRAIN)) {
                    if (independentRetrain || !u.settings().asStrings().equals(ref.settings().asStrings())) {
                        independent = u;
                    }
                    continue;
                }
                created.add(u);
            }
            if (independentRetrain && independent == null) {
                independent = reg.create(UnlearningPlan.RETRAIN, refSettings);
            }
            PolicyCheck check = policy == null ? null
                    : PolicyCheck.of(policy, verification != null ? verification : VerificationSuite.builder());
            return new MethodComparison(this, created, ref, independent, check);
        }
    }
}
