package io.github.unlearn4j.djl.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native memory stays flat over a long run: 200 unlearning steps of SCRUB (teacher forward, two KL
 * terms, CE, update) on an MLP, after a warm-up run. Measures the process's resident set size from
 * /proc/self/statm. The test JVM runs with a fixed, pre-touched heap (-Xms = -Xmx,
 * -XX:+AlwaysPreTouch in the surefire argLine), so the Java heap adds nothing to the change and the
 * change is native memory. A leak of one batch of activations per step would add about
 * 200 × 256 × (784 + 256 + 256 + 10) × 4 B ≈ 270 MB.
 */
class NativeMemorySoakTest {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemorySoakTest.class);
    private static final long BOUND_BYTES = 48L << 20;

    @Test
    void twoHundredStepsDoNotGrowResidentMemory() throws IOException {
        try (DjlDataset train = SyntheticImages.generate("soak/train", 2_560, 1).toDataset(Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), Device.cpu(), 2)) {
            DataSplit split = DataSplit.of(train, ForgetSets.random(train, 0.1, 3), null);
            // 2,304 retain rows / 256 = 9 retain steps + 1 forget step per epoch; 20 epochs = 200 steps
            Map<String, Object> settings = Map.of("epochs", 20, "batchSize", 256, "maxSteps", 20, "learningRate", 1e-3);
            runOnce(model, split, settings);
            long before = residentBytes();
            long steps = runOnce(model, split, settings);
            long after = residentBytes();
            LOG.info("soak: {} steps, resident set {} MB -> {} MB ({} MB)", steps, before >> 20, after >> 20,
                    (after - before) >> 20);
            assertThat(steps).isEqualTo(200);
            assertThat(after - before).as("resident-set growth over 200 steps, bytes").isLessThan(BOUND_BYTES);
        }
    }

    private static long runOnce(DjlModel model, DataSplit split, Map<String, Object> settings) {
        try (UnlearnResult r = UnlearnerRegistry.loadDefault().create("scrub", Settings.of(settings))
                .unlearn(UnlearnRequest.builder().setModel(model).setData(split).build())) {
            return r.provenance().optimizerSteps();
        }
    }

    private static long residentBytes() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(fields[1]) * 4096L;
    }
}
