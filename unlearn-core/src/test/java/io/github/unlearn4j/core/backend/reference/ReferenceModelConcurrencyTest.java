package io.github.unlearn4j.core.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference backend under threads: concurrent reads are exact, concurrent unlearning runs agree. */
class ReferenceModelConcurrencyTest {
    private static final int THREADS = 4;
    private static ExecutorService pool;
    private static ArrayDataset train;
    private static ArrayDataset test;
    private static SoftmaxRegressionModel model;

    @BeforeAll
    static void setUp() {
        pool = Executors.newFixedThreadPool(THREADS);
        train = TestData.classification(600, 20, 5, 11);
        test = TestData.classification(300, 20, 5, 12);
        model = new SoftmaxRegressionModel(20, 5);
        OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.1, 5, 32, 0.9, 0), LearningRateSchedule.CONSTANT,
                3, ProgressListener.NONE, CancellationToken.none());
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    private static <T> List<T> runTogether(int tasks, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(2, TimeUnit.MINUTES));
        }
        return out;
    }

    @Test
    void concurrentEvaluationsAndPredictionsEqualTheSingleThreadedOnes() throws Exception {
        DataView rows = DataView.all(test);
        Evaluation expected = model.evaluate(rows);
        double[][] expectedOutputs = model.predict(rows);

        List<Integer> wrong = runTogether(THREADS, () -> {
            int bad = 0;
            for (int i = 0; i < 50; i++) {
                Evaluation e = model.evaluate(rows);
                if (!e.equals(expected)) {
                    bad++;
                }
                if (!Arrays.deepEquals(model.predict(rows), expectedOutputs)) {
                    bad++;
                }
            }
            return bad;
        });

        assertThat(wrong).as("wrong results per thread, of 100 reads each").containsOnly(0);
    }

    @Test
    void concurrentDistillationRunsFromOneTeacherEqualASequentialRun() throws Exception {
        // kl-ft and scrub read the input model as a teacher inside every gradient step
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        DataSplit split = DataSplit.of(train, new int[] {1, 5, 9, 13, 17, 21, 25, 29, 33, 37}, test);
        Settings settings = Settings.of(Map.of("epochs", 2, "batchSize", 32, "alpha", 1.0));
        float[] expected;
        try (UnlearnResult r = registry.create("scrub", settings).unlearn(request(split))) {
            expected = r.model().parameters();
        }

        List<float[]> results = runTogether(THREADS, () -> {
            try (UnlearnResult r = registry.create("scrub", settings).unlearn(request(split))) {
                return r.model().parameters();
            }
        });

        for (float[] p : results) {
            assertThat(p).containsExactly(expected);
        }
    }

    @Test
    void concurrentPlansOnOneServedModelAllSucceedAndAgree() throws Exception {
        UnlearningService service = UnlearningService.withDefaults(ForgettingPolicy.lenient());
        DataSplit split = DataSplit.of(train, new int[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20}, test);
        Map<String, Settings> budgets = Map.of("ft", Settings.of(Map.of("epochs", 1, "batchSize", 32)),
                "rbm", Settings.of(Map.of("epochs", 1, "batchSize", 32)),
                "retrain", Settings.of(Map.of("epochs", 2, "batchSize", 32, "learningRate", 0.1)));
        String expected;
        try (PlanResult r = service.forget(model, split, 5, budgets)) {
            expected = summary(r);
        }

        List<String> summaries = runTogether(THREADS, () -> {
            try (PlanResult r = service.forget(model, split, 5, budgets)) {
                return summary(r);
            }
        });

        assertThat(summaries).containsOnly(expected);
    }

    @Test
    void aClosedModelFailsCleanly() {
        SoftmaxRegressionModel copy = model.copy();
        copy.close();
        copy.close();
        assertThatThrownBy(() -> copy.predict(DataView.all(test)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(copy::copy).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** Every attempt's method, verdict, error and model fingerprint: the run without its timings. */
    private static String summary(PlanResult r) {
        StringBuilder sb = new StringBuilder(r.outcome().name());
        r.attempts().forEach(a -> sb.append(';').append(a.method()).append(':').append(a.verdict()).append(':')
                .append(a.error()).append(':').append(a.modelSha256()));
        return sb.toString();
    }

    private static io.github.unlearn4j.api.UnlearnRequest request(DataSplit split) {
        return io.github.unlearn4j.api.UnlearnRequest.builder().setModel(model).setData(split).optSeed(9).build();
    }
}
