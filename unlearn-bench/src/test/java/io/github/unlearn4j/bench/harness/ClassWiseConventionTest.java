package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.djl.mnist.LabeledImages;
import org.junit.jupiter.api.Test;

/**
 * Class-wise forgetting follows the reference code: TA and the MIA's non-members use the test rows
 * of the remaining classes; the forgotten class's test rows are a column of their own.
 */
class ClassWiseConventionTest {
    private static LabeledImages images() {
        int n = 12;
        float[] pixels = new float[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < 4; f++) {
                pixels[i * 4 + f] = i * 10 + f;
            }
        }
        return new LabeledImages("t", 2, 2, 3, pixels, labels);
    }

    @Test
    void theRemainingClassesHoldEveryOtherRowAndNoRowOfTheForgottenClass() {
        LabeledImages rest = ResultsHarness.Runner.classRows(images(), 1, false);
        LabeledImages only = ResultsHarness.Runner.classRows(images(), 1, true);
        assertThat(rest.size()).isEqualTo(8);
        assertThat(only.size()).isEqualTo(4);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.label(i)).isNotEqualTo(1);
        }
        for (int i = 0; i < only.size(); i++) {
            assertThat(only.label(i)).isEqualTo(1);
        }
        // rows are copied whole and in order: row 4 (class 1) is the second of its class
        assertThat(only.pixel(1, 0)).isEqualTo(40f);
        assertThat(only.pixel(1, 3)).isEqualTo(43f);
        assertThat(rest.pixel(2, 2)).isEqualTo(32f);
    }
}
