package io.github.unlearn4j.djl.data;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The two standard forget sets of the unlearning literature, as sorted row ids for
 * {@link io.github.unlearn4j.api.data.DataSplit#of}: every row of one class (class-wise
 * forgetting), and a seeded random fraction of the rows (random forgetting). They work on any
 * backend's {@link Dataset}.
 */
public final class ForgetSets {
    private ForgetSets() {}

    /**
     * Every row whose label is {@code cls}.
     *
     * @param data a classification dataset
     * @param cls the class to forget, in {@code [0, classCount)}
     * @return the row ids, ascending
     * @throws InvalidRequestException if the dataset is not a classification dataset, if {@code cls}
     *     is out of range, or if no row has that label
     */
    public static int[] classWise(Dataset data, int cls) {
        Objects.requireNonNull(data, "data");
        if (data.task() != TaskType.CLASSIFICATION) {
            throw InvalidRequestException.of(
                    data.name() + ".task", data.task(), "class-wise forgetting needs a classification dataset");
        }
        if (cls < 0 || cls >= data.classCount()) {
            throw InvalidRequestException.of(
                    "forgetClass", cls, "must be in [0, " + data.classCount() + ") for " + data.name());
        }
        int[] ids = new int[data.size()];
        int n = 0;
        for (int row = 0; row < data.size(); row++) {
            if (data.label(row) == cls) {
                ids[n++] = row;
            }
        }
        if (n == 0) {
            throw InvalidRequestException.of("forgetClass", cls, "no row of " + data.name() + " has this label");
        }
        return Arrays.copyOf(ids, n);
    }

    /**
     * A uniformly random subset of {@code round(fraction · size)} rows (at least one, and at least
     * one row left over), chosen with a seeded generator: same seed, same rows.
     *
     * @param data the dataset, with at least 2 rows
     * @param fraction the share of rows to forget, in (0, 1)
     * @param seed the seed
     * @return the row ids, ascending
     * @throws InvalidRequestException if the fraction is not in (0, 1) or the dataset has fewer than
     *     2 rows
     */
    public static int[] random(Dataset data, double fraction, long seed) {
        Objects.requireNonNull(data, "data");
        if (!(fraction > 0 && fraction < 1)) {
            throw InvalidRequestException.of("forgetFraction", fraction, "must be in (0, 1)");
        }
        int size = data.size();
        if (size < 2) {
            throw InvalidRequestException.of(
                    data.name() + ".size", size, "random forgetting needs at least 2 rows, to keep one");
        }
        int k = (int) Math.max(1, Math.min(size - 1, Math.round(fraction * size)));
        int[] order = new int[size];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(size - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] ids = Arrays.copyOf(order, k);
        Arrays.sort(ids);
        return ids;
    }
}
