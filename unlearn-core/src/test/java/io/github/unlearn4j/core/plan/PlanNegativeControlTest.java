package io.github.unlearn4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.policy.ForgetKind;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.LineStatus;
import io.github.unlearn4j.core.policy.NegativeControl;
import io.github.unlearn4j.core.policy.PolicyScenarios;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import org.junit.jupiter.api.Test;

/**
 * The reproduction on the reference backend: a plan whose first step is ft at learning rate
 * 1e-9 (a no-op) must not pass, and escalates to retraining.
 */
class PlanNegativeControlTest {

    private static UnlearningPlan noOpThenRetrain(ForgettingPolicy policy, PolicyScenarios.Fixture f) {
        Settings noOp = f.retrainSettings().with("learningRate", 1e-9).with("epochs", 1);
        return UnlearningPlan.builder().optPolicy(policy).optSeed(PolicyScenarios.SEED).addStep("ft", noOp)
                .optReferenceSettings(f.retrainSettings()).build();
    }

    @Test
    void lenientFailsTheNoOpOnAWholeClassAndRetrains() {
        PolicyScenarios.Fixture f = PolicyScenarios.CLASSES_GENERALIZING.fixture();
        try (PlanResult r = noOpThenRetrain(ForgettingPolicy.lenient(), f).run(f.original(), f.split())) {
            assertThat(r.attempts()).extracting(Attempt::method).containsExactly("ft", "retrain");
            assertThat(r.attempts()).extracting(Attempt::verdict).containsExactly(Verdict.FAIL, Verdict.PASS);
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
            var ft = r.attempts().get(0).policyVerdict();
            assertThat(ft.forgetKind()).isEqualTo(ForgetKind.CLASSES);
            // forget accuracy 93.7%, as the original's: UA 6.3 against at least 95
            assertThat(ft.line("UA").status()).isEqualTo(LineStatus.FAILED);
            assertThat(ft.line("UA").value()).isCloseTo(6.333, within(0.01));
            assertThat(ft.line("unseenUA").status()).isEqualTo(LineStatus.FAILED);
            var retrain = r.attempts().get(1).policyVerdict();
            assertThat(retrain.line("UA").value()).isEqualTo(100.0);
            assertThat(retrain.control().status()).isEqualTo(NegativeControl.Status.DISCRIMINATES);
            UnlearningReceipt receipt = r.receipt();
            assertThat(receipt.verdict().forgetKind()).isEqualTo("classes");
            assertThat(receipt.verdict().control().status()).isEqualTo("DISCRIMINATES");
            assertThat(receipt.verdict().control().lines()).extracting(UnlearningReceipt.LineEntry::status)
                    .contains("FAILED");
        }
    }

    @Test
    void strictFailsTheNoOpOnAWholeClassAndReusesTheReference() {
        PolicyScenarios.Fixture f = PolicyScenarios.CLASSES_GENERALIZING.fixture();
        try (PlanResult r = noOpThenRetrain(ForgettingPolicy.strict(), f).run(f.original(), f.split())) {
            assertThat(r.attempts()).extracting(Attempt::verdict).containsExactly(Verdict.FAIL, Verdict.PASS);
            assertThat(r.attempts().get(1).reusedReference()).isTrue();
            assertThat(r.attempts().get(0).policyVerdict().line("unseenUA").status()).isEqualTo(LineStatus.FAILED);
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
        }
    }

    @Test
    void whenNothingCanTellForgettingFromANoOpThePlanRetrainsAndSaysWhy() {
        // random rows from a model that generalizes: the lenient lines hold for the original itself
        PolicyScenarios.Fixture f = PolicyScenarios.ROWS_GENERALIZING.fixture();
        try (PlanResult r = noOpThenRetrain(ForgettingPolicy.lenient(), f).run(f.original(), f.split())) {
            assertThat(r.attempts()).extracting(Attempt::verdict)
                    .containsExactly(Verdict.INCONCLUSIVE, Verdict.INCONCLUSIVE);
            assertThat(r.attempts().get(0).policyVerdict().inconclusiveByControl()).isTrue();
            assertThat(r.outcome()).isEqualTo(PlanOutcome.RETRAINED);
            assertThat(r.note()).endsWith("; retrain itself was judged INCONCLUSIVE: " + NegativeControl.CANNOT_TELL);
            assertThat(r.receipt().verdict().control().status()).isEqualTo("DOES_NOT_DISCRIMINATE");
        }
    }

    @Test
    void aGivenKindThatContradictsTheDataFailsBeforeAnyCompute() {
        PolicyScenarios.Fixture f = PolicyScenarios.ROWS_GENERALIZING.fixture();
        UnlearningPlan plan = noOpThenRetrain(ForgettingPolicy.lenient().withForgetKind(ForgetKind.CLASSES), f);
        assertThatThrownBy(() -> plan.run(f.original(), f.split())).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetKind = classes: the retain set still holds rows of forgotten class(es)"
                        + " [0, 1, 2, 3]");
    }
}
