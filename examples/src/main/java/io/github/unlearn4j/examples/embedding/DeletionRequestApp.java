package io.github.unlearn4j.examples.embedding;

import ai.djl.Device;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.LedgerEntry;
import io.github.unlearn4j.core.ledger.ModelVersion;
import io.github.unlearn4j.core.ledger.SubmitResult;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.serve.ServedModel;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java embedding: an application serves a model to many threads and honours deletion
 * requests durably, with a {@link DeletionLedger} (an H2 database and the model versions' files in
 * the folder it is given).
 *
 * <ul>
 *   <li>Serving: readers call {@link #predict} (or take a {@link ServedModel.Lease} from {@link
 *       #served()}); the served model is the ledger's served version. After each round the new
 *       version is loaded and swapped in; a swap never closes a model under a reader (the old model
 *       is closed when the last call on it returns).
 *   <li>Deleting: {@link #forget} may be called from any thread. It submits the request to the
 *       ledger (durable and idempotent on the request id once it returns from the submit) and then,
 *       in the calling thread, runs a round: the ledger applies every pending request, from the
 *       served version, with the escalation plan, and appends the receipt to its hash chain. Rounds
 *       take turns (the ledger serializes them), so a request that arrives during a round is applied
 *       by the next one, and each round's retain set excludes the rows of every earlier request.
 *       Synchronous rounds keep the example small; a service with many small requests would run
 *       rounds on one background thread instead, batching whatever is pending.
 *   <li>Failure and restart: the served model changes only once a round's model file is written
 *       and its chain entry committed. A round that fails (or a process killed mid-round) leaves its
 *       requests pending and the served version unchanged; the next round applies them. An
 *       application restarted on the same folder serves the ledger's served version, not the
 *       model it was given (which then only names the architecture).
 * </ul>
 */
public final class DeletionRequestApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionRequestApp.class);

    private final TrainableModel template;
    private final DeletionLedger ledger;
    private final ServedModel served;
    /** The ledger version being served; guarded by {@code this}. */
    private long servedVersion;

    /**
     * Opens the application on a ledger folder, creating the ledger when the folder has none.
     *
     * @param model the trained model; on a new ledger it becomes the first served version; on an
     *     existing one only its architecture is used. The application owns it from now on
     * @param train the training data the model was trained on (request rows are its row ids)
     * @param test held-out data for verification, or null
     * @param plan the escalation plan every round runs
     * @param folder the ledger's folder (created when missing): {@code ledger.mv.db} and
     *     {@code models/}
     */
    public DeletionRequestApp(TrainableModel model, Dataset train, Dataset test, UnlearningPlan plan, Path folder) {
        this(model, train, test, plan, folder, phase -> { });
    }

    /**
     * Opens the application, telling {@code phases} the phases of every round (for progress, or
     * tests).
     *
     * @param model the trained model (see {@link #DeletionRequestApp(TrainableModel, Dataset,
     *     Dataset, UnlearningPlan, Path)})
     * @param train the training data
     * @param test held-out data, or null
     * @param plan the escalation plan
     * @param folder the ledger's folder
     * @param phases told {@code unlearning}, {@code writing}, {@code recording} as each round reaches them
     */
    public DeletionRequestApp(TrainableModel model, Dataset train, Dataset test, UnlearningPlan plan, Path folder,
            Consumer<String> phases) {
        this.template = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(folder, "folder");
        DeletionLedger opened = new DeletionLedger(JdbcLedgerStore.h2(folder.resolve("ledger")),
                folder.resolve("models"), train, test, plan, model, phases);
        try {
            ModelVersion version = opened.start(model);
            this.served = new ServedModel(opened.loadServed());
            this.servedVersion = version.id();
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.ledger = opened;
        LOG.info("serving ledger version {} from {}", servedVersion, folder);
    }

    /**
     * Whether a folder already holds a ledger (then the model given to the constructor is not
     * served, and need not be trained).
     *
     * @param folder the folder
     * @return true when it holds the ledger's database
     */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve("ledger.mv.db"));
    }

    /** @return the served model; lease it for each call ({@code try (var lease = served().lease())}) */
    public ServedModel served() {
        return served;
    }

    /** @return the ledger version being served (its id in the ledger; survives restarts) */
    public synchronized long servedVersion() {
        return servedVersion;
    }

    /** @return the ledger (requests, versions, the receipt chain) */
    public DeletionLedger ledger() {
        return ledger;
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

    /** @return the training rows removed by every applied request so far */
    public int[] removedRows() {
        return ledger.removedRows();
    }

    /**
     * Honours a deletion request: submits it durably, runs a round (waiting for a round in
     * progress), and serves the new version. Calling it again with the same id and rows is safe:
     * the request is applied once, and the same chain entry is returned.
     *
     * @param requestId the caller's id for the request
     * @param rowIds the training rows to forget
     * @return the chain entry that applied the request: its receipt, and the versions before and
     *     after (the same version when every row had been removed by earlier requests)
     * @throws io.github.unlearn4j.api.InvalidRequestException on a bad id or rows, or an id submitted
     *     before with other rows (nothing is submitted then)
     * @throws RuntimeException when the round fails: the request stays pending (it is durable) and
     *     the old version keeps serving; the next round applies it
     */
    public LedgerEntry forget(String requestId, int[] rowIds) {
        SubmitResult submitted = ledger.submit(requestId, rowIds);
        LOG.info("request {} committed ({} rows{})", requestId, submitted.request().rows().length,
                submitted.duplicate() ? ", a repeat" : "");
        ledger.runRound();
        refresh();
        LedgerEntry entry = entryOf(requestId);
        LOG.info("request {}: applied by chain entry {}, serving ledger version {}", requestId, entry.index(),
                servedVersion());
        return entry;
    }

    /** Serves the ledger's served version, if it is not served yet. */
    private synchronized void refresh() {
        ModelVersion v = ledger.served().orElseThrow();
        if (v.id() != servedVersion) {
            served.swap(ledger.loadServed());
            servedVersion = v.id();
        }
    }

    /** The chain entry that applied a request (the latest entries are searched first). */
    private LedgerEntry entryOf(String requestId) {
        List<LedgerEntry> chain = ledger.store().entries();
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).requestIds().contains(requestId)) {
                return chain.get(i);
            }
        }
        throw new IllegalStateException("request " + requestId + " is still pending after a round; see the log");
    }

    /** Stops serving (the model closes after its last lease) and closes the ledger and the template. */
    @Override
    public void close() {
        try {
            served.close();
        } finally {
            try {
                ledger.close();
            } finally {
                template.close();
            }
        }
    }

    /**
     * Runs the example on synthetic images: train (unless the folder already holds a ledger),
     * receive a request for 40 rows, forget, swap. Run it twice on one folder: the second run serves
     * the version the first one left, and its repeated request is answered from the chain.
     *
     * @param args optional: the ledger folder (default: a new temporary folder)
     * @throws Exception if the folder cannot be created
     */
    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("unlearn4j-ledger");
        Files.createDirectories(folder);
        try (DjlDataset train = SyntheticImages.generate("app/train", 1_200, 1).toDataset(Device.cpu());
                DjlDataset test = SyntheticImages.generate("app/test", 300, 2).toDataset(Device.cpu())) {
            DjlModel model = DjlModel.create(Architectures.mlp(784, 64, 10), Device.cpu(), 7);
            if (!exists(folder)) {
                OriginalTraining.fit(model, DataView.all(train), new TrainingSettings(0.05, 3, 64, 0.9, 5e-4),
                        LearningRateSchedule.CONSTANT, 7, ProgressListener.NONE, CancellationToken.none());
            }
            try (DeletionRequestApp app = new DeletionRequestApp(model, train, test, plan(), folder)) {
                int[] userRows = new int[40];
                for (int i = 0; i < userRows.length; i++) {
                    userRows[i] = 25 * i;
                }
                LedgerEntry entry = app.forget("user-1234", userRows);
                LOG.info("request user-1234 applied by chain entry {}: version {} -> {}, chain intact: {}",
                        entry.index(), entry.versionBefore(), entry.versionAfter(), app.ledger().verify().intact());
            }
        }
    }

    /**
     * The example's plan: ft, then retrain, each judged by the lenient policy, with small budgets.
     *
     * @return the plan
     */
    static UnlearningPlan plan() {
        Settings small = Settings.of(Map.of("epochs", 2, "batchSize", 64));
        Settings retrain = Settings.of(Map.of("epochs", 3, "batchSize", 64, "learningRate", 0.05));
        return UnlearningPlan.builder().optPolicy(ForgettingPolicy.lenient()).optSeed(42)
                .addStep("ft", small).addStep("retrain", retrain).optReferenceSettings(retrain).build();
    }
}
