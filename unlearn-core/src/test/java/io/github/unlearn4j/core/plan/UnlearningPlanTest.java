package io.github.unlearn4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.UnlearningCancelledException;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.MembershipData;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.LineStatus;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.receipt.Fingerprint;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The escalation plan on the paper's linear theory (distinct regime), judged by the strict policy. */
class UnlearningPlanTest {
    private static final long SEED = 7;
    private static LinearTheory theory;

    @BeforeAll
    static void setUp() {
        theory = new LinearTheory(LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED),
                UnlearnerRegistry.loadDefault());
    }

    /** ft, rbm and retrain at the theory's convergent settings; 10 forget rows, so minSamples = 10. */
    private static UnlearningPlan.Builder theoryPlan() {
        return UnlearningPlan.builder()
                .optPolicy(ForgettingPolicy.strict())
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .optSeed(SEED)
                .addStep("ft", theory.convergentTrainingSettings())
                .addStep("rbm", theory.rbmSettings())
                .addStep("retrain", theory.convergentTrainingSettings());
    }

    @Test
    void stopsAtTheFirstPass() {
        TrainableModel original = theory.pretrainedModel();
        float[] before = original.parameters();
        try (PlanResult r = theoryPlan().build().run(original, theory.split())) {
            assertThat(r.outcome()).isEqualTo(PlanOutcome.PASSED);
            assertThat(r.attempts()).extracting(Attempt::method).containsExactly("ft", "rbm");
            assertThat(r.attempts()).extracting(Attempt::verdict).containsExactly(Verdict.FAIL, Verdict.PASS);
            assertThat(r.accepted().orElseThrow().method()).isEqualTo("rbm");
            assertThat(r.note()).startsWith("rbm passed policy strict at attempt 2; earlier attempts: ft FAIL");
            // the reference was trained once, before the attempts, and is reported apart from them
            ReferenceRun ref = r.reference().orElseThrow();
            assertThat(ref.method()).isEqualTo("retrain");
            assertThat(ref.external()).isFalse();
            assertThat(ref.optimizerSteps()).isEqualTo(LinearTheory.FT_EPOCHS);
            assertThat(r.attempts().get(0).optimizerSteps()).isEqualTo(LinearTheory.FT_EPOCHS);
            // costs and verdicts of every attempt
            for (Attempt a : r.attempts()) {
                assertThat(a.elapsed()).isPositive();
                assertThat(a.verifyElapsed()).isPositive();
                assertThat(a.policyVerdict().lines()).as("strict's lines").hasSize(8);
                assertThat(a.speedUp(ref.elapsed())).isPresent();
            }
            assertThat(r.attempts().get(0).policyVerdict().line("weightDistance").status()).isEqualTo(LineStatus.FAILED);
            // the returned model is rbm's
            assertThat(Fingerprint.parameters(r.model().orElseThrow())).isEqualTo(r.accepted().orElseThrow().modelSha256());
            assertThat(r.text()).contains("#0 ft: FAIL").contains("#1 rbm: PASS").contains("counted once");
        }
        assertThat(original.parameters()).containsExactly(before);
    }

    @Test
    void escalatesToRetrainWhenEveryApproximateMethodFailsAndTheReceiptSaysSo() throws IOException {
        // two FT variants, both keep the forget-only components of w_o
        Settings shortFt = theory.convergentTrainingSettings().with("epochs", 50);
        UnlearningPlan plan = UnlearningPlan.builder()
                .optPolicy(ForgettingPolicy.strict())
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .optSeed(SEED)
                .addStep("ft", theory.convergentTrainingSettings())
                .addStep("ft", shortFt)
                .addStep("retrain", theory.convergentTrainingSettings())
                .build();
        try (PlanResult r = plan.run(theory.pretrainedModel(), theory.split())) {
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
            assertThat(r.attempts()).extracting(Attempt::verdict).containsExactly(Verdict.FAIL, Verdict.FAIL, Verdict.PASS);
            Attempt retrain = r.attempts().get(2);
            // the retrain step had the reference's settings: the reference is reused, not trained again
            assertThat(retrain.reusedReference()).isTrue();
            assertThat(retrain.elapsed()).isEqualTo(r.reference().orElseThrow().elapsed());
            assertThat(r.note()).startsWith("every approximate method failed policy strict (ft FAIL, ft FAIL);"
                    + " the model was retrained from scratch on the retain set");
            UnlearningReceipt receipt = r.receipt();
            assertThat(receipt.plan().outcome()).isEqualTo("RETRAINED");
            assertThat(receipt.plan().note()).contains("every approximate method failed");
            assertThat(receipt.method().name()).isEqualTo("retrain");
            assertThat(receipt.verdict().verdict()).isEqualTo("PASS");
            assertThat(receipt.reference().reusedAsRetrainAttempt()).isTrue();
            assertThat(receipt.plan().attempts()).extracting(UnlearningReceipt.Attempt::verdict)
                    .containsExactly("FAIL", "FAIL", "PASS");
            assertThat(receipt.plan().attempts().get(2).speedUpVsRetrain()).isEqualTo(1.0);
            assertThat(receipt.plan().attempts().get(0).speedUpVsRetrain()).isPositive();
            assertThat(receipt.plan().costAccounting()).isEqualTo(UnlearningPlan.COST_ACCOUNTING);
            assertThat(ReceiptWriter.fromJson(ReceiptWriter.toJson(receipt))).isEqualTo(receipt);
            // every field of the receipt is filled in
            JsonNode json = new ObjectMapper().readTree(ReceiptWriter.toJson(receipt));
            json.fieldNames().forEachRemaining(f -> assertThat(json.get(f).isNull()).as(f).isFalse());
            assertThat(json.at("/model/after").asText()).isEqualTo(retrain.modelSha256());
            assertThat(json.at("/timings/totalMs").asDouble()).isGreaterThanOrEqualTo(json.at("/timings/referenceMs").asDouble());
        }
    }

    @Test
    void appendsRetrainAsAFallbackWhenNoStepIsRetrain() {
        UnlearningPlan plan = UnlearningPlan.builder()
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .addStep("ft", theory.convergentTrainingSettings())
                .optReferenceSettings(theory.convergentTrainingSettings())
                .build();
        try (PlanResult r = plan.run(theory.pretrainedModel(), theory.split())) {
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
            assertThat(r.attempts()).extracting(Attempt::method).containsExactly("ft", "retrain");
            assertThat(r.attempts().get(1).fallback()).isTrue();
            assertThat(r.note()).contains("(retrain appended as the fallback)");
        }
    }

    @Test
    void withoutFallbackNoModelIsReturned() {
        UnlearningPlan plan = UnlearningPlan.builder()
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .addStep("ft", theory.convergentTrainingSettings())
                .optReferenceSettings(theory.convergentTrainingSettings())
                .optFallbackToRetrain(false)
                .build();
        try (PlanResult r = plan.run(theory.pretrainedModel(), theory.split())) {
            assertThat(r.outcome()).isEqualTo(PlanOutcome.NOT_PASSED);
            assertThat(r.model()).isEmpty();
            assertThatThrownBy(r::detachModel).isInstanceOf(IllegalStateException.class);
            UnlearningReceipt receipt = r.receipt();
            assertThat(receipt.model().after()).isNull();
            assertThat(receipt.plan().acceptedAttempt()).isNull();
            assertThat(receipt.verdict().verdict()).isEqualTo("FAIL");
        }
    }

    @Test
    void aDivergingStepIsRecordedAndThePlanEscalates() {
        UnlearningPlan plan = theoryPlan().optSteps(java.util.List.of(
                new PlanStep("ft", theory.convergentTrainingSettings().with("learningRate", 1e6).with("momentum", 0.0)),
                new PlanStep("rbm", theory.rbmSettings())))
                .optReferenceSettings(theory.convergentTrainingSettings()).build();
        try (PlanResult r = plan.run(theory.pretrainedModel(), theory.split())) {
            Attempt failed = r.attempts().get(0);
            assertThat(failed.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(failed.error()).containsIgnoringCase("ft");
            assertThat(failed.policyVerdict()).isNull();
            assertThat(r.outcome()).isEqualTo(PlanOutcome.PASSED);
            assertThat(r.receipt().plan().attempts().get(0).error()).isEqualTo(failed.error());
        }
    }

    @Test
    void everyAttemptStartsFromTheUnchangedOriginalAndModelsNotReturnedAreClosed() {
        AtomicInteger open = new AtomicInteger();
        TrackingModel original = new TrackingModel(theory.pretrainedModel(), open);
        float[] before = original.parameters();
        UnlearningPlan plan = UnlearningPlan.builder()
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .addStep("ft", theory.convergentTrainingSettings())
                .addStep("ft", theory.convergentTrainingSettings().with("epochs", 100))
                .addStep("retrain", theory.convergentTrainingSettings())
                .build();
        PlanResult r = plan.run(original, theory.split());
        // the original, plus the reference (which is also the returned retrain model); both ft copies are closed
        assertThat(open.get()).isEqualTo(2);
        assertThat(r.model().orElseThrow()).isSameAs(r.referenceModel().orElseThrow());
        // the two ft variants (2000 and 100 epochs) give different models from the same start
        assertThat(r.attempts().get(0).modelSha256()).isNotEqualTo(r.attempts().get(1).modelSha256());
        r.close();
        assertThat(open.get()).isEqualTo(1);
        assertThat(original.isClosed()).isFalse();
        assertThat(original.parameters()).containsExactly(before);
    }

    @Test
    void aDetachedModelBelongsToTheCaller() {
        AtomicInteger open = new AtomicInteger();
        TrackingModel original = new TrackingModel(theory.pretrainedModel(), open);
        TrainableModel mine;
        try (PlanResult r = theoryPlan().build().run(original, theory.split())) {
            mine = r.detachModel();
            assertThat(r.model()).isEmpty();
        }
        // closing the result closed the reference, not the detached rbm model
        assertThat(open.get()).isEqualTo(2);
        mine.close();
        assertThat(open.get()).isEqualTo(1);
    }

    @Test
    void cancellationEndsThePlanAndClosesEverything() {
        AtomicInteger open = new AtomicInteger();
        TrackingModel original = new TrackingModel(theory.pretrainedModel(), open);
        CancellationToken token = new CancellationToken();
        UnlearningPlan plan = theoryPlan().optCancellation(token)
                .optProgress(p -> {
                    if (p.stage().equals("ft")) {
                        token.cancel();
                    }
                }).build();
        assertThatThrownBy(() -> plan.run(original, theory.split())).isInstanceOf(UnlearningCancelledException.class);
        assertThat(open.get()).isEqualTo(1);
    }

    @Test
    void badNamesAndSettingsFailWhenBuiltBeforeAnyCompute() {
        assertThatThrownBy(() -> UnlearningPlan.builder().addStep("fft", Settings.empty()).build())
                .isInstanceOf(UnknownProviderException.class).hasMessageContaining("'fft'").hasMessageContaining("rbm");
        assertThatThrownBy(() -> UnlearningPlan.builder().addStep("ft", Settings.of(Map.of("epochs", -1))).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> UnlearningPlan.builder().optSteps(java.util.List.of()).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("plan.steps = []");
        assertThatThrownBy(() -> PlanStep.parse("ft,,retrain"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("plan = 'ft,,retrain'");
        assertThat(PlanStep.parse(" ft, rbm ,retrain")).extracting(PlanStep::method).containsExactly("ft", "rbm", "retrain");
        assertThat(UnlearningPlan.builder().build().steps()).extracting(PlanStep::method)
                .containsExactly("ft", "rbm", "retrain");
    }

    @Test
    void aLenientPlanNeedsNoReference() {
        MembershipData d = MembershipData.create(5);
        Settings train = Settings.of(Map.of("learningRate", 0.5, "epochs", 300, "batchSize", 80, "momentum", 0.9,
                "weightDecay", 0.0));
        UnlearningPlan plan = UnlearningPlan.builder()
                .optPolicy(ForgettingPolicy.lenient())
                .addStep("ft", Settings.of(Map.of("learningRate", 0.01, "epochs", 2, "batchSize", 80)))
                .addStep("retrain", train)
                .optSeed(5)
                .build();
        try (PlanResult r = plan.run(d.memorized, d.split)) {
            assertThat(r.reference()).isEmpty();
            assertThat(r.attempts()).extracting(Attempt::verdict).containsExactly(Verdict.FAIL, Verdict.PASS);
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
            assertThat(r.attempts().get(1).reusedReference()).isFalse();
            assertThat(r.receipt().reference()).isNull();
        }
    }
}
