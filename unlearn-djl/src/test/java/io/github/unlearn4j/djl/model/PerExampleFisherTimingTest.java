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
 * activation usage, logged in ms (speed is reported, never asserted: the test checks only that every
 * source gives one finite, non-negative score per parameter).
 * Rows: 300 retained by default; set the system property {@code unlearn4j.timing.rows} to a
 * comma-separated list of row counts for more (e.g. {@code -Dunlearn4j.timing.rows=1000,9000}).
 *
 * <p>Measured on a 2-core machine shared with other builds (load about 4): with
 * {@code ai.djl.pytorch.num_threads=1}, 2.0 s for 1,000 rows (cold) and 8.8 s for 9,000 rows
 * (about 1 ms per row); with the build's 2 intra-op threads on the busy cores, 15 to 30 ms per row
 * (29.7 s for 1,000 rows, 128 s for 9,000), nearly all of it in the per-op synchronization of
 * zeroing and of the one-row backward pass; 0.7 to 1.2 ms per row when the cores were quieter.
 */
class PerExampleFisherTimingTest {
    private static final Logger LOG = LoggerFactory.getLogger(PerExampleFisherTimingTest.class);

    @Test
    void perExampleFisherOnTheMlpGivesOneScorePerParameterAndLogsItsCost() {
        for (String rows : System.getProperty("unlearn4j.timing.rows", "300").split(",")) {
            int retainRows = Integer.parseInt(rows.trim());
            LabeledImages images = SyntheticImages.generate("synthetic", retainRows + 1, 1);
            try (DjlDataset data = images.toDataset(Device.cpu());
                    DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), Device.cpu(), 1)) {
                DataSplit split = DataSplit.of(data, new int[] {retainRows}, null);
                new SaliencyMask(SaliencyScore.FORGET, SaliencySource.PER_EXAMPLE_FISHER, Ranking.GLOBAL, 0.5, 0, 256)
                        .scores(model, split); // warm-up
                for (SaliencySource source : new SaliencySource[] {SaliencySource.PER_EXAMPLE_FISHER,
                    SaliencySource.FISHER, SaliencySource.ACTIVATION_USAGE}) {
                    double[] s = time(model, split, source, retainRows);
                    assertThat(s).as(source.name()).hasSize(Math.toIntExact(model.description().parameterCount()));
                    assertThat(java.util.Arrays.stream(s).allMatch(v -> Double.isFinite(v) && v >= 0)).as(source.name())
                            .isTrue();
                }
            }
        }
    }

    private static double[] time(DjlModel model, DataSplit split, SaliencySource source, int rows) {
        long t0 = System.nanoTime();
        double[] s = new SaliencyMask(SaliencyScore.RETAIN, source, Ranking.GLOBAL, 0.5, 0, 256).scores(model, split);
        double ms = (System.nanoTime() - t0) / 1e6;
        LOG.info("{} saliency of mlp(784-256-256-10) on {} retain rows: {} ms ({} ms/row), {} parameters", source,
                rows, Math.round(ms), String.format("%.3f", ms / rows), s.length);
        return s;
    }
}
