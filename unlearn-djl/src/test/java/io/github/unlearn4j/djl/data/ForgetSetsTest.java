package io.github.unlearn4j.djl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForgetSetsTest {
    private static final int[] LABELS = {0, 1, 2, 1, 0, 1, 2, 2, 1, 0};
    private static final ArrayDataset DATA = ArrayDataset.classification("ten", features(10), LABELS, 4);

    private static float[][] features(int n) {
        float[][] x = new float[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = i;
        }
        return x;
    }

    @Test
    void classWiseTakesEveryRowOfTheClass() {
        assertThat(ForgetSets.classWise(DATA, 1)).containsExactly(1, 3, 5, 8);
        assertThat(ForgetSets.classWise(DATA, 0)).containsExactly(0, 4, 9);
        DataSplit split = DataSplit.of(DATA, ForgetSets.classWise(DATA, 2), null);
        assertThat(split.forget().size()).isEqualTo(3);
    }

    @Test
    void classWiseRejectsOutOfRangeAndEmptyClasses() {
        assertThatThrownBy(() -> ForgetSets.classWise(DATA, 4))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("forgetClass = 4")
                .hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> ForgetSets.classWise(DATA, -1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("forgetClass = -1");
        assertThatThrownBy(() -> ForgetSets.classWise(DATA, 3))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no row");
        ArrayDataset regression = ArrayDataset.regression("reg", features(3), new double[] {1, 2, 3});
        assertThatThrownBy(() -> ForgetSets.classWise(regression, 0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("reg.task");
    }

    @Test
    void randomIsSeededSortedAndSized() {
        ArrayDataset big = ArrayDataset.classification("big", features(1000), new int[1000], 2);
        int[] a = ForgetSets.random(big, 0.1, 7);
        int[] b = ForgetSets.random(big, 0.1, 7);
        int[] c = ForgetSets.random(big, 0.1, 8);
        assertThat(a).hasSize(100).containsExactly(b).isSorted().doesNotHaveDuplicates();
        assertThat(c).isNotEqualTo(a);
        assertThat(Arrays.stream(a).allMatch(i -> i >= 0 && i < 1000)).isTrue();
        assertThat(ForgetSets.random(DATA, 0.01, 1)).hasSize(1);
        assertThat(ForgetSets.random(DATA, 0.99, 1)).hasSize(9);
    }

    @Test
    void randomRejectsFractionsOutsideTheOpenInterval() {
        for (double f : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> ForgetSets.random(DATA, f, 1))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("forgetFraction = " + f)
                    .hasMessageContaining("(0, 1)");
        }
        ArrayDataset one = ArrayDataset.classification("one", features(1), new int[1], 2);
        assertThatThrownBy(() -> ForgetSets.random(one, 0.5, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("one.size = 1");
    }
}
