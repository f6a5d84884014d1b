package io.github.unlearn4j.api.data;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An unlearning task's data: the original training set, the ids of the rows to forget, and an
 * optional held-out test set. Validated on construction: the forget set is non-empty, within range,
 * free of duplicates, and smaller than the training set; the test set has the same shape and task.
 * Immutable.
 */
public final class DataSplit {
    private final Dataset train;
    private final int[] forgetIds;
    private final Dataset test;
    private final DataView forget;
    private final DataView retain;

    private DataSplit(Dataset train, int[] forgetIds, Dataset test) {
        this.train = Objects.requireNonNull(train, "train");
        Objects.requireNonNull(forgetIds, "forgetIds");
        this.forgetIds = validate(train, forgetIds);
        if (test != null) {
            if (test.featureCount() != train.featureCount()) {
                throw InvalidRequestException.of(
                        "test.featureCount",
                        test.featureCount(),
                        "must equal train.featureCount = " + train.featureCount());
            }
            if (test.task() != train.task() || test.classCount() != train.classCount()) {
                throw InvalidRequestException.of(
                        "test.task",
                        test.task() + "/" + test.classCount() + " classes",
                        "must match train " + train.task() + "/" + train.classCount() + " classes");
            }
        }
        this.test = test;
        this.forget = new DataView(train, this.forgetIds);
        int[] retainRows = new int[train.size() - this.forgetIds.length];
        for (int row = 0, f = 0, r = 0; row < train.size(); row++) {
            if (f < this.forgetIds.length && this.forgetIds[f] == row) {
                f++;
            } else {
                retainRows[r++] = row;
            }
        }
        this.retain = new DataView(train, retainRows);
    }

    private static int[] validate(Dataset train, int[] ids) {
        if (ids.length == 0) {
            throw InvalidRequestException.of("forgetIds", "[]", "the forget set is empty; name at least one row");
        }
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0 || sorted[sorted.length - 1] >= train.size()) {
            int bad = sorted[0] < 0 ? sorted[0] : sorted[sorted.length - 1];
            throw InvalidRequestException.of(
                    "forgetIds",
                    bad,
                    "out of range; " + train.name() + " has rows 0.." + (train.size() - 1));
        }
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw InvalidRequestException.of("forgetIds", sorted[i], "duplicated; each row may be named once");
            }
        }
        if (sorted.length == train.size()) {
            throw InvalidRequestException.of(
                    "forgetIds",
                    sorted.length + " ids",
                    "covers all " + train.size() + " rows of " + train.name()
                            + "; nothing would remain to train on (drop the model instead)");
        }
        return sorted;
    }

    /**
     * Creates a split.
     *
     * @param train the original training set
     * @param forgetIds rows of {@code train} to forget
     * @param test a held-out test set, or null
     * @return the validated split
     * @throws InvalidRequestException on an invalid forget set or a test-set shape mismatch
     */
    public static DataSplit of(Dataset train, int[] forgetIds, Dataset test) {
        return new DataSplit(train, forgetIds, test);
    }

    /** @return the original training set */
    public Dataset train() {
        return train;
    }

    /** @return the forget ids, sorted ascending, as a copy */
    public int[] forgetIds() {
        return forgetIds.clone();
    }

    /** @return the forget view D_f */
    public DataView forget() {
        return forget;
    }

    /** @return the retain view D_r = D \ D_f */
    public DataView retain() {
        return retain;
    }

    /** @return the test view, if a test set was given */
    public Optional<DataView> test() {
        return Optional.ofNullable(test).map(DataView::all);
    }

    @Override
    public String toString() {
        return "DataSplit[" + train.name() + ": forget " + forget.size() + ", retain " + retain.size()
                + (test == null ? "" : ", test " + test.size()) + "]";
    }
}
