package io.github.unlearn4j.core.train;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import java.util.SplittableRandom;

/**
 * Yields mini-batches of a view, reshuffled at the start of every pass with a seeded generator, so
 * that the same seed gives the same batches. The last batch of a pass may be smaller. It cycles:
 * after the last batch of a pass comes the first batch of a new shuffle.
 */
public final class BatchSampler {
    private final DataView view;
    private final int batchSize;
    private final int[] order;
    private final SplittableRandom random;
    private int position;

    /**
     * Creates a sampler.
     *
     * @param view the rows to sample
     * @param batchSize rows per batch, at least 1 (capped at the view size)
     * @param seed the shuffling seed
     */
    public BatchSampler(DataView view, int batchSize, long seed) {
        if (view.isEmpty()) {
            throw new IllegalArgumentException("cannot sample batches from an empty view " + view);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ": must be at least 1");
        }
        this.view = view;
        this.batchSize = Math.min(batchSize, view.size());
        this.order = view.rows();
        this.random = new SplittableRandom(seed);
        shuffle();
    }

    /** @return batches in one pass over the view */
    public int batchesPerPass() {
        return (view.size() + batchSize - 1) / batchSize;
    }

    /** @return the next batch, with the dataset's labels */
    public Batch next() {
        if (position >= order.length) {
            shuffle();
        }
        int end = Math.min(position + batchSize, order.length);
        int[] rows = new int[end - position];
        System.arraycopy(order, position, rows, 0, rows.length);
        position = end;
        return Batch.of(view.source(), rows);
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }
}
