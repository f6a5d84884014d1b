package io.github.unlearn4j.djl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.djl.DjlDevices;
import org.junit.jupiter.api.Test;

class DjlDatasetTest {
    private static final float[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
    private static final int[] Y = {0, 1, 1, 0};

    @Test
    void holdsShapeAndLabels() {
        try (DjlDataset d = DjlDataset.classification("toy", X, Y, 2, Device.cpu())) {
            assertThat(d.size()).isEqualTo(4);
            assertThat(d.featureCount()).isEqualTo(3);
            assertThat(d.task()).isEqualTo(TaskType.CLASSIFICATION);
            assertThat(d.classCount()).isEqualTo(2);
            assertThat(d.label(2)).isEqualTo(1);
            assertThat(d.name()).isEqualTo("toy");
            assertThat(d.device()).isEqualTo(Device.cpu());
            assertThatThrownBy(() -> d.target(0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void gathersRowsByIndex() {
        try (DjlDataset d = DjlDataset.classification("toy", X, Y, 2, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu(), DjlDevices.ENGINE)) {
            NDArray rows = d.gather(m, new int[] {3, 0, 3});
            assertThat(rows.getShape()).isEqualTo(new Shape(3, 3));
            assertThat(rows.toFloatArray()).containsExactly(10, 11, 12, 1, 2, 3, 10, 11, 12);
            assertThat(rows.getManager()).isSameAs(m);
            int held = d.managedArrayCount();
            for (int i = 0; i < 20; i++) {
                try (NDManager step = m.newSubManager()) {
                    d.gather(step, new int[] {i % 4, 1});
                }
            }
            assertThat(d.managedArrayCount()).as("gathering leaves nothing in the dataset's manager").isEqualTo(held);
            assertThatThrownBy(() -> d.gather(m, new int[] {4}))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("rows[0] = 4");
        }
    }

    @Test
    void rejectsNonFiniteFeaturesNamingRowAndColumn() {
        float[][] bad = {{1, 2, 3}, {4, Float.NaN, 6}};
        assertThatThrownBy(() -> DjlDataset.classification("d", bad, new int[] {0, 1}, 2, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.features[1][1] = NaN");
        float[][] inf = {{1, 2, Float.POSITIVE_INFINITY}};
        assertThatThrownBy(() -> DjlDataset.regression("r", inf, new float[] {1}, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("r.features[0][2] = Infinity");
        assertThatThrownBy(() -> DjlDataset.regression("r", X, new float[] {1, 2, Float.NaN, 4}, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("r.targets[2] = NaN");
    }

    @Test
    void rejectsBadShapesAndLabels() {
        assertThatThrownBy(() -> DjlDataset.classification("d", new float[][] {{1, 2}, {3}}, new int[] {0, 1}, 2,
                        Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.features[1].length = 1");
        assertThatThrownBy(() -> DjlDataset.classification("d", X, new int[] {0, 1}, 2, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.labels.length = 2");
        assertThatThrownBy(() -> DjlDataset.classification("d", X, new int[] {0, 1, 2, 0}, 2, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.labels[2] = 2");
        assertThatThrownBy(() -> DjlDataset.classification("d", new float[0][], new int[0], 2, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("0 rows");
        assertThatThrownBy(() -> DjlDataset.classification("d", new float[7], 3, new int[2], 2, Device.cpu()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("d.features.length = 7");
    }

    @Test
    void regressionHoldsTargets() {
        try (DjlDataset d = DjlDataset.regression("r", X, new float[] {0.5f, 1, 2, 3}, Device.cpu())) {
            assertThat(d.task()).isEqualTo(TaskType.REGRESSION);
            assertThat(d.classCount()).isZero();
            assertThat(d.target(0)).isEqualTo(0.5f);
            assertThatThrownBy(() -> d.label(0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void convertsFromAndToDjlArrays() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlDevices.ENGINE)) {
            NDArray images = m.arange(24f).reshape(4, 1, 2, 3);
            NDArray labels = m.create(new float[] {1, 0, 2, 1});
            try (DjlDataset d = DjlDataset.fromNDArrays("nd", images, labels, 3, Device.cpu())) {
                assertThat(d.featureCount()).isEqualTo(6);
                assertThat(d.label(2)).isEqualTo(2);
                assertThat(d.gather(m, new int[] {1}).toFloatArray()).containsExactly(6, 7, 8, 9, 10, 11);
                ArrayDataset djl = d.toArrayDataset(m, new DataView(d, new int[] {3, 1}), 2, false);
                assertThat(djl.size()).isEqualTo(2);
                try (DjlDataset back = DjlDataset.fromArrayDataset("back", djl, 3, Device.cpu())) {
                    assertThat(back.size()).isEqualTo(2);
                    assertThat(back.label(0)).isEqualTo(1);
                    assertThat(back.label(1)).isEqualTo(0);
                    assertThat(back.gather(m, new int[] {0, 1}).toFloatArray())
                            .containsExactly(18, 19, 20, 21, 22, 23, 6, 7, 8, 9, 10, 11);
                }
            }
            NDArray fractional = m.create(new float[] {0, 0.5f, 1, 1});
            assertThatThrownBy(() -> DjlDataset.fromNDArrays("nd", images, fractional, 3, Device.cpu()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("nd.labels[1] = 0.5");
        }
    }

    @Test
    void closedDatasetFailsClearly() {
        DjlDataset d = DjlDataset.classification("toy", X, Y, 2, Device.cpu());
        d.close();
        d.close();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlDevices.ENGINE)) {
            assertThatThrownBy(() -> d.gather(m, new int[] {0})).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
