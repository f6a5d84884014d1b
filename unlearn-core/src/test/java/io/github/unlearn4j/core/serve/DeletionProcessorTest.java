package io.github.unlearn4j.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TestData;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.PlanOutcome;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.serve.DeletionProcessor.DeletionOutcome;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Deletion requests in a row and at once: each builds on every deletion before it. */
class DeletionProcessorTest {
    private static final int CLASSES = 5;
    private final ArrayDataset train = TestData.classification(600, 20, CLASSES, 21);
    private final ArrayDataset test = TestData.classification(300, 20, CLASSES, 22);
    private final Map<String, Settings> budgets = Map.of(
            "ft", Settings.of(Map.of("epochs", 3, "batchSize", 32, "learningRate", 0.05)),
            "retrain", Settings.of(Map.of("epochs", 5, "batchSize", 32, "learningRate", 0.1)));

    private SoftmaxRegressionModel trained() {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(20, CLASSES);
        OriginalTraining.fit(m, DataView.all(train), new TrainingSettings(0.1, 5, 32, 0.9, 0), LearningRateSchedule.CONSTANT,
                3, ProgressListener.NONE, CancellationToken.none());
        return m;
    }

    private DeletionProcessor processor(List<String> plan) {
        UnlearningService service = new UnlearningService(UnlearnerRegistry.loadDefault(), VerifierRegistry.loadDefault(),
                ForgettingPolicy.lenient(), plan);
        return new DeletionProcessor(new ServedModel(trained()), train, test, service, budgets, 7);
    }

    private int[] rowsOfClass(int c) {
        return IntStream.range(0, train.size()).filter(i -> train.label(i) == c).toArray();
    }

    private double accuracyOn(DeletionProcessor p, int[] rows) {
        return p.served().apply(m -> m.evaluate(new DataView(train, rows)).accuracy());
    }

    @Test
    void aSecondRequestDoesNotRelearnTheFirstRequestsRows() {
        DeletionProcessor p = processor(List.of("retrain"));
        int[] class0 = rowsOfClass(0);
        assertThat(accuracyOn(p, class0)).as("the original knows class 0").isGreaterThan(0.9);

        DeletionOutcome first = p.forget("class-0", class0, r -> { });
        assertThat(first.outcome()).isEqualTo(PlanOutcome.RETRAINED);
        assertThat(accuracyOn(p, class0)).as("after request 1").isLessThan(0.02);

        int[] unrelated = IntStream.range(0, 20).map(i -> 1 + 5 * i).toArray(); // class 1 rows
        DeletionOutcome second = p.forget("twenty-rows", unrelated, r -> {
            assertThat(r.receipt().data()).isNotNull();
        });

        assertThat(second.forgotten()).isEqualTo(20);
        assertThat(second.servedVersion()).isEqualTo(3);
        assertThat(accuracyOn(p, class0)).as("after request 2, class 0 must stay forgotten").isLessThan(0.02);
        assertThat(p.removedRows()).hasSize(class0.length + 20);
        p.served().close();
    }

    @Test
    void aRepeatedRequestIsAnsweredWithoutWorkAndOverlapsAreTrimmed() {
        DeletionProcessor p = processor(List.of("ft", "retrain"));
        int[] rows = {3, 8, 13};
        DeletionOutcome first = p.forget("a", rows, r -> { });
        assertThat(first.honoured()).isTrue();
        long version = p.served().version();

        DeletionOutcome again = p.forget("a-again", rows, r -> {
            throw new AssertionError("no plan may run for rows already removed");
        });
        assertThat(again.outcome()).isNull();
        assertThat(again.alreadyRemoved()).isEqualTo(3);
        assertThat(again.servedVersion()).isEqualTo(version);

        DeletionOutcome overlap = p.forget("b", new int[] {3, 18}, r -> assertThat(r.attempts()).isNotEmpty());
        assertThat(overlap.forgotten()).isEqualTo(1);
        assertThat(overlap.alreadyRemoved()).isEqualTo(1);
        assertThat(p.removedRows()).containsExactly(3, 8, 13, 18);
        p.served().close();
    }

    @Test
    void aFailingReceiptStepSwapsNothingAndRemovesNothing() {
        DeletionProcessor p = processor(List.of("ft", "retrain"));
        assertThatThrownBy(() -> p.forget("x", new int[] {1, 2}, r -> {
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(p.served().version()).isEqualTo(1);
        assertThat(p.removedRows()).isEmpty();
        assertThatThrownBy(() -> p.forget("bad", new int[] {600}, r -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("600");
        p.served().close();
    }

    @Test
    void twoRequestsAtOnceBothHoldInTheFinalModel() throws Exception {
        // retrain only: the assertion is about the order of requests, not about how well ft forgets;
        // a model that re-learned either class would be near 100% on it (the bound 0.2 leaves room for chance)
        DeletionProcessor p = processor(List.of("retrain"));
        int[] class0 = rowsOfClass(0);
        int[] class1 = rowsOfClass(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            Future<DeletionOutcome> a = pool.submit(() -> {
                go.await();
                return p.forget("class-0", class0, r -> { });
            });
            Future<DeletionOutcome> b = pool.submit(() -> {
                go.await();
                return p.forget("class-1", class1, r -> { });
            });
            go.countDown();
            assertThat(a.get(2, TimeUnit.MINUTES).honoured()).isTrue();
            assertThat(b.get(2, TimeUnit.MINUTES).honoured()).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(p.served().version()).isEqualTo(3);
        assertThat(p.removedRows()).hasSize(class0.length + class1.length);
        assertThat(accuracyOn(p, class0)).as("class 0 after both").isLessThan(0.2);
        assertThat(accuracyOn(p, class1)).as("class 1 after both").isLessThan(0.2);
        p.served().close();
    }
}
