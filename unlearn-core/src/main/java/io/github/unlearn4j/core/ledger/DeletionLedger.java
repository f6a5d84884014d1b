package io.github.unlearn4j.core.ledger;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.Checkpoints;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.receipt.Fingerprint;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletion requests over time, on one model: {@link #submit} records a request durably; {@link
 * #runRound} applies every pending request with an {@link UnlearningPlan}, writes the new model
 * version and appends its receipt to the chain.
 *
 * <p>A {@link RetrainSchedule} decides, before each round, whether it retrains from scratch instead
 * (every N rounds, or when the drift or time accumulated since the last retrain reaches a budget);
 * the chain entry records the decision and its reason, the plan's outcome, the drift and the time,
 * beside the receipt.
 *
 * <p><b>Order of work in one round</b> (each step announced to the phase listener first):
 * {@code unlearning} (load the served version, build the split of the cumulative removed rows and
 * the new forget rows, run the plan, which unlearns and verifies), {@code writing} (the new
 * parameters to a temporary file moved into place), {@code recording} ({@link LedgerStore#addVersion}
 * and {@link LedgerStore#append}, which marks the requests applied in the same transaction). A
 * process killed anywhere before {@code append} commits leaves the requests pending and the served
 * version unchanged, so the next round applies them, once; a model file written by a killed round is
 * never referenced by a receipt, and {@link #prune()} removes it (and the version record of a round
 * killed between {@code addVersion} and {@code append}). Rounds never overlap, even across ledgers in one process (DJL's
 * training state is global to a process).
 */
public final class DeletionLedger implements AutoCloseable {
    /** The checkpoint kind of a served model version. */
    public static final String KIND = "ledger-version";
    /**
     * Serializes the rounds of every ledger in this process: a round trains, and DJL's gradient
     * collector and random seed are global to a process, so two rounds must never overlap.
     */
    private static final ReentrantLock ROUNDS = new ReentrantLock();
    private static final Logger LOG = LoggerFactory.getLogger(DeletionLedger.class);

    private final LedgerStore store;
    private final Path models;
    private final Dataset train;
    private final Dataset test;
    private final UnlearningPlan plan;
    private final TrainableModel template;
    private final Consumer<String> phases;
    private final RetrainSchedule schedule;
    private final UnlearningPlan retrainPlan;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Opens a ledger over a store.
     *
     * @param store where requests, versions and receipts are kept; closed with this ledger
     * @param models the folder of the model versions' parameter files
     * @param train the training set the row ids refer to
     * @param test a held-out set for verification, or null
     * @param plan the escalation plan each round runs
     * @param template a model of the served architecture (its parameters are not used)
     * @param phases told {@code unlearning}, {@code writing} and {@code recording} as a round reaches
     *     them (for progress, and for the crash tests)
     */
    public DeletionLedger(LedgerStore store, Path models, Dataset train, Dataset test, UnlearningPlan plan,
            TrainableModel template, Consumer<String> phases) {
        this(store, models, train, test, plan, template, phases, RetrainSchedule.onFailureOnly(), null);
    }

    /**
     * Opens a ledger that also retrains on a schedule.
     *
     * @param store where requests, versions and receipts are kept; closed with this ledger
     * @param models the folder of the model versions' parameter files
     * @param train the training set the row ids refer to
     * @param test a held-out set for verification, or null
     * @param plan the escalation plan an approximate round runs
     * @param template a model of the served architecture (its parameters are not used)
     * @param phases told {@code unlearning}, {@code writing} and {@code recording} as a round reaches them
     * @param schedule when a round retrains from scratch instead
     * @param retrainPlan the plan a scheduled retrain runs (a {@code retrain} step and the policy);
     *     needed unless the schedule is {@link RetrainSchedule#onFailureOnly()}
     * @throws InvalidRequestException naming {@code retrainPlan} when the schedule needs it and it is null
     */
    public DeletionLedger(LedgerStore store, Path models, Dataset train, Dataset test, UnlearningPlan plan,
            TrainableModel template, Consumer<String> phases, RetrainSchedule schedule, UnlearningPlan retrainPlan) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (retrainPlan == null && !schedule.equals(RetrainSchedule.onFailureOnly())) {
            throw InvalidRequestException.of("retrainPlan", "null", "a retrain schedule (" + schedule + ") needs the"
                    + " plan its scheduled retrains run");
        }
        this.retrainPlan = retrainPlan;
        this.store = Objects.requireNonNull(store, "store");
        this.models = Objects.requireNonNull(models, "models");
        this.train = Objects.requireNonNull(train, "train");
        this.test = test;
        this.plan = Objects.requireNonNull(plan, "plan");
        this.template = Objects.requireNonNull(template, "template");
        this.phases = phases == null ? p -> { } : phases;
    }

    /** @return the store */
    public LedgerStore store() {
        return store;
    }

    /**
     * Records the first served model, once: a ledger that already serves a version keeps it.
     *
     * @param original the trained model
     * @return the served version
     */
    public synchronized ModelVersion start(TrainableModel original) {
        Optional<ModelVersion> served = store.servedVersion();
        if (served.isPresent()) {
            return served.get();
        }
        Optional<ModelVersion> first = store.version(1);
        if (first.isPresent()) {
            return first.get();
        }
        Path file = write(original, 0, new int[0]);
        return store.addVersion(Fingerprint.parameters(original), null, file.toString());
    }

    /**
     * Records a deletion request; returns once it is committed.
     *
     * @param requestId the caller's id (idempotent)
     * @param rows training rows to forget
     * @return the committed request
     */
    public SubmitResult submit(String requestId, int[] rows) {
        for (int r : DeletionRequest.checkRows(rows)) {
            if (r >= train.size()) {
                throw InvalidRequestException.of("rows", r, "is not a row of the training set (" + train.size()
                        + " rows)");
            }
        }
        return store.submit(requestId, rows);
    }

    /**
     * Applies every pending request in one round. Rounds of every ledger in this process run one
     * at a time (a call waits for the round in progress).
     *
     * @return the chain entry, or empty when nothing was pending
     * @throws IllegalStateException when no model was {@link #start started}
     */
    public Optional<LedgerEntry> runRound() {
        ROUNDS.lock();
        try {
            return round();
        } finally {
            ROUNDS.unlock();
        }
    }

    private Optional<LedgerEntry> round() {
        List<DeletionRequest> pending = store.pending();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        ModelVersion served = servedOrFirst();
        TreeSet<Integer> removed = applied();
        TreeSet<Integer> forget = new TreeSet<>();
        List<String> ids = new ArrayList<>();
        for (DeletionRequest r : pending) {
            ids.add(r.id());
            for (int row : r.rows()) {
                if (!removed.contains(row)) {
                    forget.add(row);
                }
            }
        }
        phases.accept("unlearning");
        int[] removedRows = removed.stream().mapToInt(Integer::intValue).toArray();
        if (forget.isEmpty()) {
            // every row was already forgotten by earlier requests: record the requests against the same model
            phases.accept("recording");
            return Optional.of(store.append(ids, served.id(), served.id(), "{\"note\":\"every row of these requests"
                    + " was already removed\"}"));
        }
        int[] forgetRows = forget.stream().mapToInt(Integer::intValue).toArray();
        DataSplit split = DataSplit.of(train, forgetRows, removedRows, test);
        RetrainSchedule.Decision decision = schedule.decide(sinceRetrain());
        try (TrainableModel current = template.copy()) {
            Checkpoints.read(Path.of(served.location())).applyTo(current);
            long t0 = System.nanoTime();
            try (PlanResult result = (decision.retrain() ? retrainPlan : plan).run(current, split)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                TrainableModel next = result.model().orElseThrow(() -> new IllegalStateException(
                        "the plan returned no model: " + result.outcome()));
                phases.accept("writing");
                TreeSet<Integer> union = new TreeSet<>(removed);
                union.addAll(forget);
                int[] all = union.stream().mapToInt(Integer::intValue).toArray();
                Path file = write(next, served.id() + 1, all);
                phases.accept("recording");
                ModelVersion version = store.addVersion(Fingerprint.parameters(next), served.id(), file.toString());
                return Optional.of(store.append(ids, served.id(), version.id(), roundJson(decision, result,
                        seconds)));
            }
        }
    }

    /**
     * A round's record in the chain: the schedule's decision and reason, the plan's outcome, the
     * round's drift (the returned model's {@code avgGap}, when measured) and time, and the receipt.
     */
    private static String roundJson(RetrainSchedule.Decision decision, PlanResult result, double seconds) {
        ObjectNode round = JSON.createObjectNode();
        ObjectNode s = round.putObject("schedule");
        s.put("retrain", decision.retrain());
        s.put("reason", decision.reason());
        round.put("outcome", result.outcome().name());
        double drift = Double.NaN;
        for (UnlearningReceipt.MetricEntry m : result.receipt().metrics()) {
            if (m.name().equals("avgGap") && m.value() != null) {
                drift = m.value();
            }
        }
        if (Double.isNaN(drift)) {
            round.putNull("drift");
        } else {
            round.put("drift", drift);
        }
        round.put("seconds", seconds);
        try {
            round.set("receipt", JSON.readTree(ReceiptWriter.toJson(result.receipt())));
            return JSON.writeValueAsString(round);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt that does not read back as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The approximate rounds since the last retrain (scheduled, or the plan's fallback), read from
     * the chain.
     *
     * @return their count, the last measured drift and the rounds after it, and their summed time
     */
    public RetrainSchedule.SinceRetrain sinceRetrain() {
        return sinceRetrain(store.entries());
    }

    /**
     * The approximate rounds since the last retrain, read from a chain (for tools that read a store
     * without opening a whole ledger).
     *
     * @param chain the ledger's entries, in order
     * @return as {@link #sinceRetrain()}
     */
    public static RetrainSchedule.SinceRetrain sinceRetrain(List<LedgerEntry> chain) {
        int rounds = 0;
        int afterMeasurement = 0;
        double measured = Double.NaN;
        double seconds = 0;
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonNode round = roundOf(chain.get(i));
            if (!round.has("outcome")) {
                continue; // a round whose rows were all removed before: no model work
            }
            if (retrained(round)) {
                break;
            }
            rounds++;
            if (Double.isNaN(measured)) {
                if (round.path("drift").isNumber()) {
                    measured = round.path("drift").asDouble();
                } else {
                    afterMeasurement++;
                }
            }
            seconds += round.path("seconds").asDouble();
        }
        return new RetrainSchedule.SinceRetrain(rounds, measured, afterMeasurement, seconds);
    }

    static JsonNode roundOf(LedgerEntry entry) {
        try {
            return JSON.readTree(entry.receipt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger entry " + entry.index() + " is not JSON", e);
        }
    }

    /** @return whether a round retrained: scheduled, or the plan's fallback */
    static boolean retrained(JsonNode round) {
        return round.path("schedule").path("retrain").asBoolean() || round.path("outcome").asText().equals("RETRAINED");
    }

    /**
     * The cost estimate from this ledger's measured rounds ({@link CostEstimate}). Where no round
     * measured its drift (the usual case: that needs a retrain per round), the drift rate is the
     * schedule's {@link RetrainSchedule#driftPerRound()}, when known.
     *
     * @return the estimate
     */
    public CostEstimate costEstimate() {
        CostEstimate measured = CostEstimate.of(store.entries());
        if (Double.isNaN(measured.driftPerRound()) && !Double.isNaN(schedule.driftPerRound())) {
            return measured.withDriftPerRound(schedule.driftPerRound());
        }
        return measured;
    }

    /** @return the retrain schedule */
    public RetrainSchedule schedule() {
        return schedule;
    }

    private ModelVersion servedOrFirst() {
        return served().orElseThrow(() -> new IllegalStateException(
                "the ledger serves no model yet; call start(original) first"));
    }

    /** @return the served model version, if any */
    public Optional<ModelVersion> served() {
        return store.servedVersion().or(() -> store.version(1));
    }

    /**
     * Loads the served model's parameters into a copy of the template.
     *
     * @return the served model; close it when done
     */
    public TrainableModel loadServed() {
        ModelVersion v = servedOrFirst();
        TrainableModel m = template.copy();
        Checkpoints.read(Path.of(v.location())).applyTo(m);
        return m;
    }

    /** Writes a version's parameters atomically (temporary file, then a move). */
    private Path write(TrainableModel model, long version, int[] removedRows) {
        String data = DataFingerprint.builder().add(train.name()).add(train.size()).add(removedRows).hex();
        CheckpointKey key = CheckpointKey.of(KIND, model, data, "ledger version " + version, version);
        Path file = models.resolve(key.fileName());
        return Checkpoints.write(file, Checkpoint.of(key, model, Double.NaN, Map.of("version", Long.toString(version))));
    }

    /**
     * Recomputes the chain and the fingerprints of the stored model files.
     *
     * @return intact, or the first entry that does not match
     */
    public ChainCheck verify() {
        return verify(store);
    }

    /**
     * Recomputes the chain of a store and the fingerprints of the model files its versions name (as
     * {@link #verify()}, for tools that read a store without opening a whole ledger). Orphaned
     * versions ({@link LedgerStore#orphanVersions()}) are not checked: no entry names them.
     *
     * @param store the store
     * @return intact, or the first entry that does not match
     */
    public static ChainCheck verify(LedgerStore store) {
        return store.verify(v -> Fingerprint.parameters(Checkpoints.read(Path.of(v.location())).parameters()));
    }

    /**
     * What {@link #prune} removed.
     *
     * @param versions the orphaned versions whose records were removed
     * @param files the files deleted: the orphans' parameter files that no kept version names, and
     *     checkpoint or temporary files in the models folder that no version names (left by a round
     *     killed before it recorded its version)
     */
    public record Pruned(List<ModelVersion> versions, List<Path> files) {
        /**
         * Copies the lists.
         *
         * @param versions versions
         * @param files files
         */
        public Pruned {
            versions = List.copyOf(versions);
            files = List.copyOf(files);
        }
    }

    /**
     * Removes what killed rounds left behind: the orphaned model versions ({@link
     * LedgerStore#removeOrphanVersions()}) and the parameter files that no kept version names. Waits
     * for a round in progress in this process (rounds and pruning take the same lock); do not prune
     * while another process may run a round on the same store.
     *
     * @return what was removed
     */
    public Pruned prune() {
        return prune(store, models);
    }

    /**
     * As {@link #prune()}, for a store and its models folder without a whole ledger.
     *
     * @param store the store
     * @param models this ledger's own folder of parameter files (files in it that look like
     *     checkpoints, {@code *.ckpt} and their temporary {@code .*.tmp}, and that no kept version
     *     names are deleted); may not exist
     * @return what was removed
     * @throws java.io.UncheckedIOException when the folder cannot be listed or a file cannot be deleted
     */
    public static Pruned prune(LedgerStore store, Path models) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(models, "models");
        ROUNDS.lock();
        try {
            List<ModelVersion> removed = store.removeOrphanVersions();
            Set<Path> kept = new HashSet<>();
            for (ModelVersion v : store.versions()) {
                kept.add(Path.of(v.location()).toAbsolutePath().normalize());
            }
            Set<Path> candidates = new LinkedHashSet<>();
            for (ModelVersion v : removed) {
                candidates.add(Path.of(v.location()).toAbsolutePath().normalize());
            }
            if (Files.isDirectory(models)) {
                try (Stream<Path> files = Files.list(models)) {
                    files.filter(Files::isRegularFile).filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(Checkpoints.EXTENSION) || n.startsWith(".") && n.endsWith(".tmp");
                    }).forEach(f -> candidates.add(f.toAbsolutePath().normalize()));
                }
            }
            List<Path> deleted = new ArrayList<>();
            for (Path f : candidates) {
                if (!kept.contains(f) && Files.deleteIfExists(f)) {
                    deleted.add(f);
                }
            }
            if (!removed.isEmpty() || !deleted.isEmpty()) {
                LOG.info("pruned {} orphaned model versions and {} files", removed.size(), deleted.size());
            }
            return new Pruned(removed, deleted);
        } catch (IOException e) {
            throw new UncheckedIOException("pruning the model files in " + models + ": " + e.getMessage(), e);
        } finally {
            ROUNDS.unlock();
        }
    }

    /**
     * The rows of every applied request.
     *
     * @return ascending rows
     */
    public int[] removedRows() {
        return applied().stream().mapToInt(Integer::intValue).toArray();
    }

    private TreeSet<Integer> applied() {
        TreeSet<Integer> removed = new TreeSet<>();
        for (DeletionRequest r : store.requests()) {
            if (r.state() == RequestState.APPLIED) {
                for (int row : r.rows()) {
                    removed.add(row);
                }
            }
        }
        return removed;
    }

    /** @return a view of the rows still to be learned from: the training set minus every applied request */
    public DataView retained() {
        int[] removed = removedRows();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0, j = 0; i < train.size(); i++) {
            if (j < removed.length && removed[j] == i) {
                j++;
            } else {
                keep.add(i);
            }
        }
        return new DataView(train, keep.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public void close() {
        store.close();
    }
}
