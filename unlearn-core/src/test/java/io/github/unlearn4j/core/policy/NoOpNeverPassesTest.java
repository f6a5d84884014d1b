package io.github.unlearn4j.core.policy;

import static io.github.unlearn4j.core.policy.PolicyScenarios.CLASSES_GENERALIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.MISLABELED_GENERALIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.MISLABELED_MEMORIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.REGRESSION_GENERALIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.REGRESSION_MEMORIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.ROWS_GENERALIZING;
import static io.github.unlearn4j.core.policy.PolicyScenarios.ROWS_MEMORIZING;
import static io.github.unlearn4j.core.policy.Verdict.FAIL;
import static io.github.unlearn4j.core.policy.Verdict.INCONCLUSIVE;
import static io.github.unlearn4j.core.policy.Verdict.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule, on every preset and the inline form, in every scenario: the untouched original
 * (and ft at learning rate 1e-9, a no-op in all but name) is never judged PASS, while a model
 * retrained without the forget set is judged PASS wherever the policy can tell forgetting from a
 * no-op. Each expected verdict is exact, and the comment says why.
 */
class NoOpNeverPassesTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    /** The kind-agnostic test the issue calls wrong for whole classes, written as an inline policy. */
    static final String INLINE = "UA >= unseen - 5 [classification]; miaAuc <= 0.6 [classification];"
            + " RA >= original - 5 [classification]; forgetLoss >= unseen - 20% [regression]";

    static Stream<Arguments> cases() {
        return Stream.of(
                // a whole class: the original still predicts it (UA 6.3, unseenUA 8.5); retraining never does (100, 100)
                Arguments.of(CLASSES_GENERALIZING, "strict", FAIL, PASS),
                Arguments.of(CLASSES_GENERALIZING, "lenient", FAIL, PASS),
                // "looks like unseen rows of its class" holds for the original too: the control catches it
                Arguments.of(CLASSES_GENERALIZING, "inline", INCONCLUSIVE, INCONCLUSIVE),
                // random rows, 1,200 rows in 10 dimensions: outputs alone cannot tell (lenient), but the
                // attack calls 46% of the forget rows non-members on the original against 73% on the reference
                Arguments.of(ROWS_GENERALIZING, "strict", FAIL, PASS),
                Arguments.of(ROWS_GENERALIZING, "lenient", INCONCLUSIVE, INCONCLUSIVE),
                Arguments.of(ROWS_GENERALIZING, "inline", INCONCLUSIVE, INCONCLUSIVE),
                // random rows memorized (160 rows, 60 dimensions): forget accuracy 100% against 73-79% unseen
                Arguments.of(ROWS_MEMORIZING, "strict", FAIL, PASS),
                Arguments.of(ROWS_MEMORIZING, "lenient", FAIL, PASS),
                Arguments.of(ROWS_MEMORIZING, "inline", FAIL, PASS),
                // wrong labels memorized: the original predicts all 40 given labels, retraining 4 of them
                Arguments.of(MISLABELED_MEMORIZING, "strict", FAIL, PASS),
                Arguments.of(MISLABELED_MEMORIZING, "lenient", FAIL, PASS),
                Arguments.of(MISLABELED_MEMORIZING, "inline", FAIL, PASS),
                // wrong labels never learned (5% of 1,200 rows): the original already ignores them
                Arguments.of(MISLABELED_GENERALIZING, "strict", INCONCLUSIVE, INCONCLUSIVE),
                Arguments.of(MISLABELED_GENERALIZING, "lenient", INCONCLUSIVE, INCONCLUSIVE),
                Arguments.of(MISLABELED_GENERALIZING, "inline", INCONCLUSIVE, INCONCLUSIVE),
                // the paper's regime (n < d): the original interpolates its forget rows (loss ~0)
                Arguments.of(REGRESSION_MEMORIZING, "strict", FAIL, PASS),
                Arguments.of(REGRESSION_MEMORIZING, "lenient", FAIL, PASS),
                Arguments.of(REGRESSION_MEMORIZING, "inline", FAIL, PASS),
                // n >> d: original and retrained weights are 0.2% apart, losses equal
                Arguments.of(REGRESSION_GENERALIZING, "strict", INCONCLUSIVE, INCONCLUSIVE),
                Arguments.of(REGRESSION_GENERALIZING, "lenient", INCONCLUSIVE, INCONCLUSIVE),
                Arguments.of(REGRESSION_GENERALIZING, "inline", INCONCLUSIVE, INCONCLUSIVE));
    }

    private static ForgettingPolicy policy(String name) {
        return name.equals("inline") ? ForgettingPolicy.parse(INLINE) : ForgettingPolicy.preset(name);
    }

    private static PolicyVerdict judge(PolicyScenarios s, String policy, TrainableModel model) {
        PolicyScenarios.Fixture f = s.fixture();
        return PolicyCheck.of(s.forKind(policy(policy))).check(model, f.split(), f.reference(), f.original()).verdict();
    }

    @ParameterizedTest(name = "{0} / {1}: no-op {2}, retrained {3}")
    @MethodSource("cases")
    void theUntouchedOriginalNeverPassesAndRetrainingPassesWhereThePolicyCanTell(PolicyScenarios s, String policy,
            Verdict noOp, Verdict retrained) {
        PolicyScenarios.Fixture f = s.fixture();
        PolicyVerdict original = judge(s, policy, f.original());
        assertThat(original.verdict()).as(original.text()).isEqualTo(noOp);
        assertThat(original.forgetKind()).isEqualTo(s.kind);
        if (noOp == INCONCLUSIVE) {
            // every line held, and only the control stopped the PASS
            assertThat(original.inconclusiveByControl()).as(original.text()).isTrue();
            assertThat(original.control().note()).isEqualTo(NegativeControl.CANNOT_TELL);
        }
        // ft at learning rate 1e-9 for one epoch: the plan's no-op; judged exactly like the original
        Settings noOpFt = f.retrainSettings().with("learningRate", 1e-9).with("epochs", 1);
        try (UnlearnResult ft = REGISTRY.create("ft", noOpFt).unlearn(UnlearnRequest.builder().setModel(f.original())
                .setData(f.split()).optSeed(PolicyScenarios.SEED).build())) {
            PolicyVerdict v = judge(s, policy, ft.model());
            assertThat(v.verdict()).as(v.text()).isEqualTo(noOp);
        }
        PolicyVerdict positive = judge(s, policy, f.retrained());
        assertThat(positive.verdict()).as(positive.text()).isEqualTo(retrained);
        assertThat(positive.control().status()).isEqualTo(retrained == PASS
                ? NegativeControl.Status.DISCRIMINATES : NegativeControl.Status.DOES_NOT_DISCRIMINATE);
    }

    @Test
    void aClassAwareInlinePolicyTellsTheClassFromANoOp() {
        ForgettingPolicy p = ForgettingPolicy.parse("UA >= 95 [classes]; unseenUA >= 95 [classes];"
                + " UA >= unseen - 5 [rows]; RA >= original - 5");
        PolicyScenarios.Fixture f = CLASSES_GENERALIZING.fixture();
        PolicyCheck check = PolicyCheck.of(p);
        PolicyVerdict noOp = check.check(f.original(), f.split(), null, f.original()).verdict();
        assertThat(noOp.verdict()).isEqualTo(FAIL);
        assertThat(noOp.line("UA").value()).isCloseTo(6.333, within(0.01));
        assertThat(noOp.line("unseenUA").value()).isCloseTo(8.5, within(0.01));
        assertThat(check.check(f.retrained(), f.split(), null, f.original()).verdict().verdict()).isEqualTo(PASS);
    }

    @Test
    void realMethodsPassWhereTheyForgetAndFtFailsWhereItCannot() {
        // whole class, softmax regression: ft on the retain set for the full recipe stops predicting the class
        assertThat(method("ft", CLASSES_GENERALIZING, "lenient")).isEqualTo(PASS);
        assertThat(method("ft", CLASSES_GENERALIZING, "strict")).isEqualTo(PASS);
        // memorized rows: ft keeps them (the paper's point), rbm's reset-then-fine-tune does not
        assertThat(method("ft", ROWS_MEMORIZING, "lenient")).isEqualTo(FAIL);
        // rbm with the structure chosen for the first round (keep 0.5, unkept zeroed): its defaults now come
        // from the MLP protocol (keep 0.8, unkept re-initialized), which does not pass here (see RbmProvider)
        assertThat(method("rbm", ROWS_MEMORIZING, "lenient", RBM_ZERO_HALF)).isEqualTo(PASS);
        assertThat(method("rbm", MISLABELED_MEMORIZING, "lenient", RBM_ZERO_HALF)).isEqualTo(PASS);
        assertThat(method("ft", REGRESSION_MEMORIZING, "strict")).isEqualTo(FAIL);
    }

    private static final java.util.Map<String, Object> RBM_ZERO_HALF =
            java.util.Map.of("keepFraction", 0.5, "unkept", "reset-zero");

    private static Verdict method(String name, PolicyScenarios s, String policy) {
        return method(name, s, policy, java.util.Map.of());
    }

    private static Verdict method(String name, PolicyScenarios s, String policy, java.util.Map<String, Object> extra) {
        PolicyScenarios.Fixture f = s.fixture();
        Settings settings = f.retrainSettings();
        for (var e : extra.entrySet()) {
            settings = settings.with(e.getKey(), e.getValue());
        }
        try (UnlearnResult r = REGISTRY.create(name, settings).unlearn(UnlearnRequest.builder()
                .setModel(f.original()).setData(f.split()).optSeed(3).build())) {
            PolicyVerdict v = judge(s, policy, r.model());
            return v.verdict();
        }
    }
}
