package io.github.unlearn4j.core.plan;

import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.receipt.ReceiptBuilder;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of an {@link UnlearningPlan}: every attempt with its cost and verdict, and the
 * returned model. The result owns the returned model and the reference the plan trained; closing
 * it closes both (once, when they are the same model). {@link #detachModel()} hands the returned
 * model to the caller instead.
 *
 * <p>Belongs to the thread that ran the plan: read it from others only after handing it over, and
 * detach or close it once.
 */
public final class PlanResult implements AutoCloseable {
    private final String policy;
    private final PlanOutcome outcome;
    private final String note;
    private final List<Attempt> attempts;
    private final int acceptedIndex;
    private TrainableModel model;
    private TrainableModel referenceModel;
    private final ReferenceRun reference;
    private final ModelDescription originalDescription;
    private final String originalSha256;
    private final DataSplit split;
    private final Instant startedAt;
    private final Duration totalElapsed;

    PlanResult(String policy, PlanOutcome outcome, String note, List<Attempt> attempts, int acceptedIndex,
            TrainableModel model, TrainableModel referenceModel, ReferenceRun reference,
            ModelDescription originalDescription, String originalSha256, DataSplit split, Instant startedAt,
            Duration totalElapsed) {
        this.policy = policy;
        this.outcome = outcome;
        this.note = note;
        this.attempts = List.copyOf(attempts);
        this.acceptedIndex = acceptedIndex;
        this.model = model;
        this.referenceModel = referenceModel;
        this.reference = reference;
        this.originalDescription = originalDescription;
        this.originalSha256 = originalSha256;
        this.split = split;
        this.startedAt = startedAt;
        this.totalElapsed = totalElapsed;
    }

    /** @return the policy's name */
    public String policy() {
        return policy;
    }

    /** @return how the plan ended */
    public PlanOutcome outcome() {
        return outcome;
    }

    /** @return what happened, in a sentence or two; says so when every approximate method failed */
    public String note() {
        return note;
    }

    /** @return every attempt, in order */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** @return the attempt whose model is returned, if any */
    public Optional<Attempt> accepted() {
        return acceptedIndex < 0 ? Optional.empty() : Optional.of(attempts.get(acceptedIndex));
    }

    /** @return the returned model, still owned by this result; empty when none or detached */
    public Optional<TrainableModel> model() {
        return Optional.ofNullable(model);
    }

    /**
     * Hands the returned model to the caller, who must close it; this result no longer does.
     *
     * @return the model
     * @throws IllegalStateException when there is none, or it was detached already
     */
    public TrainableModel detachModel() {
        if (model == null) {
            throw new IllegalStateException("no model to detach: outcome " + outcome
                    + (acceptedIndex >= 0 ? " (already detached)" : ""));
        }
        TrainableModel m = model;
        model = null;
        if (referenceModel == m) {
            referenceModel = null;
        }
        return m;
    }

    /** @return the reference the attempts were judged against, if any */
    public Optional<ReferenceRun> reference() {
        return Optional.ofNullable(reference);
    }

    /** @return the reference model the plan trained, still owned by this result; empty if none */
    public Optional<TrainableModel> referenceModel() {
        return Optional.ofNullable(referenceModel);
    }

    /** @return the input model's parameter fingerprint */
    public String originalSha256() {
        return originalSha256;
    }

    /** @return when the plan started */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return the plan's wall-clock time: every attempt, the reference once, every verification */
    public Duration totalElapsed() {
        return totalElapsed;
    }

    /** @return the note, then one line per attempt */
    public String text() {
        StringBuilder sb = new StringBuilder(outcome.name()).append(": ").append(note);
        for (Attempt a : attempts) {
            sb.append("\n  ").append(a.text());
        }
        if (reference != null && !reference.external()) {
            sb.append("\n  reference ").append(reference.method()).append(": ").append(reference.elapsed().toMillis())
                    .append(" ms, ").append(reference.optimizerSteps()).append(" steps (counted once)");
        }
        return sb.toString();
    }

    /**
     * The receipt of this plan: the returned attempt's method, settings, seed, metrics and verdict
     * (the last attempt's when none was returned, with no "after" fingerprint), the reference, and
     * every attempt with its cost and verdict.
     *
     * @return the receipt, with a new random request id; made without a key, so it holds no
     *     forget-set commitment and no MAC ({@link #receipt(ReceiptKey)} makes one that has both)
     */
    public UnlearningReceipt receipt() {
        return receipt(null);
    }

    /**
     * The receipt of this plan, as {@link #receipt()}, committed to the forget set and sealed with
     * the application's key ({@link ReceiptBuilder#key(ReceiptKey)}).
     *
     * @param key the application's receipt key, or null for none
     * @return the receipt, with a new random request id
     */
    public UnlearningReceipt receipt(ReceiptKey key) {
        Attempt main = accepted().orElse(attempts.get(attempts.size() - 1));
        ReceiptBuilder b = ReceiptBuilder.forFingerprints(main.method(), main.settings(), main.seed(),
                originalDescription, originalSha256, acceptedIndex < 0 ? null : main.modelSha256(), split)
                .key(key)
                .metrics(main.measurements())
                .verdict(main.policyVerdict())
                .verifyTime(main.verifyElapsed())
                .timings(startedAt, main.elapsed(), main.optimizerSteps(), totalElapsed);
        Duration refTime = reference == null || reference.external() ? null : reference.elapsed();
        if (reference != null) {
            boolean reused = attempts.stream().anyMatch(Attempt::reusedReference);
            b.reference(new UnlearningReceipt.Reference(reference.method(), reference.settings(), reference.seed(),
                    refTime == null ? null : ReceiptBuilder.ms(refTime), reference.optimizerSteps(), reference.sha256(),
                    reference.external(), reused), refTime);
        }
        List<UnlearningReceipt.Attempt> entries = new ArrayList<>();
        for (Attempt a : attempts) {
            Double speedUp = a.reusedReference() ? Double.valueOf(1.0) : a.speedUp(refTime).orElse(null);
            entries.add(new UnlearningReceipt.Attempt(a.index(), a.method(), a.settings(), a.seed(), a.fallback(),
                    a.reusedReference(), a.error() != null ? null : ReceiptBuilder.ms(a.elapsed()), a.optimizerSteps(),
                    speedUp, ReceiptBuilder.ms(a.verifyElapsed()), a.verdict().name(),
                    a.policyVerdict() != null ? a.policyVerdict().summary() : "error: " + a.error(),
                    a.policyVerdict() != null ? ReceiptBuilder.lines(a.policyVerdict()) : List.of(), a.modelSha256(),
                    a.error(), ReceiptBuilder.metricEntries(a.measurements())));
        }
        b.plan(new UnlearningReceipt.Plan(policy, outcome.name(), note, acceptedIndex < 0 ? null : acceptedIndex,
                entries, UnlearningPlan.COST_ACCOUNTING));
        return b.build();
    }

    /** Closes the returned model (unless detached) and the reference the plan trained. */
    @Override
    public void close() {
        TrainableModel m = model;
        TrainableModel r = referenceModel;
        model = null;
        referenceModel = null;
        try {
            if (m != null) {
                m.close();
            }
        } finally {
            if (r != null && r != m) {
                r.close();
            }
        }
    }
}
