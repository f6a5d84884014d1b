package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.serve.ServedModel;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DjlModel under threads, as a server uses it: readers through swaps and closes, overlapping
 * training runs, and seeded initialization beside threads that seed the engine. Each loop is
 * bounded in count and time.
 */
class DjlConcurrencyTest {
    private static final int F = 32;
    private static final int C = 4;
    private static DjlDataset train;
    private static DjlDataset test;
    private static DjlModel trained;

    @BeforeAll
    static void setUp() {
        TestData.Classification raw = TestData.blobs(512, F, C, 5);
        train = DjlDataset.classification("blobs/train", raw.x(), raw.y(), C, Device.cpu());
        TestData.Classification rawTest = TestData.blobs(256, F, C, 6);
        test = DjlDataset.classification("blobs/test", rawTest.x(), rawTest.y(), C, Device.cpu());
        trained = DjlModel.create(Architectures.mlp(F, 64, C), Device.cpu(), 3);
        OriginalTraining.fit(trained, DataView.all(train), new TrainingSettings(0.05, 3, 32, 0.9, 0),
                LearningRateSchedule.CONSTANT, 3, ProgressListener.NONE, CancellationToken.none());
    }

    @AfterAll
    static void tearDown() {
        trained.close();
        train.close();
        test.close();
    }

    private static DjlModel perturbed(DjlModel from, int version) {
        DjlModel m = from.copy();
        float[] p = m.parameters();
        p[version % p.length] += 0.5f;
        m.setParameters(p);
        return m;
    }

