package io.github.unlearn4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.testing.FakeDataset;
import org.junit.jupiter.api.Test;

class DataViewTest {
    private final FakeDataset data = FakeDataset.classification("toy", 10, 2, 3);

    @Test
    void copiesTheCallersArray() {
        int[] rows = {5, 1, 7};
        DataView view = new DataView(data, rows);
        rows[0] = 9;
        rows[2] = 0;
        assertThat(view.rows()).containsExactly(5, 1, 7);
        assertThat(view.row(0)).isEqualTo(5);
        assertThat(view.row(2)).isEqualTo(7);
    }

    @Test
    void rowsReturnsACopy() {
        DataView view = new DataView(data, new int[] {5, 1, 7});
        view.rows()[1] = 3;
        assertThat(view.row(1)).isEqualTo(1);
    }

    @Test
    void allCoversEveryRowInOrder() {
        DataView view = DataView.all(data);
        assertThat(view.size()).isEqualTo(10);
        assertThat(view.rows()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(view.source()).isSameAs(data);
        assertThat(view.isEmpty()).isFalse();
        assertThat(view).hasToString("toy[10 rows]");
    }

    @Test
    void emptyView() {
        DataView view = new DataView(data, new int[0]);
        assertThat(view.isEmpty()).isTrue();
        assertThat(view.size()).isZero();
    }
}
