package io.github.unlearn4j.core.attack;

import io.github.unlearn4j.api.data.DataSplit;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which rows each shadow run trains on and forgets, drawn from a seed.
 *
 * <p>The targets are a seeded sample of the forget set. Each target is assigned to exactly
 * {@code ⌊K/2⌋} of the {@code K} shadow runs (a random half, per target), so that every target has
 * "unlearned" and "never seen" observations. Shadow run {@code k} trains its original on a seeded
 * {@code poolFraction} of the other rows the model was trained on (forget and retain rows that are
 * not targets) plus its own targets; its forget set is its targets, topped up with rows of its pool
 * so that it forgets the same share of its training set as the real request did.
 *
 * @param targets the target rows of the training set, ascending
 * @param in {@code in[k][j]}: whether target {@code j} is in shadow run {@code k}'s training and forget sets
 * @param trainRows per shadow run, the rows its original trains on, ascending
 * @param forgetRows per shadow run, the rows it forgets, ascending
 */
record ShadowDesign(int[] targets, boolean[][] in, int[][] trainRows, int[][] forgetRows) {

    /** @return the number of shadow runs */
    int shadows() {
        return in.length;
    }

    /**
     * Draws a design.
     *
     * @param split the real request's data
     * @param shadows the number of shadow runs, at least 2
     * @param poolFraction the share of the non-target rows each shadow run trains on
     * @param maxTargets the most forget rows to use as targets
     * @param seed the seed
     * @return the design
     */
    static ShadowDesign draw(DataSplit split, int shadows, double poolFraction, int maxTargets, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] forget = split.forgetIds();
        int[] targets = sample(forget, Math.min(maxTargets, forget.length), random);
        int[] seen = IntStream.concat(Arrays.stream(forget), Arrays.stream(split.retain().rows())).sorted().toArray();
        int[] others = Arrays.stream(seen).filter(r -> Arrays.binarySearch(targets, r) < 0).toArray();
        double ratio = (double) forget.length / seen.length;
        boolean[][] in = new boolean[shadows][targets.length];
        int half = shadows / 2;
        for (int j = 0; j < targets.length; j++) {
            int[] order = sample(IntStream.range(0, shadows).toArray(), half, random);
            for (int k : order) {
                in[k][j] = true;
            }
        }
        int[][] trainRows = new int[shadows][];
        int[][] forgetRows = new int[shadows][];
        int poolSize = (int) Math.round(poolFraction * others.length);
        for (int k = 0; k < shadows; k++) {
            int[] pool = sample(others, poolSize, random);
            boolean[] mask = in[k];
            int[] mine = IntStream.range(0, targets.length).filter(j -> mask[j]).map(j -> targets[j]).toArray();
            trainRows[k] = IntStream.concat(Arrays.stream(pool), Arrays.stream(mine)).sorted().toArray();
            int wanted = (int) Math.round(ratio * trainRows[k].length);
            int extra = Math.max(0, Math.min(pool.length - 1, wanted - mine.length));
            forgetRows[k] = IntStream.concat(Arrays.stream(mine), Arrays.stream(sample(pool, extra, random))).sorted()
                    .toArray();
        }
        return new ShadowDesign(targets, in, trainRows, forgetRows);
    }

    /** A seeded sample without replacement, ascending. */
    static int[] sample(int[] from, int count, SplittableRandom random) {
        int[] a = from.clone();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = Arrays.copyOf(a, count);
        Arrays.sort(out);
        return out;
    }

    /**
     * The rows of the training set that shadow run {@code k} does not train on, as the removed rows
     * of its split.
     *
     * @param k the shadow run
     * @param size the training set's size
     * @return ascending rows
     */
    int[] removedRows(int k, int size) {
        int[] mine = trainRows[k];
        return IntStream.range(0, size).filter(r -> Arrays.binarySearch(mine, r) < 0).toArray();
    }
}
