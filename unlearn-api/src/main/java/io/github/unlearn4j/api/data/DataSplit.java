package io.github.unlearn4j.api.data;

import io.github.unlearn4j.api.InvalidRequestException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An unlearning task's data: the original training set, the ids of the rows to forget, the ids of
 * rows that earlier requests already removed, and an optional held-out test set. The retain set is
 * every row that is neither forgotten now nor removed before: a later request never trains on an
 * earlier request's rows again. Validated on construction: the forget set is non-empty, within
 * range, free of duplicates and disjoint from the removed rows, and something remains to train on;
 * the test set has the same shape and task. Immutable.
 */
public final class DataSplit {
    private final Dataset train;
    private final int[] forgetIds;
    private final int[] removedIds;
    private final Dataset test;
    private final DataView forget;
    private final DataView retain;

    private DataSplit(Dataset train, int[] forgetIds, int[] removedIds, Dataset test) {
        this.train = Objects.requireNonNull(train, "train");
        Objects.requireNonNull(forgetIds, "forgetIds");
        Objects.requireNonNull(removedIds, "removedIds");
        this.forgetIds = validate(train, forgetIds);
        this.removedIds = validateRemoved(train, removedIds, this.forgetIds);
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
        int[] retainRows = new int[train.size() - this.forgetIds.length - this.removedIds.length];
        for (int row = 0, f = 0, d = 0, r = 0; row < train.size(); row++) {
            if (f < this.forgetIds.length && this.forgetIds[f] == row) {
                f++;
            } else if (d < this.removedIds.length && this.removedIds[d] == row) {
                d++;
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

    private static int[] validateRemoved(Dataset train, int[] ids, int[] forget) {
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= train.size()) {
                throw InvalidRequestException.of(
                        "removedIds", sorted[i], "out of range; " + train.name() + " has rows 0.." + (train.size() - 1));
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw InvalidRequestException.of("removedIds", sorted[i], "duplicated; each row may be named once");
            }
            if (Arrays.binarySearch(forget, sorted[i]) >= 0) {
                throw InvalidRequestException.of("forgetIds", sorted[i],
                        "was already removed by an earlier request; forget only rows the model still holds");
            }
        }
        if (sorted.length + forget.length >= train.size()) {
            throw InvalidRequestException.of("forgetIds", forget.length + " ids",
                    "with the " + sorted.length + " rows removed before, covers all " + train.size() + " rows of "
                            + train.name() + "; nothing would remain to train on (drop the model instead)");
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
        return new DataSplit(train, forgetIds, new int[0], test);
    }

    /**
     * Creates the split of a later deletion request: the model no longer holds the rows that
     * earlier requests removed, so they are neither forgotten again nor retained.
     *
     * @param train the original training set
     * @param forgetIds rows of {@code train} to forget now
     * @param removedIds rows of {@code train} that earlier requests removed; may be empty
     * @param test a held-out test set, or null
     * @return the validated split
     * @throws InvalidRequestException on an invalid forget or removed set (a forget id that was
     *     already removed is named), or a test-set shape mismatch
     */
    public static DataSplit of(Dataset train, int[] forgetIds, int[] removedIds, Dataset test) {
        return new DataSplit(train, forgetIds, removedIds, test);
    }

    /** @return the original training set */
    public Dataset train() {
        return train;
    }

    /** @return the forget ids, sorted ascending, as a copy */
    public int[] forgetIds() {
        return forgetIds.clone();
    }

    /** @return the ids removed by earlier requests, sorted ascending, as a copy; empty for a first request */
    public int[] removedIds() {
        return removedIds.clone();
    }

    /** @return the forget view D_f */
    public DataView forget() {
        return forget;
    }

    /** @return the retain view D_r: every row neither forgotten now nor removed before */
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
                + (removedIds.length == 0 ? "" : ", removed before " + removedIds.length)
                + (test == null ? "" : ", test " + test.size()) + "]";
    }
}
