package io.github.unlearn4j.examples.embedding;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.UnlearningService;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.serve.DeletionProcessor;
import io.github.unlearn4j.core.serve.ServedModel;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java embedding: an application serves a DJL model to many threads, receives deletion
 * requests (sets of training-row ids), runs the escalation plan (ft, then rbm, then retrain, each
 * verified against the policy), stores the receipt, and swaps the new model in.
 *
 * <ul>
 *   <li>Serving: readers call {@link #predict} (or take a {@link ServedModel.Lease} from {@link
 *       #served()}); a swap never closes a model under a reader: the old model is closed when the
 *       last call on it returns.
 *   <li>Deleting: {@link #forget} may be called from any thread; requests are answered one at a
 *       time, and each request's retain set excludes the rows of every earlier request, so no
 *       request re-learns what an earlier one removed.
 *   <li>Failure: the served model is only replaced once a verified model exists and its receipt is
 *       stored; on any failure the old one keeps serving and the rows are not marked removed.
 * </ul>
 */
public final class DeletionRequestApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionRequestApp.class);

    private final ServedModel served;
    private final DeletionProcessor deletions;
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
        this.served = new ServedModel(Objects.requireNonNull(model, "model"));
        this.deletions = new DeletionProcessor(served, train, test, service, budgets, 42);
        this.receipts = Objects.requireNonNull(receipts, "receipts");
    }

    /** @return the served model; lease it for each call ({@code try (var lease = served().lease())}) */
    public ServedModel served() {
        return served;
    }

    /**
     * Serves a prediction from whichever model version is current when the call starts.
     *
     * @param rows the rows to predict
     * @return class probabilities per row
     */
    public double[][] predict(DataView rows) {
        return served.apply(m -> m.predict(rows));
    }

    /** @return the training rows removed by every request so far */
    public int[] removedRows() {
        return deletions.removedRows();
    }

    /**
     * Honours a deletion request; waits while another request is being answered.
     *
     * @param requestId the caller's id for the request, used in the receipt's file name
     * @param rowIds the training rows to forget
     * @return where the receipt was stored, or empty when every row had been removed before
     * @throws IllegalStateException if no method passed the policy and no retrained model exists
     *     (the old model keeps serving)
     */
    public Optional<Path> forget(String requestId, int[] rowIds) {
        Path receipt = receipts.resolve("receipt-" + requestId.replaceAll("[^A-Za-z0-9_-]", "_") + ".json");
        ReceiptWriter.checkWritable(receipt);
        DeletionProcessor.DeletionOutcome outcome = deletions.forget(requestId, rowIds,
                result -> ReceiptWriter.write(result.receipt(receiptKey), receipt));
        if (outcome.outcome() == null) {
            return Optional.empty();
        }
        if (!outcome.honoured()) {
            throw new IllegalStateException("request " + requestId + " not honoured: no method passed the policy and"
                    + " no retrained model was produced; the receipt at " + receipt + " says why");
        }
        LOG.info("request {}: serving model version {}, {} rows removed in all", requestId, outcome.servedVersion(),
                outcome.removedTotal());
        return Optional.of(receipt);
    }

    @Override
    public void close() {
        served.close();
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
                Path receipt = app.forget("user-1234", userRows).orElseThrow();
                LOG.info("served model replaced; receipt stored at {}", receipt);
            }
        }
    }
}
