package io.github.unlearn4j.examples.embedding;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.util.List;
import java.util.Map;
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
    void theDeletionRequestAppStoresAReceiptAndSwapsTheModel(@TempDir Path dir) throws Exception {
        DeletionRequestApp.main(new String[] {dir.toString()});
        Path receipt = dir.resolve("receipt-user-1234.json");
        assertThat(receipt).exists();
        JsonNode json = new ObjectMapper().readTree(receipt.toFile());
        assertThat(json.get("forgetSet").get("size").asInt()).isEqualTo(40);
        assertThat(json.get("forgetSet").get("commitment").asText()).hasSize(64);
        assertThat(json.get("mac").asText()).hasSize(64);
        assertThat(json.get("plan").get("attempts").size()).isGreaterThanOrEqualTo(1);
        assertThat(json.get("model").get("before").asText()).isNotEqualTo(json.get("model").get("after").asText());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
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
            Settings small = Settings.of(Map.of("epochs", 2, "batchSize", 64));
            Settings retrain = Settings.of(Map.of("epochs", 3, "batchSize", 64, "learningRate", 0.05));
            UnlearningService service = new UnlearningService(UnlearnerRegistry.loadDefault(),
                    VerifierRegistry.loadDefault(), ForgettingPolicy.lenient(), List.of("ft", "retrain"));
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, service,
                    Map.of("ft", small, "retrain", retrain), dir)) {
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
                    assertThat(app.served().version()).isEqualTo(3);
                    assertThat(app.forget("class-3-again", class3)).as("already removed: no plan, no receipt").isEmpty();
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
            Settings small = Settings.of(Map.of("epochs", 2, "batchSize", 64));
            Settings retrain = Settings.of(Map.of("epochs", 3, "batchSize", 64, "learningRate", 0.05));
            UnlearningService service = new UnlearningService(UnlearnerRegistry.loadDefault(),
                    VerifierRegistry.loadDefault(), ForgettingPolicy.lenient(), List.of("ft", "retrain"));
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, service,
                    Map.of("ft", small, "retrain", retrain), dir)) {
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
                    assertThat(a.get(5, java.util.concurrent.TimeUnit.MINUTES)).isPresent();
                    assertThat(b.get(5, java.util.concurrent.TimeUnit.MINUTES)).isPresent();
                } finally {
                    pool.shutdownNow();
                }
                assertThat(app.served().version()).isEqualTo(3);
                assertThat(app.removedRows()).hasSize(class3.length + class5.length);
                double acc3 = app.served().<Double>apply(m -> m.evaluate(new DataView(train, class3)).accuracy());
                double acc5 = app.served().<Double>apply(m -> m.evaluate(new DataView(train, class5)).accuracy());
                assertThat(acc3).as("class 3 after both requests").isLessThan(0.1);
                assertThat(acc5).as("class 5 after both requests").isLessThan(0.1);
            }
        }
    }
}
