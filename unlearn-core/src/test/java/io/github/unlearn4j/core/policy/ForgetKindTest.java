package io.github.unlearn4j.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForgetKindTest {
    // 60 rows, label = row % 3
    private static final ArrayDataset CLS = TestData.classification(60, 4, 3, 1);

    @Test
    void detectsWholeClassesAndRows() {
        int[] class1 = IntStream.range(0, 60).filter(i -> i % 3 == 1).toArray();
        assertThat(ForgetKind.detect(DataSplit.of(CLS, class1, null))).isEqualTo(ForgetKind.CLASSES);
        int[] classes0and2 = IntStream.range(0, 60).filter(i -> i % 3 != 1).toArray();
        assertThat(ForgetKind.detect(DataSplit.of(CLS, classes0and2, null))).isEqualTo(ForgetKind.CLASSES);
        // all of class 1 but one row
        int[] almost = IntStream.range(0, 58).filter(i -> i % 3 == 1).toArray();
        assertThat(ForgetKind.detect(DataSplit.of(CLS, almost, null))).isEqualTo(ForgetKind.ROWS);
        assertThat(ForgetKind.detect(DataSplit.of(CLS, new int[] {0, 1, 2}, null))).isEqualTo(ForgetKind.ROWS);
        ArrayDataset reg = TestData.regression(20, 3, 1);
        assertThat(ForgetKind.detect(DataSplit.of(reg, new int[] {0, 1}, null))).isEqualTo(ForgetKind.ROWS);
    }

    @Test
    void aGivenKindIsCheckedAgainstTheData() {
        DataSplit rows = DataSplit.of(CLS, new int[] {0, 1, 2}, null);
        DataSplit class1 = DataSplit.of(CLS, IntStream.range(0, 60).filter(i -> i % 3 == 1).toArray(), null);
        TaskType c = TaskType.CLASSIFICATION;
        assertThat(ForgetKind.resolve(null, c, class1)).isEqualTo(ForgetKind.CLASSES);
        assertThat(ForgetKind.resolve(ForgetKind.MISLABELED, c, rows)).isEqualTo(ForgetKind.MISLABELED);
        assertThat(ForgetKind.resolve(ForgetKind.ROWS, c, class1)).isEqualTo(ForgetKind.ROWS);
        assertThatThrownBy(() -> ForgetKind.resolve(ForgetKind.CLASSES, c, rows))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("forgetKind = classes: the retain set still holds rows of forgotten class(es) [0, 1, 2];"
                        + " forget every row of a class, or say rows");
        DataSplit reg = DataSplit.of(TestData.regression(20, 3, 1), new int[] {0, 1}, null);
        assertThat(ForgetKind.resolve(null, TaskType.REGRESSION, reg)).isEqualTo(ForgetKind.ROWS);
        assertThatThrownBy(() -> ForgetKind.resolve(ForgetKind.MISLABELED, TaskType.REGRESSION, reg))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("forgetKind = mislabeled: a regression forget set is always rows");
        // the policy carries the caller's kind
        assertThatThrownBy(() -> ForgettingPolicy.lenient().withForgetKind(ForgetKind.CLASSES).forgetKind(c, rows))
                .hasMessageStartingWith("forgetKind = classes");
    }

    @Test
    void parsesTheWords() {
        assertThat(ForgetKind.parse(" Mislabeled ")).isEqualTo(ForgetKind.MISLABELED);
        assertThat(ForgetKind.words()).containsExactly("classes", "rows", "mislabeled");
        assertThatThrownBy(() -> ForgetKind.parse("class")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("forgetKind = 'class': unknown kind; kinds: [classes, rows, mislabeled]");
    }
}
