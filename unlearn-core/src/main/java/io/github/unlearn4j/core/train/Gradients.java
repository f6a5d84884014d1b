package io.github.unlearn4j.core.train;

import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Arrays;

/** Whole-view gradients through the api, engine-neutral. */
public final class Gradients {
    private Gradients() {}

    /**
     * The gradient of the mean task loss over a view, at the current parameters: batches in row
     * order, each weighted by its share of the rows. Zeroes the model's gradient before and after.
     *
     * @param model the model; its parameters are not changed
     * @param view the rows
     * @param batchSize rows per batch
     * @return one value per parameter
     */
    public static float[] meanTaskGradient(TrainableModel model, DataView view, int batchSize) {
        int[] rows = view.rows();
        model.zeroGradients();
        for (int start = 0; start < rows.length; start += batchSize) {
            int[] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize));
            model.accumulateGradient(Batch.of(view.source(), batch), LossTerm.TASK, (double) batch.length / rows.length);
        }
        float[] g = model.gradients();
        model.zeroGradients();
        return g;
    }
}
