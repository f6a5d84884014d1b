package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.Measurements;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.MetricSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForgettingPolicyTest {
    private static final TaskType C = TaskType.CLASSIFICATION;

    private static Measurement m(String name, double value, long n) {
        return new Measurement(name, value, n, 30, "accuracy", name);
    }

    private static Measurements ms(Measurement... list) {
        return Measurements.of(List.of(list), Map.of());
    }

    private static ForgettingPolicy policy(String... thresholds) {
        List<Threshold> list = new ArrayList<>();
        for (String t : thresholds) {
            list.add(Threshold.parse(t));
        }
        return ForgettingPolicy.of("test", "test", list);
    }

    // --- validation, before any compute ---

    @Test
    void anUnknownMetricIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> policy("UA <= 50", "XA <= 3"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("policy.test.thresholds[1].metric = 'XA': unknown metric; known metrics: [UA, RA")
                .hasMessageContaining("miaAuc").hasMessageContaining("weightDistance");
    }

    @Test
    void aBoundOutsideTheMetricsRangeIsNamed() {
        assertThatThrownBy(() -> policy("UA <= 150"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("policy.test.thresholds[0].bound = 150: outside the range of UA, [0, 100] (UA <= 150)");
        assertThatThrownBy(() -> policy("miaAuc >= 1.5")).hasMessageContaining("outside the range of miaAuc, [0, 1]");
        assertThatThrownBy(() -> policy("weightDistance <= -1")).hasMessageContaining("bound = -1: outside the range");
        assertThatThrownBy(() -> policy("UA within 101 of reference"))
                .hasMessageContaining("bound = 101: a tolerance on UA cannot exceed the width of its range [0, 100]");
    }

    @Test
    void otherStructuralErrorsAreNamed() {
        assertThatThrownBy(() -> ForgettingPolicy.of("p", "d",
                List.of(Threshold.relative("UA", Comparison.AT_LEAST, BoundKind.RELATIVE_TO_REFERENCE, -2))))
                .hasMessageStartingWith("policy.p.thresholds[0].bound = -2: a tolerance cannot be negative");
        assertThatThrownBy(() -> ForgettingPolicy.of("p", "d",
                List.of(Threshold.relative("UA", Comparison.WITHIN, BoundKind.ABSOLUTE, 2))))
                .hasMessageStartingWith("policy.p.thresholds[0].comparison = within");
        assertThatThrownBy(() -> ForgettingPolicy.of("p", "d", List.of(Threshold.atMost("UA", Double.NaN))))
                .hasMessageStartingWith("policy.p.thresholds[0].bound = NaN: must be a finite number");
        assertThatThrownBy(() -> policy("RA >= unseen - 2"))
                .hasMessageStartingWith("policy.test.thresholds[0].kind = unseen: metric RA has no unseen counterpart;"
                        + " metrics that have one: [UA, forgetConfidence, forgetLoss]");
        assertThatThrownBy(() -> policy("gapUA within 1 of reference"))
                .hasMessageContaining("gapUA already compares with the reference");
        assertThatThrownBy(() -> policy("UA <= 40 [regression]"))
                .hasMessageStartingWith("policy.test.thresholds[0].tasks = [regression]: metric UA exists only for"
                        + " [classification] models");
        assertThatThrownBy(() -> ForgettingPolicy.of("empty", "d", List.of()))
                .hasMessageStartingWith("policy.empty.thresholds = []");
        assertThatThrownBy(() -> ForgettingPolicy.parse("strictest"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("policy = 'strictest': unknown preset; presets: [strict, lenient]");
    }

    @Test
    void parsesPresetsAndCustomPolicies() {
        assertThat(ForgettingPolicy.parse("Strict").name()).isEqualTo("strict");
        ForgettingPolicy p = ForgettingPolicy.parse("UA within 2 of reference; miaAuc <= 0.6");
        assertThat(p.name()).isEqualTo("custom");
        assertThat(p.thresholds()).hasSize(2);
        assertThat(p.verifierNames()).containsExactly("accuracy", "mia");
        assertThat(p.needsReference(C)).isTrue();
    }

    @Test
    void presetsAreValidAndSayWhatTheyNeed() {
        ForgettingPolicy strict = ForgettingPolicy.strict();
        ForgettingPolicy lenient = ForgettingPolicy.lenient();
        assertThat(strict.thresholds()).extracting(Threshold::text).containsExactly(
                "UA within 2 of reference [classification]", "MIA within 3 of reference [classification]",
                "unseenUA within 2 of reference [classification, classes]",
                "RA >= reference - 2 [classification]", "TA >= reference - 2 [classification]",
                "forgetLoss >= reference - 10% [regression]", "weightDistance <= 0.05 [regression]",
                "uliraAuc <= 0.6 [classification, rows, mislabeled] if measured");
        assertThat(lenient.thresholds()).extracting(Threshold::text).containsExactly(
                "UA >= unseen - 5 [classification, rows]", "forgetConfidence <= unseen + 5 [classification, rows]",
                "UA >= 95 [classification, classes]", "unseenUA >= 95 [classification, classes]",
                "UA >= 80 [classification, mislabeled]", "miaAuc <= 0.6 [classification]",
                "RA >= original - 5 [classification]", "forgetLoss >= unseen - 20% [regression]");
        assertThat(strict.needsReference(C)).isTrue();
        assertThat(strict.needsReference(TaskType.REGRESSION)).isTrue();
        assertThat(lenient.needsReference(C)).isFalse();
        // every preset has forgetting thresholds, so the original (the negative control) is always measured
        for (ForgettingPolicy p : List.of(strict, lenient)) {
            assertThat(p.needsOriginal(C)).isTrue();
            assertThat(p.needsOriginal(TaskType.REGRESSION)).isTrue();
        }
        assertThat(policy("RA >= 90").needsOriginal(C)).isFalse();
        assertThat(strict.verifierNames()).containsExactly("accuracy", "mia", "weight-distance");
        assertThat(strict.forgetKind()).isEmpty();
        assertThat(strict.withForgetKind(ForgetKind.MISLABELED).forgetKind()).contains(ForgetKind.MISLABELED);
        assertThat(strict.withForgetKind(ForgetKind.MISLABELED).thresholds()).isEqualTo(strict.thresholds());
    }

    @Test
    void aRegressionThresholdCannotBeRestrictedToClassesOrMislabeledRows() {
        assertThatThrownBy(() -> policy("forgetLoss >= unseen - 20% [regression, classes]"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("policy.test.thresholds[0].kinds = [regression, classes]: a regression forget"
                        + " set is always rows");
        assertThat(policy("forgetLoss >= unseen - 20% [regression, rows]").thresholds()).hasSize(1);
    }

    @Test
    void aThirdPartyMetricCanBeAddedToTheCatalog() {
        MetricCatalog cat = MetricCatalog.standard().with(List.of(new MetricSpec("thirdScore", "third", 0, 1,
                Set.of(TaskType.values()), false, false, null, "a third-party score")));
        ForgettingPolicy p = ForgettingPolicy.of("third", "d", List.of(Threshold.atMost("thirdScore", 0.5)), cat);
        assertThat(p.verifierNames()).containsExactly("third");
    }

    // --- verdict lines ---

    @Test
    void judgesEachKindOfBoundWithItsNumbers() {
        ForgettingPolicy p = policy("UA within 2 of reference", "RA >= reference - 2", "forgetLoss >= reference - 10%",
                "UA >= unseen - 5", "forgetConfidence <= unseen + 5", "miaAuc <= 0.6", "RA >= original - 5");
        Measurements model = ms(m("UA", 4.5, 500), m("RA", 95, 4000), m("forgetLoss", 0.8, 500),
                m("unseenUA", 12, 300), m("forgetConfidence", 90, 500), m("unseenConfidence", 80, 300),
                new Measurement("miaAuc", 0.55, 300, 30, "mia", "auc"));
        Measurements ref = ms(m("UA", 3.0, 500), m("RA", 96, 4000), m("forgetLoss", 1.0, 500));
        Measurements orig = ms(m("RA", 99.5, 4000));
        PolicyVerdict v = p.evaluate(new Evidence(C, ForgetKind.ROWS, true, true, model, ref, orig));
        assertThat(v.lines()).extracting(VerdictLine::status).containsExactly(LineStatus.HELD, LineStatus.HELD,
                LineStatus.FAILED, LineStatus.FAILED, LineStatus.FAILED, LineStatus.HELD, LineStatus.HELD);
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        VerdictLine ua = v.lines().get(0);
        assertThat(ua.value()).isEqualTo(4.5);
        assertThat(ua.target()).isEqualTo(3.0);
        assertThat(ua.limit()).isEqualTo(2.0);
        assertThat(ua.text()).isEqualTo("[HELD] UA within 2 of reference: measured 4.5 (n=500); target 3,"
                + " |difference| 1.5 vs at most 2");
        // forgetLoss >= 1.0 - 10% of 1.0 = 0.9; measured 0.8
        VerdictLine loss = v.line("forgetLoss");
        assertThat(loss.limit()).isCloseTo(0.9, within(1e-12));
        assertThat(loss.text()).isEqualTo("[FAILED] forgetLoss >= reference - 10%: measured 0.8 (n=500); target 1,"
                + " limit 0.9");
        // UA >= unseenUA - 5 = 7; measured 4.5
        assertThat(v.lines().get(3).target()).isEqualTo(12.0);
        assertThat(v.lines().get(3).limit()).isEqualTo(7.0);
        // forgetConfidence <= 80 + 5
        assertThat(v.lines().get(4).held()).isFalse();
        assertThat(v.line("miaAuc").text()).isEqualTo("[HELD] miaAuc <= 0.6: measured 0.55 (n=300)");
        assertThat(v.lines().get(6).limit()).isEqualTo(94.5);
        assertThat(v.summary()).isEqualTo("FAIL under policy test (forget set: rows): 4 held, 3 failed, 0 inconclusive,"
                + " 0 not applicable");
        assertThat(v.text()).startsWith(v.summary() + "\n  [HELD] UA within 2 of reference");
    }

    @Test
    void tooFewSamplesMakeALineInconclusiveNotFailed() {
        ForgettingPolicy p = policy("UA >= 50", "RA >= 90");
        PolicyVerdict v = p.evaluate(new Evidence(C, ForgetKind.ROWS, false, false, ms(m("UA", 10, 12), m("RA", 95, 400)), null, null));
        assertThat(v.line("UA").status()).isEqualTo(LineStatus.INCONCLUSIVE);
        assertThat(v.line("UA").note()).isEqualTo("UA was computed on 12 samples, fewer than minSamples = 30");
        assertThat(v.line("UA").text()).isEqualTo("[INCONCLUSIVE] UA >= 50: UA was computed on 12 samples, fewer than"
                + " minSamples = 30; measured 10 (n=12)");
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        // a target on too few samples is inconclusive too
        PolicyVerdict t = policy("UA >= unseen - 5").evaluate(
                new Evidence(C, ForgetKind.ROWS, true, false, ms(m("UA", 10, 400), m("unseenUA", 10, 5)), null, null));
        assertThat(t.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(t.lines().get(0).note()).isEqualTo("unseenUA was computed on 5 samples, fewer than minSamples = 30");
    }

    @Test
    void aSolidFailureOutweighsAnInconclusiveLine() {
        PolicyVerdict v = policy("UA >= 50", "RA >= 90").evaluate(
                new Evidence(C, ForgetKind.ROWS, false, false, ms(m("UA", 10, 12), m("RA", 50, 400)), null, null));
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void withoutAReferenceReferenceLinesAreInconclusive() {
        PolicyVerdict v = ForgettingPolicy.strict().evaluate(
                new Evidence(C, ForgetKind.ROWS, true, false, ms(m("UA", 3, 400), m("RA", 99, 400), m("TA", 90, 400)), null, null));
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.lines(LineStatus.INCONCLUSIVE)).hasSize(4);
        assertThat(v.line("UA").note()).startsWith("no reference available");
        assertThat(v.lines(LineStatus.NOT_APPLICABLE)).extracting(VerdictLine::metric)
                .containsExactly("unseenUA", "forgetLoss", "weightDistance", "uliraAuc");
        assertThat(v.line("unseenUA").note()).isEqualTo("applies to forget sets of [classes]; this one is rows");
    }

    @Test
    void linesThatDoNotApplyAreIgnoredWithANote() {
        Measurements reg = ms(m("forgetLoss", 5, 100));
        PolicyVerdict v = ForgettingPolicy.lenient().evaluate(new Evidence(TaskType.REGRESSION, ForgetKind.ROWS, false, false, reg, null, null));
        assertThat(v.lines()).allMatch(l -> l.status() == LineStatus.NOT_APPLICABLE);
        assertThat(v.line("forgetLoss").note()).isEqualTo("the unseen counterpart unseenLoss needs a test set and the"
                + " split has none");
        assertThat(v.line("UA").note()).isEqualTo("applies to [classification] models; this one is [regression]");
        assertThat(v.line("UA").text()).startsWith("[N/A] UA >= unseen - 5 [classification, rows]: applies to");
        // nothing applied: inconclusive, and the summary says why
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.summary()).endsWith("(no threshold applies to this model and data)");
    }

    @Test
    void aMissingMetricNamesTheSkippedVerifier() {
        Measurements none = Measurements.of(List.of(m("UA", 1, 100)), Map.of("mia", "data.test = none: no test"));
        PolicyVerdict v = policy("miaAuc <= 0.6 [classification]", "UA >= 0").evaluate(
                new Evidence(C, ForgetKind.ROWS, true, false, none, null, null));
        assertThat(v.line("miaAuc").note()).isEqualTo("miaAuc was not measured (verifier mia skipped: data.test = none:"
                + " no test)");
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        PolicyVerdict o = policy("RA >= original - 5").evaluate(new Evidence(C, ForgetKind.ROWS, false, false, ms(m("RA", 90, 100)), null, null));
        assertThat(o.lines().get(0).note()).isEqualTo("the original model was not measured");
    }

    // --- the negative control: the untouched original ---

    @Test
    void passNeedsAForgettingThresholdThatTheOriginalFails() {
        ForgettingPolicy p = policy("UA >= 95", "RA >= original - 5");
        Measurements model = ms(m("UA", 99, 400), m("RA", 90, 4000));
        Measurements original = ms(m("UA", 14, 400), m("RA", 92, 4000));
        PolicyVerdict v = p.evaluate(new Evidence(C, ForgetKind.CLASSES, true, false, model, null, original));
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.forgetKind()).isEqualTo(ForgetKind.CLASSES);
        assertThat(v.control().status()).isEqualTo(NegativeControl.Status.DISCRIMINATES);
        // only the forgetting threshold is judged on the original; RA is utility
        assertThat(v.control().lines()).extracting(VerdictLine::threshold).containsExactly("UA >= 95");
        assertThat(v.control().lines().get(0).status()).isEqualTo(LineStatus.FAILED);
        assertThat(v.control().note()).isEqualTo("the untouched original fails UA >= 95 (measured 14), so these"
                + " thresholds tell forgetting from a no-op");
        assertThat(v.summary()).isEqualTo("PASS under policy test (forget set: classes): 2 held, 0 failed,"
                + " 0 inconclusive, 0 not applicable; negative control: " + v.control().note());
        assertThat(v.text()).endsWith("  negative control, the untouched original:\n    [FAILED] UA >= 95: measured 14"
                + " (n=400)");
        // the original judged as the model: the same measurements, so FAIL
        PolicyVerdict noOp = p.evaluate(new Evidence(C, ForgetKind.CLASSES, true, false, original, null, original));
        assertThat(noOp.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void whenTheOriginalMeetsEveryForgettingThresholdTheVerdictIsInconclusive() {
        // random rows forgotten from a model that generalizes: forget rows already look unseen
        ForgettingPolicy p = policy("UA >= unseen - 5", "miaAuc <= 0.6", "RA >= original - 5");
        Measurements model = ms(m("UA", 12, 400), m("unseenUA", 12.5, 400), auc(0.51), m("RA", 90, 4000));
        Measurements original = ms(m("UA", 11, 400), m("unseenUA", 12, 400), auc(0.52), m("RA", 91, 4000));
        PolicyVerdict v = p.evaluate(new Evidence(C, ForgetKind.ROWS, true, false, model, null, original));
        assertThat(v.lines(LineStatus.HELD)).hasSize(3);
        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.inconclusiveByControl()).isTrue();
        assertThat(v.control().status()).isEqualTo(NegativeControl.Status.DOES_NOT_DISCRIMINATE);
        assertThat(v.control().note()).isEqualTo(NegativeControl.CANNOT_TELL).isEqualTo("the untouched original meets"
                + " these forgetting thresholds too; they cannot tell forgetting from a no-op on this data");
        assertThat(v.control().lines()).extracting(VerdictLine::metric).containsExactly("UA", "miaAuc");
        assertThat(v.summary()).endsWith("; negative control: " + NegativeControl.CANNOT_TELL);
        // the control judges the original against its own unseen rows
        assertThat(v.control().lines().get(0).target()).isEqualTo(12.0);
    }

    @Test
    void withoutTheOriginalOrWithoutAForgettingThresholdNothingPasses() {
        Measurements good = ms(m("UA", 99, 400), m("RA", 90, 4000));
        PolicyVerdict noOriginal = policy("UA >= 95").evaluate(new Evidence(C, ForgetKind.CLASSES, true, false, good,
                null, null));
        assertThat(noOriginal.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(noOriginal.control().status()).isEqualTo(NegativeControl.Status.NOT_MEASURED);
        assertThat(noOriginal.control().note()).endsWith("pass the original model");
        PolicyVerdict utilityOnly = policy("RA >= 85").evaluate(new Evidence(C, ForgetKind.CLASSES, true, false, good,
                null, good));
        assertThat(utilityOnly.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(utilityOnly.control().status()).isEqualTo(NegativeControl.Status.NO_FORGETTING_THRESHOLD);
        assertThat(utilityOnly.summary()).contains("utility alone cannot show forgetting");
        // a forgetting threshold that does not apply to this kind does not count
        PolicyVerdict otherKind = policy("UA >= 95 [mislabeled]", "RA >= 85").evaluate(
                new Evidence(C, ForgetKind.CLASSES, true, false, good, null, ms(m("UA", 14, 400), m("RA", 90, 4000))));
        assertThat(otherKind.line("UA").status()).isEqualTo(LineStatus.NOT_APPLICABLE);
        assertThat(otherKind.control().status()).isEqualTo(NegativeControl.Status.NO_FORGETTING_THRESHOLD);
        assertThat(otherKind.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void eachPresetJudgesTheKindOfForgetSetWithItsOwnLines() {
        ForgettingPolicy lenient = ForgettingPolicy.lenient();
        // a model that still recognizes the forgotten class (86% on its training rows, 84% on its test rows)
        Measurements generalizes = ms(m("UA", 14, 600), m("unseenUA", 16, 100), m("forgetConfidence", 80, 600),
                m("unseenConfidence", 78, 100), auc(0.52), m("RA", 88, 5400));
        PolicyVerdict asRows = lenient.evaluate(new Evidence(C, ForgetKind.ROWS, true, false, generalizes, null,
                generalizes));
        PolicyVerdict asClasses = lenient.evaluate(new Evidence(C, ForgetKind.CLASSES, true, false, generalizes, null,
                generalizes));
        // judged as rows it looks like unseen data of its class, but the control sees that a no-op does too
        assertThat(asRows.lines(LineStatus.FAILED)).isEmpty();
        assertThat(asRows.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(asRows.control().status()).isEqualTo(NegativeControl.Status.DOES_NOT_DISCRIMINATE);
        // judged as a forgotten class it fails: the class is still predicted, on training and test rows
        assertThat(asClasses.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(asClasses.line("UA").threshold()).isEqualTo("UA >= 95 [classification, classes]");
        assertThat(asClasses.line("UA").status()).isEqualTo(LineStatus.FAILED);
        assertThat(asClasses.line("unseenUA").status()).isEqualTo(LineStatus.FAILED);
        assertThat(asClasses.line("forgetConfidence").status()).isEqualTo(LineStatus.NOT_APPLICABLE);
        PolicyVerdict asMislabeled = lenient.evaluate(new Evidence(C, ForgetKind.MISLABELED, true, false, generalizes,
                null, generalizes));
        assertThat(asMislabeled.line("UA").threshold()).isEqualTo("UA >= 80 [classification, mislabeled]");
        assertThat(asMislabeled.verdict()).isEqualTo(Verdict.FAIL);
    }

    private static Measurement auc(double v) {
        return new Measurement("miaAuc", v, 300, 30, "mia", "auc");
    }
}
