package io.github.unlearn4j.core.policy;

import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.verify.Measurements;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.time.Duration;
import java.util.Objects;

/**
 * Measures a model with a {@link VerificationSuite} and judges it with a {@link ForgettingPolicy}.
 * The suite must contain every verifier the policy's metrics come from
 * ({@link ForgettingPolicy#verifierNames()}); {@link #of} builds one that does.
 *
 * <pre>{@code
 * PolicyCheck check = PolicyCheck.of(ForgettingPolicy.strict(), VerificationSuite.builder().optMinSamples(50));
 * PolicyCheck.Result r = check.check(unlearned, split, retrained, original);
 * r.verdict().text(); // PASS / FAIL / INCONCLUSIVE and one line per threshold
 * }</pre>
 *
 * The reference is measured with the same suite, without a reference of its own; the original is
 * measured with the reference (so that the negative control can judge reference-relative metrics
 * on it). A caller that judges several models against one reference and one original (the
 * escalation plan) measures them once with {@link #measure} and passes the results to
 * {@link #judge}. Give the original: without it the policy's negative control cannot run, and no
 * verdict is PASS ({@link ForgettingPolicy}).
 */
public final class PolicyCheck {
    private final ForgettingPolicy policy;
    private final VerificationSuite suite;

    /**
     * Creates a check.
     *
     * @param policy the policy
     * @param suite the verifiers; must include every verifier the policy needs
     * @throws InvalidRequestException naming the missing verifier
     */
    public PolicyCheck(ForgettingPolicy policy, VerificationSuite suite) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.suite = Objects.requireNonNull(suite, "suite");
        for (String v : policy.verifierNames()) {
            if (!suite.names().contains(v)) {
                throw InvalidRequestException.of("suite", suite.names(),
                        "lacks verifier '" + v + "', which policy " + policy.name() + " needs");
            }
        }
    }

    /**
     * A check whose suite holds the policy's verifiers plus any the builder already names.
     *
     * @param policy the policy
     * @param suite a suite builder carrying settings (minSamples, feature, ...); the policy's
     *     verifiers are added to it
     * @return the check
     * @throws io.github.unlearn4j.api.InvalidSettingException on a bad verifier setting
     */
    public static PolicyCheck of(ForgettingPolicy policy, VerificationSuite.Builder suite) {
        return new PolicyCheck(policy, suite.addVerifiers(policy.verifierNames()).build());
    }

    /**
     * A check with default verifier settings.
     *
     * @param policy the policy
     * @return the check
     */
    public static PolicyCheck of(ForgettingPolicy policy) {
        return of(policy, VerificationSuite.builder());
    }

    /** @return the policy */
    public ForgettingPolicy policy() {
        return policy;
    }

    /** @return the suite */
    public VerificationSuite suite() {
        return suite;
    }

    /**
     * Measures one model.
     *
     * @param model the model
     * @param split the data
     * @param reference the retrained reference, or null
     * @return its measurements
     */
    public Measurements measure(TrainableModel model, DataSplit split, TrainableModel reference) {
        return suite.measure(model, split, reference);
    }

    /**
     * Measures one model whose provenance is known.
     *
     * @param model the model
     * @param split the data
     * @param reference the retrained reference, or null
     * @param provenance how the model was made, or null
     * @return its measurements
     */
    public Measurements measure(TrainableModel model, DataSplit split, TrainableModel reference,
            Provenance provenance) {
        return suite.measure(model, split, reference, provenance);
    }

    /**
     * The kind of forget set the policy judges this data as ({@link ForgettingPolicy#forgetKind(
     * io.github.unlearn4j.api.data.TaskType, DataSplit)}); call it before any compute to fail fast.
     *
     * @param model the model (for its task)
     * @param split the data
     * @return the kind
     * @throws InvalidRequestException naming {@code forgetKind} when the policy's fixed kind
     *     contradicts the data
     */
    public ForgetKind forgetKind(TrainableModel model, DataSplit split) {
        return policy.forgetKind(model.description().task(), split);
    }

    /**
     * Judges measurements already taken.
     *
     * @param model the judged model (for its task)
     * @param measured its measurements
     * @param split the data (for its test set and the kind of forget set)
     * @param hasReference whether {@code measured} was taken with a reference
     * @param reference the reference's own measurements, or null
     * @param original the original model's measurements (taken with the same reference), or null;
     *     without them the negative control cannot run and the verdict is not PASS
     * @return the verdict
     * @throws InvalidRequestException naming {@code forgetKind} when the policy's fixed kind
     *     contradicts the data
     */
    public PolicyVerdict judge(TrainableModel model, Measurements measured, DataSplit split, boolean hasReference,
            Measurements reference, Measurements original) {
        var task = model.description().task();
        return policy.evaluate(new Evidence(task, policy.forgetKind(task, split), split.test().isPresent(),
                hasReference, measured, reference, original));
    }

    /**
     * Measures and judges a model, measuring the reference and the original only when the policy
     * needs them (the original is needed whenever a forgetting threshold applies: it is the
     * negative control).
     *
     * @param model the model to judge
     * @param split the data
     * @param reference a model retrained on the retain set, or null
     * @param original the model before unlearning, or null (then the verdict is not PASS)
     * @return the measurements, the verdict and the time taken
     * @throws InvalidRequestException naming {@code forgetKind} when the policy's fixed kind
     *     contradicts the data (before any measuring)
     */
    public Result check(TrainableModel model, DataSplit split, TrainableModel reference, TrainableModel original) {
        long t0 = System.nanoTime();
        var task = model.description().task();
        forgetKind(model, split);
        Measurements measured = suite.measure(model, split, reference);
        Measurements ref = reference != null && policy.needsReference(task) ? suite.measure(reference, split, null) : null;
        Measurements orig = original != null && policy.needsOriginal(task) ? suite.measure(original, split, reference)
                : null;
        PolicyVerdict verdict = judge(model, measured, split, reference != null, ref, orig);
        return new Result(measured, verdict, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * A check's outcome.
     *
     * @param measurements the judged model's metrics
     * @param verdict the verdict
     * @param elapsed the time spent measuring and judging
     */
    public record Result(Measurements measurements, PolicyVerdict verdict, Duration elapsed) {}
}
