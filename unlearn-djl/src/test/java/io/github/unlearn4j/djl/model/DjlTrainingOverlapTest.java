package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public training entry points overlapping in one process on DJL models that draw random
 * numbers while they train (dropout): a {@link DeletionLedger} round on one model and {@code
 * Unlearner.unlearn} on another, at the same time, each give exactly the model they give alone; a
 * DJL gradient collector opened outside {@link DjlModel#autogradLock()} is refused with an error
 * that names the lock.
 */
class DjlTrainingOverlapTest {
    private static final int F = 16;
    private static final int C = 3;
    private static DjlDataset train;
    private static DjlDataset test;
    private static DjlModel ledgerOriginal;
    private static DjlModel unlearnOriginal;
    private static final Settings FT = Settings.of(Map.of("epochs", 6, "batchSize", 16, "learningRate", 0.05));

    @TempDir
    Path dir;

    /** An MLP with dropout between its layers: every training step draws a mask. */
    static DjlArchitecture dropoutMlp() {
        return new DjlArchitecture("mlp-dropout(" + F + "-32-" + C + ")", new Shape(F), C, TaskType.CLASSIFICATION,
                () -> new SequentialBlock().add(Linear.builder().setUnits(32).build()).add(Activation::relu)
                        .add(Dropout.builder().optRate(0.5f).build()).add(Linear.builder().setUnits(C).build()));
    }

    @BeforeAll
    static void setUp() {
        TestData.Classification raw = TestData.blobs(240, F, C, 21);
        train = DjlDataset.classification("blobs/train", raw.x(), raw.y(), C, Device.cpu());
        TestData.Classification rawTest = TestData.blobs(120, F, C, 22);
        test = DjlDataset.classification("blobs/test", rawTest.x(), rawTest.y(), C, Device.cpu());
        ledgerOriginal = trained(1);
        unlearnOriginal = trained(2);
    }

    private static DjlModel trained(long seed) {
        DjlModel m = DjlModel.create(dropoutMlp(), Device.cpu(), seed);
        OriginalTraining.fit(m, DataView.all(train), new TrainingSettings(0.05, 3, 16, 0.9, 0),
                LearningRateSchedule.CONSTANT, seed, ProgressListener.NONE, CancellationToken.none());
        return m;
    }

    @AfterAll
    static void tearDown() {
        ledgerOriginal.close();
        unlearnOriginal.close();
        train.close();
        test.close();
    }

    /** One ledger round (ft under the lenient policy, retrain as its fallback) in a new ledger; its served model's parameters. */
    private static float[] ledgerRound(Path folder) {
        UnlearningPlan plan = UnlearningPlan.builder().optPolicy(ForgettingPolicy.lenient()).optSeed(3)
                .addStep("ft", FT).optReferenceSettings(FT).build();
        try (DeletionLedger ledger = new DeletionLedger(JdbcLedgerStore.h2(folder.resolve("ledger")),
                folder.resolve("models"), train, test, plan, ledgerOriginal, null)) {
            ledger.start(ledgerOriginal);
            ledger.submit("forget-1", new int[] {0, 3, 6, 9, 12, 15});
            assertThat(ledger.runRound()).isPresent();
            try (TrainableModel served = ledger.loadServed()) {
                return served.parameters();
            }
        }
    }

    /** {@code Unlearner.unlearn} with ft, directly; the result's parameters. */
    private static float[] unlearn() {
        DataSplit split = DataSplit.of(train, new int[] {1, 4, 7, 10, 13}, test);
        UnlearnRequest request = UnlearnRequest.builder().setModel(unlearnOriginal).setData(split).optSeed(11).build();
        try (UnlearnResult r = UnlearnerRegistry.loadDefault().create("ft", FT).unlearn(request)) {
            return r.model().parameters();
        }
    }

    private static <T> T onAThread(Callable<T> work) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            return one.submit(work).get(2, TimeUnit.MINUTES);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void aTrainingStepsDropoutMaskComesFromTheModelsSeedNotFromTheEngine() throws Exception {
        Batch batch = new Batch(train, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, null);
        try (DjlModel a = DjlModel.create(dropoutMlp(), Device.cpu(), 5);
                DjlModel sameSeed = DjlModel.create(dropoutMlp(), Device.cpu(), 5);
                DjlModel otherSeed = DjlModel.create(dropoutMlp(), Device.cpu(), 6)) {
            otherSeed.setParameters(a.parameters());
            assertThat(otherSeed.predict(DataView.all(test))).as("inference draws nothing: same outputs")
                    .isDeepEqualTo(a.predict(DataView.all(test)));
            a.accumulateGradient(batch, LossTerm.TASK, 1);
            Engine.getInstance().setRandomSeed(12345); // whatever the engine's generator holds
            sameSeed.accumulateGradient(batch, LossTerm.TASK, 1);
            otherSeed.accumulateGradient(batch, LossTerm.TASK, 1);
            assertIdentical(sameSeed.gradients(), a.gradients(), "gradient of a model with the same seed");
            assertThat(otherSeed.gradients()).as("another seed, other masks").isNotEqualTo(a.gradients());
        }
    }

    /** Asserts bit-identical arrays, with a short message (how many entries differ, by how much). */
    private static void assertIdentical(float[] actual, float[] expected, String what) {
        int differ = 0;
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                differ++;
                max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
            }
        }
        assertThat(actual.length).as(what + ": length").isEqualTo(expected.length);
        assertThat(differ).as(what + ": entries that differ (of " + expected.length
                + "), largest difference " + max).isZero();
    }

    @Test
    void aLedgerRoundAndAnUnlearnAtOnceOnTwoDropoutModelsEachGiveTheModelTheyGiveAlone() throws Exception {
        float[] ledgerAlone = onAThread(() -> ledgerRound(dir.resolve("alone")));
        float[] unlearnAlone = onAThread(DjlTrainingOverlapTest::unlearn);
        assertIdentical(onAThread(DjlTrainingOverlapTest::unlearn), unlearnAlone, "a second unlearn alone");

        int unlearns = 3;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong disturbances = new AtomicLong();
        try {
            Future<float[]> ledger = pool.submit(() -> {
                go.await();
                return ledgerRound(dir.resolve("overlapped"));
            });
            Future<List<float[]>> direct = pool.submit(() -> {
                go.await();
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < unlearns; i++) {
                    out.add(unlearn());
                }
                return out;
            });
            // and application code that seeds the engine and draws from it, holding the lock as the
            // javadoc asks: a seed set globally and used by a later random op, between our steps
            Future<?> disturber = pool.submit(() -> {
                go.await();
                SplittableRandom random = new SplittableRandom(99);
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    while (!stop.get()) {
                        DjlModel.autogradLock().lock();
                        try {
                            Engine.getInstance().setRandomSeed(random.nextInt());
                            m.randomUniform(0, 1, new Shape(64)).close();
                        } finally {
                            DjlModel.autogradLock().unlock();
                        }
                        disturbances.incrementAndGet();
                    }
                }
                return null;
            });
            go.countDown();
            float[] overlapped = ledger.get(3, TimeUnit.MINUTES);
            List<float[]> results = direct.get(3, TimeUnit.MINUTES);
            stop.set(true);
            disturber.get(1, TimeUnit.MINUTES);
            assertIdentical(overlapped, ledgerAlone, "the ledger round beside unlearns");
            for (int i = 0; i < unlearns; i++) {
                assertIdentical(results.get(i), unlearnAlone, "unlearn " + i + " beside the ledger round");
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(disturbances.get()).as("the disturbing thread ran").isGreaterThan(10);
        assertThat(ledgerAlone).as("the round changed the model").isNotEqualTo(ledgerOriginal.parameters());
    }

    @Test
    void aDjlGradientCollectorOpenedOutsideTheLockIsRefusedAndOneOpenedUnderItIsWaitedFor() throws Exception {
        Batch batch = new Batch(train, new int[] {0, 1, 2, 3}, null);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (DjlModel model = DjlModel.create(dropoutMlp(), Device.cpu(), 8)) {
            // application code training its own DJL model the way DJL's Trainer does, without the lock
            CountDownLatch open = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Future<?> outside = other.submit(() -> {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    open.countDown();
                    done.await();
                }
                return null;
            });
            assertThat(open.await(1, TimeUnit.MINUTES)).isTrue();
            assertThatThrownBy(() -> model.accumulateGradient(batch, LossTerm.TASK, 1))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("another DJL gradient collector is open")
                    .hasMessageContaining("DjlModel.autogradLock()");
            done.countDown();
            outside.get(1, TimeUnit.MINUTES);

            // the same code holding the lock: our step waits for it instead of failing
            ReentrantLock lock = (ReentrantLock) DjlModel.autogradLock();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> inside = other.submit(() -> {
                lock.lock();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    held.countDown();
                    release.await();
                } finally {
                    lock.unlock();
                }
                return null;
            });
            assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
            Thread stepper = new Thread(() -> model.accumulateGradient(batch, LossTerm.TASK, 1), "stepper");
            List<Throwable> failures = new ArrayList<>();
            stepper.setUncaughtExceptionHandler((t, e) -> failures.add(e));
            stepper.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!lock.hasQueuedThread(stepper) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lock.hasQueuedThread(stepper)).as("the step waits for the lock").isTrue();
            release.countDown();
            inside.get(1, TimeUnit.MINUTES);
            stepper.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(failures).isEmpty();
            assertThat(Arrays.stream(toDouble(model.gradients())).anyMatch(g -> g != 0)).as("the step ran").isTrue();
        } finally {
            other.shutdownNow();
        }
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
