package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.recipe.Ranking;
import io.github.unlearn4j.core.recipe.SaliencyMask;
import io.github.unlearn4j.core.recipe.SaliencyScore;
import io.github.unlearn4j.core.recipe.SaliencySource;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost of per-example saliency on the paper's Fashion-MNIST MLP (784-256-256-10) on DJL CPU:
 * per-example Fisher (one forward and backward pass per retain row) against the batch Fisher and
 * activation usage, logged in ms, with a budget check. Rows: 1,000 retained by default; set the
 * system property {@code unlearn4j.timing.rows} to a comma-separated list of row counts for more.
 */
class PerExampleFisherTimingTest {
    private static final Logger LOG = LoggerFactory.getLogger(PerExampleFisherTimingTest.class);

    @Test
    void perExampleFisherOnTheMlpRunsInReasonableTime() {
        for (String rows : System.getProperty("unlearn4j.timing.rows", "1000").split(",")) {
            int retainRows = Integer.parseInt(rows.trim());
            LabeledImages images = SyntheticImages.generate("synthetic", retainRows + 1, 1);
            try (DjlDataset data = images.toDataset(Device.cpu());
                    DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), Device.cpu(), 1)) {
                DataSplit split = DataSplit.of(data, new int[] {retainRows}, null);
                new SaliencyMask(SaliencyScore.FORGET, SaliencySource.PER_EXAMPLE_FISHER, Ranking.GLOBAL, 0.5, 0, 256)
                        .scores(model, split); // warm-up
                double perExample = time(model, split, SaliencySource.PER_EXAMPLE_FISHER, retainRows);
                time(model, split, SaliencySource.FISHER, retainRows);
                time(model, split, SaliencySource.ACTIVATION_USAGE, retainRows);
                assertThat(perExample / retainRows).as("ms per row").isLessThan(50);
            }
        }
    }

    private static double time(DjlModel model, DataSplit split, SaliencySource source, int rows) {
        long t0 = System.nanoTime();
        double[] s = new SaliencyMask(SaliencyScore.RETAIN, source, Ranking.GLOBAL, 0.5, 0, 256).scores(model, split);
        double ms = (System.nanoTime() - t0) / 1e6;
        LOG.info("{} saliency of mlp(784-256-256-10) on {} retain rows: {} ms ({} ms/row), {} parameters", source,
                rows, Math.round(ms), String.format("%.3f", ms / rows), s.length);
        return ms;
    }
}
