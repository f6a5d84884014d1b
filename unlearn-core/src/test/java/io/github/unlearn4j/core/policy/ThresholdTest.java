package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void parsesEveryFormAndWritesItBack() {
        for (String text : new String[] {"miaAuc <= 0.6", "RA >= 90", "RA >= reference - 2",
                "forgetConfidence <= unseen + 5", "forgetLoss >= reference - 10%", "UA within 2 of reference",
                "UA >= unseen - 5 [classification]", "weightDistance <= 0.05 [regression]", "RA >= original - 5",
                "MIA within 12.5% of reference", "UA >= 95 [classification, classes]", "UA >= 80 [mislabeled]",
                "forgetLoss >= unseen - 20% [regression, rows]", "miaAuc <= 0.6 [rows, mislabeled]"}) {
            Threshold t = Threshold.parse(text);
            assertThat(t.text()).isEqualTo(text);
            assertThat(Threshold.parse(t.text())).isEqualTo(t);
        }
    }

    @Test
    void readsTheParts() {
        Threshold t = Threshold.parse("  forgetLoss>=reference-10%  [regression] ");
        assertThat(t.metric()).isEqualTo("forgetLoss");
        assertThat(t.comparison()).isEqualTo(Comparison.AT_LEAST);
        assertThat(t.kind()).isEqualTo(BoundKind.RELATIVE_TO_REFERENCE);
        assertThat(t.bound()).isEqualTo(0.1);
        assertThat(t.unit()).isEqualTo(ToleranceUnit.FRACTION_OF_TARGET);
        assertThat(t.tasks()).isEqualTo(Set.of(TaskType.REGRESSION));
        assertThat(t.kinds()).isEqualTo(Set.of(ForgetKind.values()));
        Threshold scoped = Threshold.parse("UA >= 95 [ Classes , classification ]");
        assertThat(scoped.kinds()).isEqualTo(Set.of(ForgetKind.CLASSES));
        assertThat(scoped.tasks()).isEqualTo(Set.of(TaskType.CLASSIFICATION));
        assertThat(scoped.text()).isEqualTo("UA >= 95 [classification, classes]");
        assertThat(scoped.appliesTo(ForgetKind.CLASSES)).isTrue();
        assertThat(scoped.appliesTo(ForgetKind.ROWS)).isFalse();
        assertThat(Threshold.parse("UA ≥ unseen - 5").comparison()).isEqualTo(Comparison.AT_LEAST);
        assertThat(Threshold.parse("UA WITHIN 2 OF REFERENCE").kind()).isEqualTo(BoundKind.RELATIVE_TO_REFERENCE);
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> Threshold.parse("UA <> 3")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("threshold = 'UA <> 3': cannot parse");
        assertThatThrownBy(() -> Threshold.parse("UA >= reference + 2")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tolerances are not negative");
        assertThatThrownBy(() -> Threshold.parse("UA within 2 of golden")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Threshold.parse("UA >= 95 [class]")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("threshold = 'UA >= 95 [class]': unknown scope word 'class'; scope words: classification,"
                        + " regression, classes, rows, mislabeled");
    }

    @Test
    void aPercentageIsDividedBy100InDecimal() {
        // 0.7 / 100 in binary is 0.006999999999999999, which wrote back as "0.6999999999999999%"
        Threshold t = Threshold.parse("forgetLoss >= reference - 0.7%");
        assertThat(t.bound()).isEqualTo(0.007);
        assertThat(t.text()).isEqualTo("forgetLoss >= reference - 0.7%");
        assertThat(Threshold.parse("UA within 1e99999999999% of reference").bound()).isInfinite();
        assertThat(Threshold.parse("UA within 1e-2147483648% of reference").bound()).isZero();
        assertThatThrownBy(() -> ForgettingPolicy.parse("UA within 1e99999999999% of reference"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(".bound = Infinity: must be a finite number");
    }

    @Test
    void negativeZeroBoundReadsBackEqual() {
        Threshold t = Threshold.atMost("UA", -0.0);
        assertThat(t.text()).isEqualTo("UA <= 0");
        assertThat(Threshold.parse(t.text())).isEqualTo(t);
    }
}
