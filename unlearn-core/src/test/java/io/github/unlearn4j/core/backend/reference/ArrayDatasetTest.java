package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.TaskType;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest {

    @Test
    void rejectsNaNFeatureNamingRowAndColumn() {
        float[][] x = {{1f, 2f}, {3f, Float.NaN}};
        assertThatThrownBy(() -> ArrayDataset.regression("d", x, new double[] {1, 2}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.features[1][1]")
                .hasMessageContaining("NaN");
    }

    @Test
    void rejectsInfiniteTargetNamingRow() {
        float[][] x = {{1f}, {2f}};
        assertThatThrownBy(() -> ArrayDataset.regression("d", x, new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.targets[1]")
                .hasMessageContaining("Infinity");
    }

    @Test
    void rejectsInfiniteFeature() {
        float[][] x = {{Float.NEGATIVE_INFINITY}};
        assertThatThrownBy(() -> ArrayDataset.classification("c", x, new int[] {0}, 2))
                .hasMessageContaining("c.features[0][0]");
    }

    @Test
    void rejectsRaggedRowsLengthMismatchAndBadLabels() {
        assertThatThrownBy(() -> ArrayDataset.regression("d", new float[][] {{1f, 2f}, {3f}}, new double[] {1, 2}))
                .hasMessageContaining("d.features[1].length = 1");
        assertThatThrownBy(() -> ArrayDataset.regression("d", new float[][] {{1f}}, new double[] {1, 2}))
                .hasMessageContaining("d.targets.length = 2");
        assertThatThrownBy(() -> ArrayDataset.classification("c", new float[][] {{1f}}, new int[] {3}, 3))
                .hasMessageContaining("c.labels[0] = 3");
        assertThatThrownBy(() -> ArrayDataset.classification("c", new float[][] {{1f}}, new int[] {0}, 1))
                .hasMessageContaining("c.classCount = 1");
    }

    @Test
    void copiesItsInputs() {
        float[][] x = {{1f, 2f}};
        double[] y = {3};
        ArrayDataset d = ArrayDataset.regression("d", x, y);
        x[0][0] = 99f;
        y[0] = 99;
        assertThat(d.feature(0, 0)).isEqualTo(1f);
        assertThat(d.target(0)).isEqualTo(3);
        assertThat(d.task()).isEqualTo(TaskType.REGRESSION);
        assertThat(d.classCount()).isZero();
    }
}
