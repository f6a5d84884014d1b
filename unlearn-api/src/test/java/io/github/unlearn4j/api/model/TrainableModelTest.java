package io.github.unlearn4j.api.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.testing.FakeDataset;
import io.github.unlearn4j.api.testing.FakeModel;
import org.junit.jupiter.api.Test;

class TrainableModelTest {
    private final FakeModel classifier = FakeModel.classifier(4, 10);

    @Test
    void acceptsMatchingData() {
        assertThatCode(() -> classifier.checkCompatible(FakeDataset.classification("train", 20, 4, 10)))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsFewerClassesThanOutputs() {
        assertThatCode(() -> classifier.checkCompatible(FakeDataset.classification("train", 20, 4, 2)))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsRegressionDataForRegressor() {
        assertThatCode(() -> FakeModel.regressor(3).checkCompatible(FakeDataset.regression("reg", 5, 3)))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsFeatureCountMismatch() {
        assertThatThrownBy(() -> classifier.checkCompatible(FakeDataset.classification("train", 20, 5, 10)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("train.featureCount = 5: model linear(4->10) expects 4 features");
    }

    @Test
    void rejectsTaskMismatch() {
        assertThatThrownBy(() -> classifier.checkCompatible(FakeDataset.regression("reg", 20, 4)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("reg.task = REGRESSION: model linear(4->10) is for CLASSIFICATION");
        assertThatThrownBy(() -> FakeModel.regressor(4)
                        .checkCompatible(FakeDataset.classification("cls", 20, 4, 2)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("cls.task = CLASSIFICATION: ");
    }

    @Test
    void rejectsTooManyClasses() {
        assertThatThrownBy(() -> classifier.checkCompatible(FakeDataset.classification("train", 20, 4, 11)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("train.classCount = 11: model linear(4->10) has only 10 outputs");
    }
}
