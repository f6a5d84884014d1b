package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.TrainingDivergedException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearningCancelledException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.policy.PolicyVerdict;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.receipt.Fingerprint;
import io.github.unlearn4j.core.train.TrainingLoop;
import io.github.unlearn4j.core.verify.Measurements;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An escalation plan: try unlearning methods in order, verify each against a policy, and stop at
 * the first PASS (DESIGN.md §1, "escalate to a stronger method, or to retraining, when
 * verification fails").
 *
 * <pre>{@code
 * UnlearningPlan plan = UnlearningPlan.builder()          // default steps: ft, rbm, retrain
 *         .optPolicy(ForgettingPolicy.strict())
 *         .build();                                       // names and settings checked here
 * try (PlanResult r = plan.run(model, split)) {
 *     r.attempts().forEach(a -> log.info(a.text()));
 *     ReceiptWriter.write(r.receipt(), path);
 *     TrainableModel forgotten = r.detachModel();         // the caller now owns it
 * }
 * }</pre>
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>Every step, and the reference and fallback retrain, is asked before any compute whether it
 *       can run on the model ({@link #check}, {@link Unlearner#check}): a step that cannot (newton on
 *       a neural network) fails the plan before the first training step.
 *   <li>The input model is never modified: every attempt starts from it (each method works on its
 *       own copy), and the plan checks at the end that its parameters are bit-identical.
 *   <li>Each attempt's model is measured by the policy's verifiers and judged; the first PASS ends
 *       the plan and its model is returned. INCONCLUSIVE is not a PASS: the plan escalates.
 *   <li>A {@code retrain} attempt ends the plan: its model is returned whatever its verdict
 *       (retraining is the gold standard the policy approximates; its lines are still recorded,
 *       so a policy stricter than retraining shows). If no step passed and no {@code retrain} step
 *       ran, retrain runs last as a fallback ({@link Builder#optFallbackToRetrain}, on by
 *       default), and the outcome is {@link PlanOutcome#RETRAINED}, which the receipt states.
 *   <li>A step that diverges ({@link TrainingDivergedException}: NaN or Inf in its loss or weights)
 *       has failed on this data: it is recorded as a FAIL with its error, and the plan escalates.
 *       Every other exception ends the plan with that exception, after every model the plan made is
 *       closed: bad input, cancellation, and any infrastructure or backend error (a closed model, a
 *       native failure, a lock, a plugin's bug). Such an error says nothing about forgetting, so it
 *       is never recorded as a verdict and never triggers escalation.
 *   <li>A method whose result is the caller's own model (instead of a copy) is refused with a
 *       {@link BackendException} naming the method: closing the plan's result would otherwise
 *       close the caller's model.
 *   <li>Models of attempts that are not returned are closed as soon as they are judged.
 * </ul>
 *
 * <p><b>The reference and its cost.</b> When the policy needs a retrained reference for the
 * model's task ({@link ForgettingPolicy#needsReference}), and the caller gave none
 * ({@link Builder#optReferenceModel}), the plan trains one with {@code retrain} once, before the
 * first attempt, and reuses it for every verification. Its settings are the {@code retrain} step's
 * (or {@link Builder#optReferenceSettings}); when the {@code retrain} step is reached with the
 * same settings, the reference model itself is that attempt's model: no second training. Costs:
 * the reference's training time and steps are reported once, as the plan's reference cost, never
 * inside an approximate attempt's cost; a retrain attempt that reuses it shows the same figures
 * marked {@code reusedReference}; the plan's total is wall-clock and counts it once. Each
 * attempt's speed-up against retraining is the reference's time over the attempt's.
 *
 * <p><b>Threads.</b> A built plan is immutable: {@link #run} may be called from several threads at
 * once, also on the same original (see {@link UnlearningService} for what that does on DJL). The
 * builder is not thread-safe.
 */
public final class UnlearningPlan {
    private static final Logger LOG = LoggerFactory.getLogger(UnlearningPlan.class);

    /** The retrain method's name. */
    public static final String RETRAIN = "retrain";
    /** The default steps. */
    public static final List<String> DEFAULT_METHODS = List.of("ft", "rbm", RETRAIN);
    /** How costs are counted, as written in receipts. */
    public static final String COST_ACCOUNTING = "The retrained reference is trained once, before the first attempt,"
            + " and its cost is reported once under 'reference', never inside an approximate attempt. Each attempt's"
            + " elapsedMs and optimizerSteps are its own unlearning run; verification time is reported separately"
            + " (verifyMs). A retrain attempt that reuses the reference reports the reference's figures with"
            + " reusedReference = true and is not counted twice. totalMs is the plan's wall-clock time, start to end."
            + " speedUpVsRetrain = reference time / attempt time.";

    private final List<PlanStep> steps;
    private final List<Unlearner> unlearners;
    private final Unlearner referenceUnlearner;
    private final PolicyCheck check;
    private final boolean fallbackToRetrain;
    private final TrainableModel externalReference;
    private final boolean referenceDefaults;
    private final long seed;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private UnlearningPlan(Builder b, List<Unlearner> unlearners, Unlearner referenceUnlearner, PolicyCheck check) {
        this.steps = List.copyOf(b.steps);
        this.unlearners = List.copyOf(unlearners);
        this.referenceUnlearner = referenceUnlearner;
        this.check = check;
        this.fallbackToRetrain = b.fallbackToRetrain;
        this.externalReference = b.referenceModel;
        this.referenceDefaults = b.referenceSettings == null
                && b.steps.stream().noneMatch(s -> s.method().equals(RETRAIN));
        this.seed = b.seed;
        this.progress = b.progress;
        this.cancellation = b.cancellation;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the steps, in order */
    public List<PlanStep> steps() {
        return steps;
    }

    /** @return the policy */
    public ForgettingPolicy policy() {
        return check.policy();
    }

    /** @return the check (policy and verifiers) every attempt is judged by */
    public PolicyCheck check() {
        return check;
    }

    /**
     * Checks, without any training, that every step (and the reference and fallback retrain) can
     * run on this model and data ({@link Unlearner#check}), and that the policy's kind of forget
     * set fits the data. The model need not be trained yet: only its kind and shape are read.
     *
     * @param model the model the plan will run on (its architecture)
     * @param split the data
     * @throws InvalidRequestException naming the method, field and value
     */
    public void check(TrainableModel model, DataSplit split) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(split, "split");
        check.forgetKind(model, split);
        UnlearnRequest request = request(model, split);
        referenceUnlearner.check(request);
        for (Unlearner u : unlearners) {
            u.check(request);
        }
    }

    /**
     * Runs the plan.
     *
     * @param original the trained model; never modified
     * @param split the data
     * @return every attempt and the returned model; close it
     * @throws InvalidRequestException on bad input (before any compute when it is the model or data)
     * @throws UnlearningCancelledException if cancelled
     * @throws BackendException if a method modified the input model
     */
    public PlanResult run(TrainableModel original, DataSplit split) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(split, "split");
        check(original, split);
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        original.checkCompatible(split.train());
        split.test().ifPresent(t -> original.checkCompatible(t.source()));
        if (externalReference != null) {
            externalReference.checkCompatible(split.train());
        }
        TaskType task = original.description().task();
        ForgettingPolicy policy = check.policy();
        LOG.info("plan: forget set of kind {} ({} rows), policy {}", check.forgetKind(original, split).word(),
                split.forget().size(), policy.name());
        float[] originalParams = original.parameters();
        TrainingLoop.requireFiniteInput(originalParams, "model", original.description().groups());
        String originalSha = Fingerprint.parameters(originalParams);
        List<Attempt> attempts = new ArrayList<>();
        TrainableModel reference = null;
        boolean referenceOwned = false;
        ReferenceRun referenceRun = null;
        TrainableModel current = null;
        TrainableModel accepted = null;
        int acceptedIndex = -1;
        try {
            if (externalReference != null) {
                reference = externalReference;
                referenceRun = new ReferenceRun("external", Map.of(), seed, null, 0, Fingerprint.parameters(reference),
                        true, check.measure(reference, split, null));
            } else if (policy.needsReference(task)) {
                LOG.info("plan: training the reference ({} {}) once; policy {} compares with it", RETRAIN,
                        referenceUnlearner.settings(), policy.name());
                if (referenceDefaults) {
                    LOG.warn("plan: the reference uses retrain's default settings (no retrain step, no"
                            + " optReferenceSettings); if they do not train to convergence on this data, every"
                            + " method is judged against a poor reference");
                }
                UnlearnResult r = referenceUnlearner.unlearn(request(original, split));
                reference = r.model();
                referenceOwned = true;
                referenceRun = ReferenceRun.of(r, Fingerprint.parameters(reference), check.measure(reference, split, null));
            }
            // the original is the policy's negative control; measured with the reference, as every attempt is
            Measurements originalMeasured = policy.needsOriginal(task) ? check.measure(original, split, reference) : null;
            boolean retrainRan = false;
            List<Unlearner> order = new ArrayList<>(unlearners);
            for (int i = 0; i <= order.size() && accepted == null; i++) {
                boolean fallback = i == order.size();
                if (fallback && (retrainRan || !fallbackToRetrain)) {
                    break;
                }
                Unlearner u = fallback ? referenceUnlearner : order.get(i);
                boolean isRetrain = u.name().equals(RETRAIN);
                retrainRan |= isRetrain;
                cancellation.throwIfCancelled("plan, before attempt " + attempts.size() + " (" + u.name() + ")");
                boolean reused = isRetrain && referenceOwned
                        && u.settings().asStrings().equals(referenceUnlearner.settings().asStrings());
                Provenance provenance = null;
                Duration elapsed;
                long steps;
                if (reused) {
                    current = reference;
                    elapsed = referenceRun.elapsed();
                    steps = referenceRun.optimizerSteps();
                } else {
                    UnlearnResult r;
                    try {
                        r = u.unlearn(request(original, split));
                    } catch (TrainingDivergedException e) {
                        LOG.warn("plan: attempt {} ({}) failed: {}", attempts.size(), u.name(), e.getMessage());
                        attempts.add(new Attempt(attempts.size(), u.name(), u.settings().asStrings(), seed, fallback,
                                false, null, Duration.ZERO, 0, Duration.ZERO, Verdict.FAIL, null, Measurements.empty(),
                                null, e.getMessage()));
                        continue;
                    }
                    current = r.model();
                    if (current == original || (externalReference != null && current == externalReference)) {
                        current = null;
                        throw new BackendException("method '" + u.name() + "' returned the model it was given"
                                + " instead of a new one; an Unlearner must work on a copy (TrainableModel.copy())"
                                + " and return that, so the caller's model stays untouched and is not closed with"
                                + " the result");
                    }
                    provenance = r.provenance();
                    elapsed = provenance.elapsed();
                    steps = provenance.optimizerSteps();
                }
                long v0 = System.nanoTime();
                Measurements measured = check.measure(current, split, reference, provenance);
                PolicyVerdict verdict = check.judge(current, measured, split, reference != null,
                        referenceRun == null ? null : referenceRun.measurements(), originalMeasured);
                Duration verifyElapsed = Duration.ofNanos(System.nanoTime() - v0);
                Attempt a = new Attempt(attempts.size(), u.name(), u.settings().asStrings(), seed, fallback, reused,
                        provenance, elapsed, steps, verifyElapsed, verdict.verdict(), verdict, measured,
                        Fingerprint.parameters(current), null);
                attempts.add(a);
                LOG.info("plan: {}\n{}", a.text(), verdict.text());
                if (verdict.passed() || isRetrain) {
                    accepted = current;
                    acceptedIndex = a.index();
                } else if (current != reference) {
                    current.close();
                }
                current = null;
            }
            if (!Arrays.equals(original.parameters(), originalParams)) {
                throw new BackendException("the input model was modified during the plan; a method broke the"
                        + " contract that unlearning works on a copy (attempts: " + attempts.size() + ")");
            }
        } catch (RuntimeException | Error e) {
            closeQuietly(current, reference, referenceOwned);
            closeQuietly(accepted, reference, referenceOwned);
            if (referenceOwned && reference != null) {
                reference.close();
            }
            throw e;
        }
        PlanOutcome outcome = accepted == null ? PlanOutcome.NOT_PASSED
                : attempts.get(acceptedIndex).method().equals(RETRAIN) ? PlanOutcome.RETRAINED : PlanOutcome.PASSED;
        String note = note(outcome, attempts, acceptedIndex, policy.name());
        LOG.info("plan: {}", note);
        return new PlanResult(policy.name(), outcome, note, attempts, acceptedIndex, accepted,
                referenceOwned ? reference : null, referenceRun, original.description(), originalSha, split, startedAt,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private static void closeQuietly(TrainableModel m, TrainableModel reference, boolean referenceOwned) {
        if (m != null && m != reference) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.warn("plan: closing a model failed: {}", e.toString());
            }
        }
    }

    private UnlearnRequest request(TrainableModel original, DataSplit split) {
        return UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed).optProgress(progress)
                .optCancellation(cancellation).build();
    }

    private static String note(PlanOutcome outcome, List<Attempt> attempts, int acceptedIndex, String policy) {
        List<String> before = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.index() < (acceptedIndex < 0 ? attempts.size() : acceptedIndex)) {
                before.add(a.method() + " " + a.verdict() + (a.error() != null ? " (error)" : ""));
            }
        }
        switch (outcome) {
            case PASSED: {
                Attempt a = attempts.get(acceptedIndex);
                return a.method() + " passed policy " + policy + " at attempt " + (acceptedIndex + 1)
                        + (before.isEmpty() ? "" : "; earlier attempts: " + String.join(", ", before));
            }
            case RETRAINED: {
                Attempt a = attempts.get(acceptedIndex);
                String s = before.isEmpty()
                        ? "retrain was the only method tried; the model was retrained from scratch on the retain set"
                        : "every approximate method failed policy " + policy + " (" + String.join(", ", before)
                                + "); the model was retrained from scratch on the retain set";
                if (a.fallback()) {
                    s += " (retrain appended as the fallback)";
                }
                if (a.reusedReference()) {
                    s += "; the reference retrain was reused, so retraining ran once";
                }
                if (!a.passed() && a.policyVerdict() != null && a.policyVerdict().inconclusiveByControl()) {
                    s += "; retrain itself was judged INCONCLUSIVE: " + a.policyVerdict().control().note();
                } else if (!a.passed()) {
                    s += "; retrain itself was judged " + a.verdict()
                            + ", so the policy asks more than retraining achieves on this data";
                }
                return s;
            }
            default:
                return "no method passed policy " + policy + " (" + String.join(", ", before)
                        + ") and no retrained model is available; no model is returned";
        }
    }

    /**
     * Builds an {@link UnlearningPlan}; {@link #build()} checks every name and setting. The policy
     * defaults to {@link ForgettingPolicy#strict()}; the reference settings ({@link
     * #optReferenceSettings}) also train the fallback retrain.
     */
    public static final class Builder extends RunBuilder<Builder> {
        private List<PlanStep> steps = DEFAULT_METHODS.stream().map(PlanStep::of).toList();
        private boolean stepsSet;
        private TrainableModel referenceModel;
        private boolean fallbackToRetrain = true;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Replaces the steps (default: ft, rbm, retrain with default settings).
         *
         * @param value the steps, at least one
         * @return this builder
         */
        public Builder optSteps(List<PlanStep> value) {
            this.steps = List.copyOf(value);
            this.stepsSet = true;
            return this;
        }

        /**
         * Appends a step; the first call replaces the default steps.
         *
         * @param method the method name
         * @param settings its settings
         * @return this builder
         */
        public Builder addStep(String method, Settings settings) {
            List<PlanStep> next = new ArrayList<>(stepsSet ? steps : List.of());
            next.add(new PlanStep(method, settings));
            this.steps = next;
            this.stepsSet = true;
            return this;
        }

        /**
         * Gives a retrained reference instead of training one; the caller keeps ownership.
         *
         * @param value a model retrained on the retain set
         * @return this builder
         */
        public Builder optReferenceModel(TrainableModel value) {
            this.referenceModel = Objects.requireNonNull(value, "referenceModel");
            return this;
        }

        /**
         * Whether to retrain when every step failed and none was {@code retrain} (default true).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder optFallbackToRetrain(boolean value) {
            this.fallbackToRetrain = value;
            return this;
        }

        /**
         * Creates every method and verifier, so that unknown names and bad settings fail here,
         * before any compute.
         *
         * @return the plan
         * @throws InvalidRequestException naming the field and value
         */
        public UnlearningPlan build() {
            if (steps.isEmpty()) {
                throw InvalidRequestException.of("plan.steps", "[]", "name at least one method, e.g. ft,rbm,retrain");
            }
            UnlearnerRegistry reg = registry != null ? registry : UnlearnerRegistry.loadDefault();
            List<Unlearner> created = new ArrayList<>();
            Settings retrainSettings = null;
            for (PlanStep s : steps) {
                created.add(reg.create(s.method(), s.settings()));
                if (s.method().equals(RETRAIN) && retrainSettings == null) {
                    retrainSettings = s.settings();
                }
            }
            Settings refSettings = referenceSettings != null ? referenceSettings
                    : retrainSettings != null ? retrainSettings : Settings.empty();
            Unlearner reference = reg.create(RETRAIN, refSettings);
            ForgettingPolicy p = policy != null ? policy : ForgettingPolicy.strict();
            PolicyCheck check = PolicyCheck.of(p, verification != null ? verification : VerificationSuite.builder());
            return new UnlearningPlan(this, created, reference, check);
        }
    }
}
