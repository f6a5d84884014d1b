package io.github.unlearn4j.api.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "0, 10, 0.0",
        "5, 10, 0.5",
        "1, 4, 0.25",
        "10, 10, 1.0",
        "15, 10, 1.0",
        "0, 0, 1.0",
        "3, 0, 1.0",
        "3, -5, 1.0",
        "-3, 10, 0.0",
        "9223372036854775807, 1, 1.0",
    })
    void fractionIsWithinUnitInterval(long completed, long total, double expected) {
        Progress p = new Progress("ft", completed, total, Double.NaN);
        assertThat(p.fraction()).isEqualTo(expected);
        assertThat(p.fraction()).isBetween(0.0, 1.0);
    }

    @Test
    void carriesItsFields() {
        Progress p = new Progress("retrain", 3, 12, 0.42);
        assertThat(p.stage()).isEqualTo("retrain");
        assertThat(p.completed()).isEqualTo(3);
        assertThat(p.total()).isEqualTo(12);
        assertThat(p.loss()).isEqualTo(0.42);
    }

    @Test
    void noneListenerIgnoresEvents() {
        assertThatCode(() -> ProgressListener.NONE.onProgress(new Progress("ft", 1, 2, 0.5)))
                .doesNotThrowAnyException();
    }
}
