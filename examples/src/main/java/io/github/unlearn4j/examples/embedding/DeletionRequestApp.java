package io.github.unlearn4j.examples.embedding;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.method.TrainingSettings;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java embedding: an application serves a DJL model, receives a deletion request (a set of
 * training-row ids), runs the escalation plan (ft, then rbm, then retrain, each verified against the
 * policy), stores the receipt, and swaps the new model in. The served model is only replaced once a
 * verified model exists; on any failure the old one keeps serving.
 */
public final class DeletionRequestApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionRequestApp.class);

    private final AtomicReference<TrainableModel> served;
    private final DjlDataset train;
    private final DjlDataset test;
    private final UnlearningService service;
    private final Map<String, Settings> budgets;
    private final Path receipts;
    private final ReceiptKey receiptKey;

    /**
     * Creates the application.
     *
     * @param model the trained model to serve; the application owns it from now on
     * @param train the training data the model was trained on
     * @param test held-out data
     * @param service the unlearning service (registries, policy, plan)
     * @param budgets per-method settings
     * @param receipts the folder receipts are stored in
     */
    public DeletionRequestApp(TrainableModel model, DjlDataset train, DjlDataset test, UnlearningService service,
            Map<String, Settings> budgets, Path receipts) {
        this(model, train, test, service, budgets, receipts, null);
    }

    /**
     * Creates the application, with the key its receipts are committed and sealed with: the
     * application keeps the key (never in a receipt), checks receipts with it
     * ({@link io.github.unlearn4j.core.receipt.ReceiptVerifier}) and can show which rows one was for.
     *
     * @param model the trained model to serve; the application owns it from now on
     * @param train the training data the model was trained on
     * @param test held-out data
     * @param service the unlearning service (registries, policy, plan)
     * @param budgets per-method settings
     * @param receipts the folder receipts are stored in
     * @param receiptKey the application's receipt key, or null for receipts with no forget-set
     *     commitment and no MAC
     */
    public DeletionRequestApp(TrainableModel model, DjlDataset train, DjlDataset test, UnlearningService service,
            Map<String, Settings> budgets, Path receipts, ReceiptKey receiptKey) {
        this.receiptKey = receiptKey;
        this.served = new AtomicReference<>(Objects.requireNonNull(model, "model"));
        this.train = Objects.requireNonNull(train, "train");
        this.test = Objects.requireNonNull(test, "test");
        this.service = Objects.requireNonNull(service, "service");
        this.budgets = Map.copyOf(budgets);
        this.receipts = Objects.requireNonNull(receipts, "receipts");
    }

    /** @return the model being served now */
    public TrainableModel served() {
        return served.get();
    }

    /**
     * Honours a deletion request.
     *
     * @param requestId the caller's id for the request, used in the receipt's file name
     * @param rowIds the training rows to forget
     * @return where the receipt was stored
     */
    public Path forget(String requestId, int[] rowIds) {
        Path receipt = receipts.resolve("receipt-" + requestId.replaceAll("[^A-Za-z0-9_-]", "_") + ".json");
        ReceiptWriter.checkWritable(receipt);
        DataSplit split = DataSplit.of(train, rowIds, test);
        TrainableModel current = served.get();
        try (PlanResult result = service.forget(current, split, 42, budgets)) {
            LOG.info("request {}: {}", requestId, result.text());
            ReceiptWriter.write(result.receipt(receiptKey), receipt);
            TrainableModel next = result.detachModel();
            TrainableModel old = served.getAndSet(next);
            old.close();
        }
        return receipt;
    }

    @Override
    public void close() {
        served.get().close();
    }

    /**
     * Runs the example on synthetic images: train, receive a request for 40 rows, forget, swap.
     *
     * @param args optional: the receipt folder (default: a temporary folder)
     * @throws Exception if the folder cannot be created
     */
    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("unlearn4j-receipts");
        Files.createDirectories(folder);
        try (DjlDataset train = SyntheticImages.generate("app/train", 1_200, 1).toDataset(Device.cpu());
                DjlDataset test = SyntheticImages.generate("app/test", 300, 2).toDataset(Device.cpu())) {
            DjlModel model = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            TrainingSettings recipe = new TrainingSettings(0.05, 3, 64, 0.9, 5e-4);
            OriginalTraining.fit(model, DataView.all(train), recipe, LearningRateSchedule.CONSTANT, 7,
                    ProgressListener.NONE, CancellationToken.none());
            Settings small = Settings.of(Map.of("epochs", 2, "batchSize", 64));
            Settings retrain = Settings.of(Map.of("epochs", 3, "batchSize", 64, "learningRate", 0.05));
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test,
                    UnlearningService.withDefaults(ForgettingPolicy.lenient()),
                    Map.of("ft", small, "rbm", small, "retrain", retrain), folder,
                    ReceiptKey.generate())) { // a real application reads its key: ReceiptKey.read(path)
                int[] userRows = new int[40];
                for (int i = 0; i < userRows.length; i++) {
                    userRows[i] = 25 * i;
                }
                Path receipt = app.forget("user-1234", userRows);
                LOG.info("served model replaced; receipt stored at {}", receipt);
            }
        }
    }
}
