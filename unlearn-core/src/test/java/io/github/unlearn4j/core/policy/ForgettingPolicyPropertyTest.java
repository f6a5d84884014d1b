package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.verify.MetricCatalog;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of policy expressions: any text is a validated {@link ForgettingPolicy} or an
 * {@link InvalidRequestException} in the api's {@code "field = value: problem"} form naming the
 * policy or the threshold; never another exception. And a threshold's text reads back to an equal
 * threshold.
 */
class ForgettingPolicyPropertyTest {
    private static final List<String> METRICS = MetricCatalog.standard().names();

    @Property(tries = 500, seed = "20261130")
    void anyTextIsAPolicyOrAnErrorNamingTheField(@ForAll("policyTexts") String text) {
        Throwable thrown = catchThrowable(() -> ForgettingPolicy.parse(text));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidRequestException.class);
            assertThat(thrown.getMessage()).as("message of %s", thrown)
                    .matches("(?s)(policy|threshold)\\S* = .*: .+");
            return;
        }
        ForgettingPolicy policy = ForgettingPolicy.parse(text);
        assertThat(policy.thresholds()).isNotEmpty();
        if (policy.name().equals("custom")) {
            // the policy's own text form reads back to the same thresholds
            String again = policy.thresholds().stream().map(Threshold::text).collect(Collectors.joining("; "));
            assertThat(ForgettingPolicy.parse(again).thresholds()).isEqualTo(policy.thresholds());
        }
    }

    @Property(tries = 500, seed = "20261201")
    void aThresholdsTextReadsBackToAnEqualThreshold(@ForAll("thresholds") Threshold t) {
        assertThat(Threshold.parse(t.text())).as(t.text()).isEqualTo(t);
    }

    @Provide
    Arbitrary<Threshold> thresholds() {
        Arbitrary<String> metric = Arbitraries.oneOf(Arbitraries.of(METRICS),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
                        .map(s -> s + "_9"));
        Arbitrary<Set<TaskType>> tasks = Arbitraries.of(EnumSet.allOf(TaskType.class),
                EnumSet.of(TaskType.CLASSIFICATION), EnumSet.of(TaskType.REGRESSION));
        Arbitrary<Set<ForgetKind>> kinds = Arbitraries.of(EnumSet.allOf(ForgetKind.class),
                EnumSet.of(ForgetKind.CLASSES), EnumSet.of(ForgetKind.ROWS), EnumSet.of(ForgetKind.MISLABELED),
                EnumSet.of(ForgetKind.CLASSES, ForgetKind.ROWS));
        Arbitrary<Threshold> absolute = Combinators.combine(metric, Arbitraries.of(Comparison.AT_MOST,
                Comparison.AT_LEAST), finite(), tasks, kinds, Arbitraries.of(false, true)).as((m, c, b, ts, ks, opt) ->
                        new Threshold(m, c, BoundKind.ABSOLUTE, b, ToleranceUnit.METRIC_UNITS, ts, ks, opt));
        Arbitrary<Threshold> relative = Combinators.combine(metric, Arbitraries.of(Comparison.class),
                Arbitraries.of(BoundKind.RELATIVE_TO_REFERENCE, BoundKind.RELATIVE_TO_TEST,
                        BoundKind.RELATIVE_TO_ORIGINAL), finite().map(Math::abs), Arbitraries.of(ToleranceUnit.class),
                tasks, kinds, Arbitraries.of(false, true)).as(Threshold::new);
        return Arbitraries.oneOf(absolute, relative);
    }

    private static Arbitrary<Double> finite() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-200, 200).ofScale(3),
                Arbitraries.doubles().between(-1, 1),
                Arbitraries.doubles().filter(Double::isFinite),
                Arbitraries.of(0.0, -0.0, 0.07, 0.1234567, 1e-5, 1e12, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
                        -Double.MAX_VALUE, 0.1 + 0.2));
    }

    @Provide
    Arbitrary<String> policyTexts() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 120).ofScale(2).map(String::valueOf),
                Arbitraries.integers().between(-5, 200).map(String::valueOf),
                Arbitraries.of("0.6", "-0", ".5", "5.", "1e999", "1e-999", "00", "1E2", "0x10", "NaN", "Infinity",
                        "99999999999999999999", "1e99999999999", "1e-2147483647", "1e-2147483648", "", "-", "%"));
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(METRICS),
                Arbitraries.of("ua", "mia", "foo", "UA2", "_UA", "9UA", ""),
                Arbitraries.strings().ofMaxLength(5));
        Arbitrary<String> op = Arbitraries.of("<=", ">=", "≤", "≥", "<", ">", "=", "==", "within", "WITHIN", "<>");
        Arbitrary<String> target = Arbitraries.of("reference", "unseen", "original", "REFERENCE", "golden", "");
        Arbitrary<String> sign = Arbitraries.of("+", "-", "", "+-");
        Arbitrary<String> pct = Arbitraries.of("", "%", " %", "%%");
        Arbitrary<String> task = Arbitraries.of("", " [classification]", " [regression]", " [REGRESSION]", "[other]",
                " [", "]", " [classes]", " [classification, rows]", " [mislabeled,classes]", " [rows,]", " [,]");
        Arbitrary<String> absolute = Combinators.combine(name, op, number, task)
                .as((n, o, v, t) -> n + " " + o + " " + v + t);
        Arbitrary<String> relative = Combinators.combine(name, op, target, sign, number, pct, task)
                .as((n, o, tg, s, v, p, t) -> n + " " + o + " " + tg + " " + s + " " + v + p + t);
        Arbitrary<String> within = Combinators.combine(name, number, pct, target, task)
                .as((n, v, p, tg, t) -> n + " within " + v + p + " of " + tg + t);
        Arbitrary<String> threshold = Arbitraries.frequencyOf(
                Tuple.of(3, absolute), Tuple.of(3, relative), Tuple.of(3, within),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().withChars("<>=≤≥;%+-. 0123456789eE[]\n\tUAwithn").ofMaxLength(20)));
        Arbitrary<String> list = threshold.list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join(";", parts));
        Arbitrary<String> preset = Arbitraries.of("strict", "lenient", " Strict ", "LENIENT", "strict;", "", " ",
                ";", ";;", "custom", "\nstrict");
        return Arbitraries.frequencyOf(Tuple.of(6, list), Tuple.of(1, preset),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
    }
}
