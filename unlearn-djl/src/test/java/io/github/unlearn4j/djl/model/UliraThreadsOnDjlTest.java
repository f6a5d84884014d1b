package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.attack.UliraVerifier;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * U-LiRA's shadow runs on several threads on DJL, where their gradient steps take turns under the
 * process-wide autograd lock: the same metrics as one thread, bit for bit, with a method (ft) in
 * the shadows.
 */
class UliraThreadsOnDjlTest {
    private static final TrainingSettings RECIPE = new TrainingSettings(0.1, 8, 32, 0.9, 0);

    private static double metric(VerificationReport r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow();
    }

    @Test
    void threeThreadsGiveTheMetricsOfOne() {
        TestData.Classification raw = TestData.blobs(160, 12, 3, 21);
        try (DjlDataset data = DjlDataset.classification("blobs", raw.x(), raw.y(), 3, Device.cpu());
                DjlModel original = DjlModel.create(Architectures.mlp(12, 16, 3), Device.cpu(), 5);
                DjlModel reference = DjlModel.create(Architectures.mlp(12, 16, 3), Device.cpu(), 6)) {
            DataSplit split = DataSplit.of(data, ForgetSets.random(data, 0.2, 3), null);
            OriginalTraining.fit(original, new DataView(data, allRows(data.size())), RECIPE,
                    LearningRateSchedule.CONSTANT, 5, ProgressListener.NONE, CancellationToken.none());
            OriginalTraining.fit(reference, split.retain(), RECIPE, LearningRateSchedule.CONSTANT, 6,
                    ProgressListener.NONE, CancellationToken.none());
            Settings ft = Settings.of(Map.of(TrainingSettings.EPOCHS, 2, TrainingSettings.LEARNING_RATE, 0.05,
                    TrainingSettings.BATCH_SIZE, 32));
            try (UnlearnResult r = UnlearnerRegistry.loadDefault().create("ft", ft)
                    .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(1).build())) {
                VerificationRequest request = new VerificationRequest(r.model(), split, reference, r.provenance());
                VerificationReport one = attack(1).verify(request);
                VerificationReport three = attack(3).verify(request);
                for (String name : new String[] {"uliraAuc", "uliraAccuracy", "uliraTprAt1PctFpr"}) {
                    assertThat(metric(three, name)).as(name).isEqualTo(metric(one, name));
                }
                assertThat(metric(one, "uliraShadows")).isEqualTo(4);
            }
        }
    }

    private static UliraVerifier attack(int threads) {
        return UliraVerifier.builder().optMethod(UliraVerifier.AUTO).optShadows(4).optCache(null)
                .optTraining(RECIPE, LearningRateSchedule.CONSTANT).optThreads(threads).optMinSamples(1).build();
    }

    private static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
