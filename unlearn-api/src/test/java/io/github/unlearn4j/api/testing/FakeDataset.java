package io.github.unlearn4j.api.testing;

import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;

/** A shape-only dataset for tests: the label of row r is r % classCount. */
public record FakeDataset(String name, int size, int featureCount, TaskType task, int classCount)
        implements Dataset {

    public static FakeDataset classification(String name, int size, int featureCount, int classCount) {
        return new FakeDataset(name, size, featureCount, TaskType.CLASSIFICATION, classCount);
    }

    public static FakeDataset regression(String name, int size, int featureCount) {
        return new FakeDataset(name, size, featureCount, TaskType.REGRESSION, 0);
    }

    @Override
    public int label(int row) {
        if (task == TaskType.REGRESSION) {
            throw new UnsupportedOperationException(name + " is a regression dataset");
        }
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + name);
        }
        return row % classCount;
    }
}