    @Test
    void readersPredictingThroughSwapsAlwaysGetTheLeasedVersionsExactOutputs() throws Exception {
        DataView rows = DataView.all(test);
        Map<Long, double[][]> expected = new ConcurrentHashMap<>();
        DjlModel first = trained.copy();
        expected.put(1L, first.predict(rows));
        ServedModel served = new ServedModel(first);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    try (ServedModel.Lease lease = served.lease()) {
                        double[][] out = lease.model().predict(rows);
                        double[][] want = expected.get(lease.version());
                        if (want == null || !Arrays.deepEquals(out, want)) {
                            problems.add("version " + lease.version() + " gave other outputs");
                        }
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        problems.add(e.toString());
                    }
                }
            }, "reader-" + t);
            reader.start();
            readers.add(reader);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int v = 2; v <= 25 && System.nanoTime() < deadline; v++) {
            DjlModel next = perturbed(trained, v);
            expected.put((long) v, next.predict(rows));
            served.swap(next);
            Thread.sleep(20);
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(TimeUnit.MINUTES.toMillis(1));
        }
        served.close();

        assertThat(problems).isEmpty();
        assertThat(reads.get()).isGreaterThan(25);
    }

    @Test
    void closingAModelUnderItsReadersFailsThemCleanlyAndFreesNothingInUse() throws Exception {
        DataView rows = DataView.all(test);
        for (int round = 0; round < 5; round++) {
            DjlModel model = trained.copy();
            double[][] want = model.predict(rows);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicLong ok = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            CountDownLatch running = new CountDownLatch(3);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread reader = new Thread(() -> {
                    running.countDown();
                    for (int i = 0; i < 2_000; i++) {
                        try {
                            if (!Arrays.deepEquals(model.predict(rows), want)) {
                                problems.add("wrong outputs");
                            }
                            ok.incrementAndGet();
                        } catch (IllegalStateException e) {
                            if (!e.getMessage().contains("closed")) {
                                problems.add(e.toString());
                            }
                            refused.incrementAndGet();
                            return;
                        } catch (Throwable e) {
                            problems.add(e.toString());
                            return;
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            running.await();
            Thread.sleep(30);
            model.close();
            for (Thread r : readers) {
                r.join(TimeUnit.MINUTES.toMillis(1));
            }
            assertThat(problems).as("round %d", round).isEmpty();
            assertThat(refused.get()).as("readers that met the closed model, round %d", round).isPositive();
        }
    }

    private static UnlearnRequest request(DataSplit split) {
        return UnlearnRequest.builder().setModel(trained).setData(split).optSeed(11).build();
    }

    @Test
    void overlappingTrainingRunsInOneProcessBothSucceedAndMatchASequentialRun() throws Exception {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        DataSplit split = DataSplit.of(train, new int[] {0, 4, 8, 12, 16, 20, 24, 28}, test);
        Settings settings = Settings.of(Map.of("epochs", 2, "batchSize", 32));
        Map<String, float[]> sequential = new ConcurrentHashMap<>();
        for (String method : List.of("ft", "kl-ft")) {
            try (UnlearnResult r = registry.create(method, settings).unlearn(request(split))) {
                sequential.put(method, r.model().parameters());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (String method : List.of("ft", "kl-ft", "ft", "kl-ft")) {
                runs.add(pool.submit(() -> {
                    go.await();
                    try (UnlearnResult r = registry.create(method, settings).unlearn(request(split))) {
                        return Arrays.equals(r.model().parameters(), sequential.get(method)) ? "same" : method + " differs";
                    }
                }));
            }
            go.countDown();
            for (Future<String> f : runs) {
                assertThat(f.get(3, TimeUnit.MINUTES)).isEqualTo("same");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoPlansAtOnceRecordNoInfrastructureErrorAsAVerdict() throws Exception {
        UnlearningService service = UnlearningService.withDefaults(ForgettingPolicy.lenient());
        DataSplit split = DataSplit.of(train, new int[] {1, 5, 9, 13, 17, 21, 25, 29}, test);
        Map<String, Settings> budgets = Map.of("ft", Settings.of(Map.of("epochs", 1, "batchSize", 32)),
                "rbm", Settings.of(Map.of("epochs", 1, "batchSize", 32)),
                "retrain", Settings.of(Map.of("epochs", 2, "batchSize", 32, "learningRate", 0.05)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<String>>> plans = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                plans.add(pool.submit(() -> {
                    go.await();
                    try (PlanResult r = service.forget(trained, split, 5, budgets)) {
                        List<String> errors = new ArrayList<>();
                        r.attempts().forEach(a -> {
                            if (a.error() != null) {
                                errors.add(a.method() + ": " + a.error());
                            }
                        });
                        return errors;
                    }
                }));
            }
            go.countDown();
            for (Future<List<String>> f : plans) {
                assertThat(f.get(5, TimeUnit.MINUTES)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retrainBesideAThreadThatCreatesModelsAndSeedsTheEngineIsBitIdentical() throws Exception {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        DataSplit split = DataSplit.of(train, new int[] {2, 6, 10, 14}, test);
        Settings settings = Settings.of(Map.of("epochs", 1, "batchSize", 64, "learningRate", 0.05));
        float[] alone;
        try (UnlearnResult r = registry.create("retrain", settings).unlearn(request(split))) {
            alone = r.model().parameters();
        }
        float[] createdAlone;
        try (DjlModel m = DjlModel.create(Architectures.mlp(F, 64, C), Device.cpu(), 77)) {
            createdAlone = m.parameters();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong disturbances = new AtomicLong();
        Thread disturber = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(99);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                while (!stop.get()) {
                    // seeds and draws from the engine's process-wide generator as fast as it can,
                    // and now and then creates a model of its own
                    Engine.getInstance().setRandomSeed(random.nextInt());
                    m.randomNormal(new Shape(16)).close();
                    if (disturbances.incrementAndGet() % 64 == 0) {
                        DjlModel.create(Architectures.mlp(F, 64, C), Device.cpu(), random.nextLong()).close();
                    }
                }
            }
        }, "disturber");
        disturber.start();
        int createdDifferent = 0;
        List<Boolean> same = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                try (DjlModel m = DjlModel.create(Architectures.mlp(F, 64, C), Device.cpu(), 77)) {
                    if (!Arrays.equals(m.parameters(), createdAlone)) {
                        createdDifferent++;
                    }
                }
            }
            for (int i = 0; i < 5; i++) {
                try (UnlearnResult r = registry.create("retrain", settings).unlearn(request(split))) {
                    same.add(Arrays.equals(r.model().parameters(), alone));
                }
            }
        } finally {
            stop.set(true);
            disturber.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertThat(disturbances.get()).as("the other thread really ran").isGreaterThan(100);
        assertThat(createdDifferent).as("of 300 models created with one seed, those that differ").isZero();
        assertThat(same).as("retrains equal to the one run alone").containsOnly(true);
    }

    @Test
    void reinitializeDrawsDjlsDefaultDistributionFromTheModelsOwnGenerator() {
        try (DjlModel a = DjlModel.create(Architectures.mlp(F, 256, C), Device.cpu(), 1);
                DjlModel b = DjlModel.create(Architectures.mlp(F, 256, C), Device.cpu(), 1);
                DjlModel c = DjlModel.create(Architectures.mlp(F, 256, C), Device.cpu(), 2)) {
            assertThat(a.parameters()).containsExactly(b.parameters());
            assertThat(a.parameters()).isNotEqualTo(c.parameters());
            float[] p = a.parameters();
            int weights = 256 * F;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < weights; i++) {
                sum += p[i];
                sumSq += (double) p[i] * p[i];
            }
            double mean = sum / weights;
            double sd = Math.sqrt(sumSq / weights - mean * mean);
            assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(sd).as("N(0, 2/fanIn) with fanIn = %d", F)
                    .isCloseTo(Math.sqrt(2.0 / F), org.assertj.core.data.Offset.offset(0.01));
            for (int i = weights; i < weights + 256; i++) {
                assertThat(p[i]).as("bias %d", i - weights).isZero();
            }
        }
    }

    @Test
    void creatingTheBuiltInArchitecturesNeitherSeedsNorDrawsFromTheEnginesGenerator() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (DjlArchitecture architecture : List.of(Architectures.mlp(F, 16, C), Architectures.linear(F, C),
                    Architectures.linearRegression(F), Architectures.smallCnn())) {
                Engine.getInstance().setRandomSeed(1234);
                float[] expected = m.randomNormal(new Shape(8)).toFloatArray();
                Engine.getInstance().setRandomSeed(1234);
                DjlModel.create(architecture, Device.cpu(), 5).close();
                float[] after = m.randomNormal(new Shape(8)).toFloatArray();
                assertThat(after).as("engine draws after creating %s", architecture.name()).containsExactly(expected);
            }
        }
    }
}
