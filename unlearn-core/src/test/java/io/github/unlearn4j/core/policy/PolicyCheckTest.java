package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.MembershipData;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Policies on real models: one that memorized its forget set, one that never saw it. */
class PolicyCheckTest {
    private static MembershipData data;

    @BeforeAll
    static void train() {
        data = MembershipData.create(5);
    }

    @Test
    void lenientFailsTheMemorizingModelAndPassesTheOneThatNeverSawTheForgetSet() {
        PolicyCheck lenient = PolicyCheck.of(ForgettingPolicy.lenient());
        PolicyVerdict seen = lenient.check(data.memorized, data.split, null, data.memorized).verdict();
        PolicyVerdict unseen = lenient.check(data.neverSaw, data.split, null, data.memorized).verdict();
        assertThat(seen.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(seen.line("UA").status()).isEqualTo(LineStatus.FAILED);
        assertThat(seen.line("forgetConfidence").status()).isEqualTo(LineStatus.FAILED);
        assertThat(seen.line("miaAuc").status()).isEqualTo(LineStatus.FAILED);
        assertThat(unseen.verdict()).isEqualTo(Verdict.PASS);
        assertThat(unseen.lines(LineStatus.HELD)).hasSize(4);
    }

    @Test
    void strictJudgesAgainstTheReference() {
        PolicyCheck strict = PolicyCheck.of(ForgettingPolicy.strict());
        // the retrained model itself as reference: every classification line holds
        PolicyVerdict self = strict.check(data.neverSaw, data.split, data.neverSaw, data.memorized).verdict();
        assertThat(self.verdict()).isEqualTo(Verdict.PASS);
        assertThat(self.control().status()).isEqualTo(NegativeControl.Status.DISCRIMINATES);
        // without the original, nothing shows that the thresholds tell forgetting from a no-op
        PolicyVerdict uncontrolled = strict.check(data.neverSaw, data.split, data.neverSaw, null).verdict();
        assertThat(uncontrolled.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(uncontrolled.control().status()).isEqualTo(NegativeControl.Status.NOT_MEASURED);
        PolicyVerdict seen = strict.check(data.memorized, data.split, data.neverSaw, data.memorized).verdict();
        assertThat(seen.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(seen.line("UA").status()).isEqualTo(LineStatus.FAILED);
        assertThat(seen.line("MIA").status()).isEqualTo(LineStatus.FAILED);
        // without a reference nothing can be judged
        assertThat(strict.check(data.memorized, data.split, null, null).verdict().verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void inconclusiveOnATinyForgetSet() {
        // 4 forget rows: UA, forgetConfidence and miaAuc are below minSamples = 30
        DataSplit tiny = DataSplit.of(data.split.train(), new int[] {0, 1, 2, 3}, data.split.test().orElseThrow().source());
        PolicyVerdict v = PolicyCheck.of(ForgettingPolicy.lenient()).check(data.memorized, tiny, null, data.memorized)
                .verdict();
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.line("UA").status()).isEqualTo(LineStatus.INCONCLUSIVE);
        assertThat(v.line("UA").note()).contains("on 4 samples, fewer than minSamples = 30");
        assertThat(v.line("RA").status()).isEqualTo(LineStatus.HELD);
    }

    @Test
    void theSuiteMustHoldThePolicysVerifiers() {
        VerificationSuite accuracyOnly = VerificationSuite.builder().addVerifiers(List.of("accuracy")).build();
        assertThatThrownBy(() -> new PolicyCheck(ForgettingPolicy.lenient(), accuracyOnly))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("suite = [accuracy]: lacks verifier 'mia', which policy lenient needs");
    }
}
