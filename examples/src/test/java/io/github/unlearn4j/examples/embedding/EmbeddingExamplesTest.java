package io.github.unlearn4j.examples.embedding;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.LedgerEntry;
import io.github.unlearn4j.core.receipt.Fingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExamplesTest {

    @Test
    void theDeletionRequestAppKeepsItsReceiptInTheLedgerAndARerunAnswersTheRequestFromTheChain(@TempDir Path dir)
            throws Exception {
        DeletionRequestApp.main(new String[] {dir.toString()});
        assertThat(dir.resolve("ledger.mv.db")).exists();
        LedgerEntry entry;
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(dir.resolve("ledger"))) {
            assertThat(store.entries()).hasSize(1);
            entry = store.entries().get(0);
            assertThat(entry.requestIds()).containsExactly("user-1234");
            assertThat(entry.fingerprintBefore()).isNotEqualTo(entry.fingerprintAfter());
            JsonNode receipt = new ObjectMapper().readTree(entry.receipt()).get("receipt");
            assertThat(receipt.get("forgetSet").get("size").asInt()).isEqualTo(40);
            assertThat(receipt.get("plan").get("attempts").size()).isGreaterThanOrEqualTo(1);
            assertThat(receipt.get("model").get("before").asText()).isNotEqualTo(receipt.get("model").get("after").asText());
            assertThat(receipt.get("model").get("after").asText()).isEqualTo(entry.fingerprintAfter());
            assertThat(DeletionLedger.verify(store).intact()).isTrue();
        }
        try (Stream<Path> files = Files.list(dir.resolve("models"))) {
            assertThat(files).as("the original and the version after the request").hasSize(2);
        }
        // the same program again on the same folder: no training, the request is a repeat, no new round
        DeletionRequestApp.main(new String[] {dir.toString()});
        try (JdbcLedgerStore store = JdbcLedgerStore.h2(dir.resolve("ledger"))) {
            assertThat(store.entries()).containsExactly(entry);
            assertThat(store.servedVersion().orElseThrow().id()).isEqualTo(entry.versionAfter());
        }
    }

    @Test
    void theGuiceExampleRunsWithTheApplicationsPolicy() {
        assertThat(GuiceExample.run(new String[0]).policy().name()).isEqualTo("lenient");
    }

    @Test
    void aSecondRequestKeepsTheFirstRequestsClassForgottenWhileReadersAreServed(@TempDir Path dir) throws Exception {
        try (DjlDataset train = SyntheticImages.generate("app/train", 1_200, 1).toDataset(Device.cpu());
                DjlDataset test = SyntheticImages.generate("app/test", 300, 2).toDataset(Device.cpu())) {
            DjlModel model = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.05, 3, 64, 0.9, 5e-4),
                    LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            int[] class3 = IntStream.range(0, train.size()).filter(i -> train.label(i) == 3).toArray();
            int[] twentyOthers = IntStream.range(0, train.size()).filter(i -> train.label(i) == 5).limit(20).toArray();
            DataView class3Rows = new DataView(train, class3);
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, DeletionRequestApp.plan(), dir)) {
                assertThat((double) app.served().<Double>apply(m -> m.evaluate(class3Rows).accuracy())).isGreaterThan(0.8);
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentLinkedQueue<Throwable> readerErrors = new ConcurrentLinkedQueue<>();
                AtomicLong reads = new AtomicLong();
                Thread reader = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            app.predict(DataView.all(test));
                            reads.incrementAndGet();
                        } catch (Throwable e) {
                            readerErrors.add(e);
                        }
                    }
                });
                reader.start();
                try {
                    app.forget("class-3", class3);
                    double afterFirst = app.served().<Double>apply(m -> m.evaluate(class3Rows).accuracy());
                    app.forget("twenty-rows", twentyOthers);
                    double afterSecond = app.served().<Double>apply(m -> m.evaluate(class3Rows).accuracy());

                    assertThat(afterFirst).as("class 3 after request 1").isLessThan(0.1);
                    assertThat(afterSecond).as("class 3 after request 2, which must not re-learn it").isLessThan(0.1);
                    assertThat(app.removedRows()).hasSize(class3.length + 20);
                    assertThat(app.served().version()).as("two swaps").isEqualTo(3);
                    assertThat(app.servedVersion()).as("the ledger's third version").isEqualTo(3);
                    LedgerEntry again = app.forget("class-3-again", class3);
                    assertThat(again.versionAfter()).as("already removed: recorded, no model work").isEqualTo(3)
                            .isEqualTo(again.versionBefore());
                    assertThat(app.served().version()).isEqualTo(3);
                } finally {
                    stop.set(true);
                    reader.join(60_000);
                }
                assertThat(readerErrors).isEmpty();
                assertThat(reads.get()).isPositive();
            }
        }
    }

    @Test
    void twoRequestsAtOnceOnDjlBothHoldInTheServedModel(@TempDir Path dir) throws Exception {
        try (DjlDataset train = SyntheticImages.generate("app/train", 1_200, 1).toDataset(Device.cpu());
                DjlDataset test = SyntheticImages.generate("app/test", 300, 2).toDataset(Device.cpu())) {
            DjlModel model = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.05, 3, 64, 0.9, 5e-4),
                    LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            int[] class3 = IntStream.range(0, train.size()).filter(i -> train.label(i) == 3).toArray();
            int[] class5 = IntStream.range(0, train.size()).filter(i -> train.label(i) == 5).toArray();
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, DeletionRequestApp.plan(), dir)) {
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                try {
                    var a = pool.submit(() -> {
                        go.await();
                        return app.forget("class-3", class3);
                    });
                    var b = pool.submit(() -> {
                        go.await();
                        return app.forget("class-5", class5);
                    });
                    go.countDown();
                    assertThat(a.get(5, java.util.concurrent.TimeUnit.MINUTES).requestIds()).contains("class-3");
                    assertThat(b.get(5, java.util.concurrent.TimeUnit.MINUTES).requestIds()).contains("class-5");
                } finally {
                    pool.shutdownNow();
                }
                // one round applied both (the second arrived while the first was pending), or one round each
                List<LedgerEntry> chain = app.ledger().store().entries();
                assertThat(chain).hasSizeBetween(1, 2);
                assertThat(app.servedVersion()).isEqualTo(chain.get(chain.size() - 1).versionAfter())
                        .isEqualTo(1 + chain.size());
                assertThat(app.ledger().verify().intact()).isTrue();
                assertThat(app.removedRows()).hasSize(class3.length + class5.length);
                double acc3 = app.served().<Double>apply(m -> m.evaluate(new DataView(train, class3)).accuracy());
                double acc5 = app.served().<Double>apply(m -> m.evaluate(new DataView(train, class5)).accuracy());
                assertThat(acc3).as("class 3 after both requests").isLessThan(0.1);
                assertThat(acc5).as("class 5 after both requests").isLessThan(0.1);
            }
        }
    }

    @Test
    void anAppRestartedOnItsFolderServesTheLedgersVersionNotTheModelItIsGiven(@TempDir Path dir) throws Exception {
        try (DjlDataset train = SyntheticImages.generate("app/train", 1_200, 1).toDataset(Device.cpu());
                DjlDataset test = SyntheticImages.generate("app/test", 300, 2).toDataset(Device.cpu())) {
            DjlModel model = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.05, 3, 64, 0.9, 5e-4),
                    LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            float[] original = model.parameters();
            int[] class3 = IntStream.range(0, train.size()).filter(i -> train.label(i) == 3).toArray();
            DataView class3Rows = new DataView(train, class3);
            LedgerEntry first;
            assertThat(DeletionRequestApp.exists(dir)).isFalse();
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, DeletionRequestApp.plan(), dir)) {
                first = app.forget("class-3", class3);
                assertThat(app.servedVersion()).isEqualTo(2);
            }
            assertThat(DeletionRequestApp.exists(dir)).isTrue();

            // the application restarts with the original model in hand: the ledger's version 2 is served
            DjlModel again = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            again.setParameters(original);
            assertThat(again.evaluate(class3Rows).accuracy()).as("the original knows class 3").isGreaterThan(0.8);
            try (DeletionRequestApp app = new DeletionRequestApp(again, train, test, DeletionRequestApp.plan(), dir)) {
                assertThat(app.servedVersion()).isEqualTo(2);
                assertThat(app.served().<String>apply(Fingerprint::parameters)).isEqualTo(first.fingerprintAfter())
                        .isNotEqualTo(Fingerprint.parameters(original));
                assertThat((double) app.served().<Double>apply(m -> m.evaluate(class3Rows).accuracy()))
                        .as("class 3 stays forgotten after the restart").isLessThan(0.1);
                assertThat(app.removedRows()).hasSize(class3.length);
                // the repeat of an applied request is answered from the chain: no new round
                assertThat(app.forget("class-3", class3)).isEqualTo(first);
                assertThat(app.ledger().store().entries()).hasSize(1);
                assertThat(app.ledger().verify().intact()).isTrue();
            }
        }
    }
}
