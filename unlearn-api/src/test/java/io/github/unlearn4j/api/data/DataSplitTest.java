package io.github.unlearn4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.testing.FakeDataset;
import org.junit.jupiter.api.Test;

class DataSplitTest {
    private final FakeDataset train = FakeDataset.classification("toy/train", 10, 4, 3);
    private final FakeDataset test = FakeDataset.classification("toy/test", 6, 4, 3);

    @Test
    void validSplitSortsForgetIdsAndRetainsTheComplement() {
        int[] ids = {7, 2, 5};
        DataSplit split = DataSplit.of(train, ids, test);

        assertThat(split.train()).isSameAs(train);
        assertThat(split.forgetIds()).containsExactly(2, 5, 7);
        assertThat(split.forget().rows()).containsExactly(2, 5, 7);
        assertThat(split.retain().rows()).containsExactly(0, 1, 3, 4, 6, 8, 9);
        assertThat(split.forget().size() + split.retain().size()).isEqualTo(train.size());
        assertThat(split.forget().source()).isSameAs(train);
        assertThat(split.retain().source()).isSameAs(train);
        assertThat(ids).as("caller's array untouched").containsExactly(7, 2, 5);
        assertThat(split.test()).hasValueSatisfying(v -> {
            assertThat(v.source()).isSameAs(test);
            assertThat(v.rows()).containsExactly(0, 1, 2, 3, 4, 5);
        });
        assertThat(split).hasToString("DataSplit[toy/train: forget 3, retain 7, test 6]");
    }

    @Test
    void forgetIdsAtBothEnds() {
        DataSplit split = DataSplit.of(train, new int[] {9, 0}, null);
        assertThat(split.forgetIds()).containsExactly(0, 9);
        assertThat(split.retain().rows()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(split.test()).isEmpty();
        assertThat(split).hasToString("DataSplit[toy/train: forget 2, retain 8]");
    }

    @Test
    void allButOneRowMayBeForgotten() {
        DataSplit split = DataSplit.of(train, new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9}, null);
        assertThat(split.retain().rows()).containsExactly(5);
    }

    @Test
    void forgetIdsReturnsACopy() {
        DataSplit split = DataSplit.of(train, new int[] {3}, null);
        split.forgetIds()[0] = 8;
        assertThat(split.forgetIds()).containsExactly(3);
    }

    @Test
    void rejectsEmptyForgetSet() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[0], null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetIds = []: ")
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsNegativeId() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {3, -1}, null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetIds = -1: out of range")
                .hasMessageContaining("toy/train has rows 0..9");
    }

    @Test
    void rejectsIdEqualToSize() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {10, 3}, null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetIds = 10: out of range")
                .hasMessageContaining("0..9");
    }

    @Test
    void rejectsDuplicatedId() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {4, 1, 4}, null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetIds = 4: duplicated");
    }

    @Test
    void rejectsForgetSetCoveringEveryRow() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetIds = 10 ids: covers all 10 rows of toy/train");
    }

    @Test
    void rejectsTestSetWithOtherFeatureCount() {
        FakeDataset wide = FakeDataset.classification("toy/test", 6, 5, 3);
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {1}, wide))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("test.featureCount = 5: must equal train.featureCount = 4");
    }

    @Test
    void rejectsTestSetWithOtherTask() {
        FakeDataset regression = FakeDataset.regression("toy/test", 6, 4);
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {1}, regression))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("test.task = REGRESSION/0 classes: ")
                .hasMessageContaining("CLASSIFICATION/3 classes");
    }

    @Test
    void rejectsTestSetWithOtherClassCount() {
        FakeDataset moreClasses = FakeDataset.classification("toy/test", 6, 4, 5);
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {1}, moreClasses))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("test.task = CLASSIFICATION/5 classes: ");
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> DataSplit.of(null, new int[] {1}, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("train");
        assertThatThrownBy(() -> DataSplit.of(train, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("forgetIds");
    }

    @Test
    void laterRequestRetainsNeitherItsRowsNorEarlierRemovedRows() {
        DataSplit split = DataSplit.of(train, new int[] {4}, new int[] {7, 2, 5}, test);

        assertThat(split.forgetIds()).containsExactly(4);
        assertThat(split.removedIds()).containsExactly(2, 5, 7);
        assertThat(split.retain().rows()).containsExactly(0, 1, 3, 6, 8, 9);
        assertThat(split).hasToString("DataSplit[toy/train: forget 1, retain 6, removed before 3, test 6]");
        assertThat(DataSplit.of(train, new int[] {4}, test).removedIds()).isEmpty();
    }

    @Test
    void forgetIdAlreadyRemovedIsNamed() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {4, 5}, new int[] {5}, test))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("forgetIds")
                .hasMessageContaining("5")
                .hasMessageContaining("already removed");
    }

    @Test
    void removedIdsAreValidated() {
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {1}, new int[] {10}, test))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("removedIds").hasMessageContaining("10");
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {1}, new int[] {3, 3}, test))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("removedIds").hasMessageContaining("duplicated");
        assertThatThrownBy(() -> DataSplit.of(train, new int[] {0}, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, test))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nothing would remain");
    }
}
