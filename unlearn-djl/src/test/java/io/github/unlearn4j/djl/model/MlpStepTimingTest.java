package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of the paper's Fashion-MNIST MLP (784-256-256-10) on 10,000 rows at batch 256, in the
 * order of calls that core's training loop makes (zero, accumulate, step): a budget check, and the
 * ms per step in the test log. Uses the real data when installed, synthetic data otherwise.
 */
class MlpStepTimingTest {
    private static final Logger LOG = LoggerFactory.getLogger(MlpStepTimingTest.class);
    private static final int BATCH = 256;

    @Test
    void oneEpochOnTenThousandRowsRunsInReasonableTime() {
        LabeledImages images = FashionMnist.isAvailable(FashionMnist.DEFAULT_FOLDER)
                ? FashionMnist.load(FashionMnist.DEFAULT_FOLDER, 10_000, 1, false).train()
                : SyntheticImages.generate("synthetic", 10_000, 1);
        try (DjlDataset data = images.toDataset(Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), Device.cpu(), 1);
                ParameterUpdater updater = model.newUpdater(
                        new SgdConfig(0.9, 5e-4), ParameterMask.all(model.description().parameterCount()))) {
            DataView all = DataView.all(data);
            double before = model.evaluate(all).meanLoss();
            int[] order = shuffled(data.size(), 1);
            int steps = (data.size() + BATCH - 1) / BATCH;
            for (int s = 0; s < 3; s++) {
                step(model, updater, data, order, s); // warm-up
            }
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                step(model, updater, data, order, s);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            LOG.info("MLP 784-256-256-10 on {} rows of {}: {} steps of batch {} in {} ms, {} ms/step",
                    data.size(), images.name(), steps, BATCH, Math.round(ms), String.format("%.1f", ms / steps));
            assertThat(ms / steps).as("ms per step").isLessThan(500);
            assertThat(model.evaluate(all).meanLoss()).isLessThan(0.5 * before);
        }
    }

    private static void step(DjlModel model, ParameterUpdater updater, DjlDataset data, int[] order, int s) {
        int from = s * BATCH;
        int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + BATCH));
        model.zeroGradients();
        model.accumulateGradient(Batch.of(data, rows), LossTerm.TASK, 1.0);
        updater.step(0.05, 0);
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
