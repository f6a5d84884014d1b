package io.github.unlearn4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.testing.FakeDataset;
import org.junit.jupiter.api.Test;

class BatchTest {
    private final FakeDataset data = FakeDataset.classification("toy", 10, 2, 3);

    @Test
    void rejectsEmptyRows() {
        assertThatThrownBy(() -> Batch.of(data, new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch of toy has no rows");
    }

    @Test
    void rejectsLabelsOfOtherLength() {
        assertThatThrownBy(() -> new Batch(data, new int[] {1, 2}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels.length = 1 but rows.length = 2");
        assertThatThrownBy(() -> new Batch(data, new int[] {1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> Batch.of(null, new int[] {1})).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Batch.of(data, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void labelAtUsesDatasetLabelsWithoutReplacement() {
        Batch b = Batch.of(data, new int[] {4, 8, 3});
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.labels()).isNull();
        assertThat(b.labelAt(0)).isEqualTo(1);
        assertThat(b.labelAt(1)).isEqualTo(2);
        assertThat(b.labelAt(2)).isEqualTo(0);
    }

    @Test
    void labelAtUsesReplacementLabels() {
        Batch b = new Batch(data, new int[] {4, 8, 3}, new int[] {2, 0, 1});
        assertThat(b.labelAt(0)).isEqualTo(2);
        assertThat(b.labelAt(1)).isEqualTo(0);
        assertThat(b.labelAt(2)).isEqualTo(1);
    }

    @Test
    void replacementLabelsWorkOnRegressionData() {
        Batch b = new Batch(FakeDataset.regression("reg", 5, 2), new int[] {0}, new int[] {7});
        assertThat(b.labelAt(0)).isEqualTo(7);
        Batch own = Batch.of(FakeDataset.regression("reg", 5, 2), new int[] {0});
        assertThatThrownBy(() -> own.labelAt(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
