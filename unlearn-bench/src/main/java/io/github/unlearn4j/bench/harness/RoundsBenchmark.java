package io.github.unlearn4j.bench.harness;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.ledger.CostEstimate;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.LedgerEntry;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.Measurements;
import io.github.unlearn4j.core.verify.VerificationSuite;
import io.github.unlearn4j.djl.DevicePreference;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.FallbackPolicy;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.FashionMnistOrSynthetic;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletion requests over time, through the {@link DeletionLedger}: sequential rounds on the
 * results harness's memorizing MLP, the drift of each method's served model from retraining after
 * every round, the policies' verdicts, the cost, and the retrain schedule's recommendation beside
 * the measured truth. Run it with {@code unlearn-bench/run-rounds [--quick]}.
 *
 * <p><b>Setup.</b> The harness's data (10,000 Fashion-MNIST training images, 5,000 test images),
 * architecture and original (35 epochs; the same cache, so {@code run-table}'s originals are
 * reused). Two sequences per seed:
 * <ul>
 *   <li>random: {@code --rounds} (10) rounds, each deleting a fresh {@code --fraction} (1%) of the
 *       training rows not yet deleted, sent as {@code --requests} (10) requests of equal size;
 *   <li>class-wise: one class per round, in the order {@link #CLASS_SEQUENCE} (one request each).
 * </ul>
 * For each method ({@code ft}, {@code rl}, {@code rbm}, with the settings the harness chose for the
 * scenario: {@link #SETTINGS}) one ledger (H2 in the output folder) whose plan is that method alone
 * under the {@code lenient} policy (no retrained reference: what a production ledger can afford),
 * with the plan's fallback to retraining on a failed verdict. Two more ledgers run {@code retrain}
 * each round: from the original's seed (the reference every drift is measured against) and from
 * seed + {@value ResultsHarness#INDEPENDENT_SEED_OFFSET} (the noise floor). Every ledger receives the
 * same requests; after each round the benchmark loads every served model and measures, on the
 * cumulative forget set, UA, RA, TA and MIA as the harness does (class-wise: TA and the MIA's
 * non-members on the test rows of the classes not yet forgotten), the Avg. Gap to the reference
 * (the drift), and the {@code strict} policy's verdict with that reference.
 *
 * <p><b>The schedule's estimate.</b> With {@code d} the drift after the first round (one calibration
 * round with a retrain, what a deployment can afford to measure), {@link CostEstimate} recommends the
 * longest retrain interval that keeps the drift within a budget B: N = ⌊B/d⌋ + 1; the measured truth
 * is one more than the number of rounds whose mean drift stays within B. The cost per request at
 * that interval comes from the ledgers' own round times (plan time: unlearning and the lenient
 * verification), against retraining for every round (the retrain ledger's rounds).
 */
public final class RoundsBenchmark {
    /** The methods whose drift is followed. */
    static final List<String> METHODS = List.of("ft", "rl", "rbm");
    /** The sequences, in report order. */
    static final List<String> SEQUENCES = List.of("random", "class-wise");
    /** The classes forgotten one per round in the class-wise sequence. */
    static final int[] CLASS_SEQUENCE = {3, 5, 2, 7};
    /** The ledger that retrains from the original's seed: the reference. */
    static final String REFERENCE = "retrain";
    /** The ledger that retrains from another seed: the noise floor. */
    static final String FLOOR = ResultsHarness.FLOOR;
    /** Separates the random sequence's draw from the harness's draws of the same seed. */
    static final long SEQUENCE_SALT = 0x5EC0L;
    /**
     * The settings each method runs with: those the results harness chose per scenario on its
     * validation setups (docs/results/results.md, "Hyperparameter search"); random forgetting's for
     * the random sequence, class-wise forgetting's for the class sequence.
     */
    static final Map<String, Map<String, Map<String, Object>>> SETTINGS = Map.of(
            "random", Map.of(
                    "ft", Map.of("learningRate", 0.1, "epochs", 20),
                    "rl", Map.of("learningRate", 0.01, "epochs", 20),
                    "rbm", Map.of("saliency", "activation-usage", "keepFraction", 0.3, "ranking", "per-tensor",
                            "variant", "reset-ft", "unkept", "reinitialize", "learningRate", 0.03, "epochs", 20)),
            "class-wise", Map.of(
                    "ft", Map.of("learningRate", 0.1, "epochs", 20),
                    "rl", Map.of("learningRate", 0.003, "epochs", 5),
                    "rbm", Map.of("saliency", "activation-usage", "keepFraction", 0.8, "ranking", "global",
                            "variant", "reset-ft", "unkept", "reinitialize", "learningRate", 0.01, "epochs", 20)));

    private RoundsBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the benchmark, printing to the given streams.
     *
     * @param args options
     * @param out where help goes
     * @param err progress and errors
     * @return the exit status: 0 done, 2 bad input, 1 failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Cli(err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    /** The command line. */
    @Command(name = "RoundsBenchmark", sortOptions = false, description = "Deletion requests over time through the"
            + " deletion ledger: drift from retraining per round for ft, rl and rbm, the policies' verdicts, the cost"
            + " per request, and the retrain schedule's recommendation against the measured truth. Writes rounds.md,"
            + " rounds.json and rounds-<sequence>.png.", footer = {"", "Exit status: 0 done, 2 bad input, 1 failed.",
                "Run it with: unlearn-bench/run-rounds [--quick] [OPTIONS]"})
    static final class Cli implements Callable<Integer> {
        private final PrintStream err;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--quick", description = "Smoke run: seed 1, 1,500 training and 500 test images, original 5"
                + " epochs, 3 random rounds of 2%, 2 classes, every method 1 epoch.")
        boolean quick;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("unlearn-bench/target/rounds");

        @Option(names = "--models", paramLabel = "DIR", description = "Cache of the originals, shared with run-table"
                + " (default: ${DEFAULT-VALUE}).")
        Path models = Path.of("unlearn-bench/target/results/models");

        @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default:"
                + " /usr/share/datasets/fashion-mnist, synthetic data when missing).")
        Path data;

        @Option(names = "--synthetic", description = "Synthetic images even where Fashion-MNIST is installed.")
        boolean synthetic;

        @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Seeds (default: 1,2,3).")
        List<Long> seeds;

        @Option(names = "--rounds", paramLabel = "N", description = "Random rounds (default: 10).")
        Integer rounds;

        @Option(names = "--fraction", paramLabel = "F", description = "Share of the training rows deleted per random"
                + " round (default: 0.01).")
        Double fraction;

        @Option(names = "--requests", paramLabel = "Q", description = "Requests per random round (default: 10).")
        int requests = 10;

        @Option(names = "--class-rounds", paramLabel = "N", description = "Class-wise rounds, at most "
                + "4 (default: 4).")
        Integer classRounds;

        @Option(names = "--budgets", split = ",", paramLabel = "B", description = "Drift budgets, Avg. Gap points"
                + " (default: 1,2,3,5).")
        List<Double> budgets = List.of(1.0, 2.0, 3.0, 5.0);

        @Option(names = "--sequences", split = ",", paramLabel = "S", description = "Sequences to run: random,"
                + " class-wise, or none (default: both).")
        List<String> sequences = List.of("random", "class-wise");

        @Option(names = "--reuse", paramLabel = "FILE", description = "An earlier rounds.json whose points stand for"
                + " the sequences this run does not run (with --sequences none: only re-render the report, e.g."
                + " with other --budgets).")
        Path reuse;

        Cli(PrintStream err) {
            this.err = err;
        }

        @Override
        public Integer call() {
            Options o = new Options(quick, out, models, data, synthetic,
                    seeds != null ? seeds : quick ? List.of(1L) : List.of(1L, 2L, 3L),
                    rounds != null ? rounds : quick ? 3 : 10, fraction != null ? fraction : quick ? 0.02 : 0.01,
                    requests, classRounds != null ? classRounds : quick ? 2 : CLASS_SEQUENCE.length, budgets,
                    sequences.equals(List.of("none")) ? List.of() : sequences, reuse);
            String bad = o.problem();
            if (bad != null) {
                err.println("RoundsBenchmark: " + bad);
                return 2;
            }
            try {
                new Runner(o, err).run();
                return 0;
            } catch (RuntimeException e) {
                err.println("RoundsBenchmark: failed: " + e);
                e.printStackTrace(err);
                return 1;
            }
        }
    }

    /**
     * The benchmark's settings.
     *
     * @param quick the smoke run
     * @param out the output folder
     * @param models the originals' cache
     * @param data a Fashion-MNIST folder, or null for the default
     * @param synthetic synthetic images
     * @param seeds the seeds
     * @param rounds random rounds
     * @param fraction share deleted per random round
     * @param requests requests per random round
     * @param classRounds class-wise rounds
     * @param budgets drift budgets
     * @param sequences the sequences to run
     * @param reuse an earlier rounds.json for the other sequences, or null
     */
    record Options(boolean quick, Path out, Path models, Path data, boolean synthetic, List<Long> seeds, int rounds,
            double fraction, int requests, int classRounds, List<Double> budgets, List<String> sequences, Path reuse) {
        /** @return the problem with these options, or null */
        String problem() {
            if (seeds.isEmpty()) {
                return "--seeds: give at least one seed";
            }
            if (rounds < 1) {
                return "--rounds = " + rounds + ": must be at least 1";
            }
            if (!(fraction > 0) || fraction * rounds >= 0.5) {
                return "--fraction = " + fraction + ": must be > 0, and rounds x fraction below 0.5 (" + rounds
                        + " rounds)";
            }
            if (requests < 1) {
                return "--requests = " + requests + ": must be at least 1";
            }
            if (classRounds < 0 || classRounds > CLASS_SEQUENCE.length) {
                return "--class-rounds = " + classRounds + ": must be 0.." + CLASS_SEQUENCE.length;
            }
            for (double b : budgets) {
                if (!(b > 0)) {
                    return "--budgets: " + b + " is not > 0";
                }
            }
            for (String seq : sequences) {
                if (!SEQUENCES.contains(seq)) {
                    return "--sequences: '" + seq + "' is not one of " + SEQUENCES + " (or none)";
                }
            }
            if (reuse != null && !Files.isRegularFile(reuse)) {
                return "--reuse = " + reuse + ": not a file (an earlier run's rounds.json)";
            }
            return null;
        }

        TrainingSettings recipe() {
            return new TrainingSettings(0.05, quick ? 5 : ResultsHarness.Options.FULL_ORIGINAL_EPOCHS, 128, 0.9, 5e-4);
        }

        int trainLimit() {
            return quick ? 1500 : 10_000;
        }

        int testSize() {
            return quick ? 500 : 5_000;
        }
    }

    /**
     * One served model after one round.
     *
     * @param sequence random or class-wise
     * @param seed the seed
     * @param round 1-based
     * @param model the ledger's name: a method, {@link #REFERENCE}, {@link #FLOOR}, or {@code original}
     * @param forgotten rows deleted so far
     * @param metrics UA, RA, TA, MIA
     * @param gap Avg. Gap to the reference
     * @param seconds the ledger's round time (plan: unlearning and lenient verification), NaN for the original
     * @param outcome the plan's outcome (PASSED, RETRAINED), or empty
     * @param lenient the method's attempt's lenient verdict and failed lines, or empty
     * @param strict the strict verdict with the reference, and failed lines
     */
    record Point(String sequence, long seed, int round, String model, int forgotten, Map<String, Double> metrics,
            double gap, double seconds, String outcome, String lenient, String strict) {
        /** @return this point under another model name (an approximate chain still equal to its ledger's) */
        Point as(String name) {
            return new Point(sequence, seed, round, name, forgotten, metrics, gap, seconds, outcome, lenient, strict);
        }
    }

    /** The name of a method's approximate chain: the method alone every round, whatever its verdict. */
    static String approximateName(String method) {
        return method + " (approximate only)";
    }

    /**
     * How a served model came about in a round.
     *
     * @param seconds the round's time: the ledger's (plan: unlearning and lenient check), or an
     *     approximate step's (unlearning and the lenient check); NaN for the untouched original
     * @param outcome the ledger plan's outcome, APPROXIMATE for a step outside the ledger, or empty
     * @param lenient the lenient verdict of the method's attempt and its failed lines, or empty
     */
    record Run(double seconds, String outcome, String lenient) {
        /** No run: the untouched original. */
        static final Run NONE = new Run(Double.NaN, "", "");

        /** @return the run a ledger entry records */
        static Run of(LedgerEntry entry) {
            JsonNode json = Runner.readJson(entry.receipt());
            JsonNode first = json.path("receipt").path("plan").path("attempts").path(0);
            return new Run(json.path("seconds").asDouble(), json.path("outcome").asText(),
                    first.path("verdict").asText() + Runner.failed(first.path("lines")));
        }
    }

    /** Does the work. */
    static final class Runner {
        private final Options options;
        private final PrintStream err;
        private final long t0 = System.nanoTime();
        private final List<Point> points = new ArrayList<>();
        private final VerificationSuite suite = VerificationSuite.builder().addVerifiers(List.of("accuracy", "mia"))
                .optSettings("mia", Settings.of(Map.of("feature", "confidence"))).build();
        private final PolicyCheck strict = PolicyCheck.of(ForgettingPolicy.strict());
        private final PolicyCheck lenient = PolicyCheck.of(ForgettingPolicy.lenient());
        /** The current round's split for the policies' checks: the cumulative forget set, every test row. */
        private DataSplit policySplit;
        private final UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        /** Per method, its approximate chain where it left the ledger's (after a fallback retrain). */
        private final Map<String, TrainableModel> approximate = new LinkedHashMap<>();
        /** Per method, its last approximate step outside the ledger. */
        private final Map<String, Run> lastStep = new LinkedHashMap<>();
        private final Map<String, DjlDataset> datasets = new LinkedHashMap<>();
        private Device device;
        private DjlArchitecture architecture;
        private LabeledImages trainImages;
        private LabeledImages testImages;
        private DjlDataset train;
        private DjlDataset test;
        private String dataFingerprint;
        private String dataName;

        Runner(Options options, PrintStream err) {
            this.options = options;
            this.err = err;
        }

        private void log(String message) {
            double s = (System.nanoTime() - t0) / 1e9;
            err.printf(Locale.ROOT, "[%4d:%02d] %s%n", (int) (s / 60), (int) (s % 60), message);
            err.flush();
        }

        void run() {
            Instant startedAt = Instant.now();
            FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(options.data(), options.synthetic(),
                    FashionMnist.DEFAULT_FOLDER);
            device = DjlDevices.resolve(DevicePreference.CPU, FallbackPolicy.FAIL);
            architecture = Architectures.mlp(FashionMnist.FEATURES, 256, 256, FashionMnist.CLASSES);
            FashionMnistOrSynthetic.Images images = source.load(options.trainLimit(), options.testSize(),
                    options.testSize(), true, ResultsHarness.SYNTHETIC_SEED);
            images.note().ifPresent(n -> err.println("RoundsBenchmark: note: " + n));
            trainImages = images.train();
            testImages = images.test();
            dataName = images.dataName();
            dataFingerprint = ResultsHarness.Runner.fingerprint(dataName, trainImages);
            train = trainImages.toDataset(device);
            test = testImages.toDataset(device);
            try {
                Files.createDirectories(options.out());
                String reused = "";
                if (options.reuse() != null) {
                    JsonNode earlier = new ObjectMapper().readTree(options.reuse().toFile());
                    for (JsonNode p : earlier.path("points")) {
                        Point point = new ObjectMapper().treeToValue(p, Point.class);
                        if (!options.sequences().contains(point.sequence())) {
                            points.add(point);
                        }
                    }
                    reused = String.format(Locale.ROOT, "%s (a %.1f min run)", options.reuse(),
                            earlier.path("minutes").asDouble());
                }
                for (long seed : options.seeds()) {
                    if (options.sequences().isEmpty()) {
                        break;
                    }
                    try (DjlModel original = original(seed)) {
                        if (options.sequences().contains("random")) {
                            sequence("random", seed, original);
                        }
                        if (options.classRounds() > 0 && options.sequences().contains("class-wise")) {
                            sequence("class-wise", seed, original);
                        }
                    }
                }
                double minutes = (System.nanoTime() - t0) / 60e9;
                RoundsReport report = new RoundsReport(options, points, dataName, startedAt, minutes, reused);
                Files.writeString(options.out().resolve("rounds.md"), report.markdown(), StandardCharsets.UTF_8);
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("options", options.toString());
                all.put("minutes", minutes);
                all.put("points", points);
                all.put("recommendations", report.recommendations());
                json.writeValue(options.out().resolve("rounds.json").toFile(), all);
                for (String seq : report.sequences()) {
                    ChartUtils.saveChartAsPNG(options.out().resolve("rounds-" + seq + ".png").toFile(),
                            report.chart(seq), 1000, 560);
                }
                log(String.format(Locale.ROOT, "done in %.1f min; %s", minutes, options.out().resolve("rounds.md")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                datasets.values().forEach(DjlDataset::close);
                train.close();
                test.close();
            }
        }

        /** The harness's original for a seed, from the shared cache (trained and saved when missing). */
        private DjlModel original(long seed) {
            CheckpointStore store = new CheckpointStore(options.models());
            DjlModel model = DjlModel.create(architecture, device, seed);
            CheckpointKey key = CheckpointKey.of(CheckpointKey.ORIGINAL, model, dataFingerprint, options.recipe()
                    + " schedule " + ResultsHarness.SCHEDULE, seed);
            if (store.loadInto(key, model).isPresent()) {
                log("original seed " + seed + ": loaded from " + store.fileFor(key));
                return model;
            }
            long t = System.nanoTime();
            OriginalTraining.fit(model, DataView.all(train), options.recipe(), ResultsHarness.SCHEDULE, seed,
                    io.github.unlearn4j.api.progress.ProgressListener.NONE,
                    CancellationToken.none());
            double seconds = (System.nanoTime() - t) / 1e9;
            store.save(Checkpoint.of(key, model, seconds, Map.of()));
            log(String.format(Locale.ROOT, "original seed %d: trained in %.1f s", seed, seconds));
            return model;
        }

        /** The rows each round deletes, and the requests they arrive in. */
        private List<List<int[]>> schedule(String sequence, long seed) {
            List<List<int[]>> rounds = new ArrayList<>();
            if (sequence.equals("class-wise")) {
                for (int k = 0; k < options.classRounds(); k++) {
                    rounds.add(List.of(ForgetSets.classWise(train, CLASS_SEQUENCE[k])));
                }
                return rounds;
            }
            int n = train.size();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(seed ^ SEQUENCE_SALT);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int x = order[i];
                order[i] = order[j];
                order[j] = x;
            }
            int perRound = (int) Math.round(options.fraction() * n);
            for (int k = 0; k < options.rounds(); k++) {
                int[] rows = Arrays.copyOfRange(order, k * perRound, (k + 1) * perRound);
                List<int[]> requests = new ArrayList<>();
                int q = Math.min(options.requests(), rows.length);
                for (int j = 0; j < q; j++) {
                    int[] part = Arrays.copyOfRange(rows, j * rows.length / q, (j + 1) * rows.length / q);
                    Arrays.sort(part);
                    requests.add(part);
                }
                rounds.add(requests);
            }
            return rounds;
        }

        private void sequence(String sequence, long seed, DjlModel original) throws IOException {
            Map<String, Object> retrainSettings = ResultsHarness.recipeSettings(options.recipe());
            Map<String, DeletionLedger> ledgers = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(List.of(REFERENCE, FLOOR));
            names.addAll(METHODS);
            Path root = options.out().resolve("ledgers").resolve(sequence + "-seed-" + seed);
            deleteTree(root);
            try {
                for (String name : names) {
                    UnlearningPlan.Builder plan = UnlearningPlan.builder().optPolicy(ForgettingPolicy.lenient())
                            .optReferenceSettings(Settings.of(retrainSettings))
                            .optSeed(name.equals(FLOOR) ? seed + ResultsHarness.INDEPENDENT_SEED_OFFSET : seed);
                    if (name.equals(REFERENCE) || name.equals(FLOOR)) {
                        plan.addStep("retrain", Settings.of(retrainSettings));
                    } else {
                        Map<String, Object> s = new LinkedHashMap<>(SETTINGS.get(sequence).get(name));
                        if (options.quick()) {
                            s.put("epochs", 1);
                        }
                        plan.addStep(name, Settings.of(s));
                    }
                    Path dir = root.resolve(name.replaceAll("[^a-z0-9-]", "-"));
                    DeletionLedger ledger = new DeletionLedger(JdbcLedgerStore.h2(dir.resolve("ledger")),
                            dir.resolve("models"), train, test, plan.build(), DjlModel.create(architecture, device,
                                    seed), null);
                    ledgers.put(name, ledger);
                    ledger.start(original);
                }
                TreeSet<Integer> forgotten = new TreeSet<>();
                List<Integer> forgottenClasses = new ArrayList<>();
                List<List<int[]>> rounds = schedule(sequence, seed);
                for (int k = 0; k < rounds.size(); k++) {
                    int round = k + 1;
                    List<int[]> requests = rounds.get(k);
                    int[] removedBefore = forgotten.stream().mapToInt(Integer::intValue).toArray();
                    TreeSet<Integer> fresh = new TreeSet<>();
                    for (int[] r : requests) {
                        for (int row : r) {
                            if (forgotten.add(row)) {
                                fresh.add(row);
                            }
                        }
                    }
                    if (sequence.equals("class-wise")) {
                        forgottenClasses.add(CLASS_SEQUENCE[k]);
                    }
                    Map<String, LedgerEntry> entries = new LinkedHashMap<>();
                    for (String name : names) {
                        DeletionLedger ledger = ledgers.get(name);
                        TrainableModel before = METHODS.contains(name) && !approximate.containsKey(name)
                                ? ledger.loadServed() : null;
                        for (int j = 0; j < requests.size(); j++) {
                            ledger.submit(sequence + "-" + seed + "-round-" + round + "-request-" + j, requests.get(j));
                        }
                        LedgerEntry entry = ledger.runRound().orElseThrow();
                        entries.put(name, entry);
                        if (!METHODS.contains(name)) {
                            continue;
                        }
                        boolean passed = readJson(entry.receipt()).path("outcome").asText().equals("PASSED");
                        if (before != null && passed) {
                            before.close(); // the approximate chain is still the ledger's own
                        } else {
                            // the ledger retrained (now or earlier): continue the approximate chain on its own
                            TrainableModel from = before != null ? before : approximate.get(name);
                            DataSplit roundSplit = DataSplit.of(train, fresh.stream().mapToInt(Integer::intValue)
                                    .toArray(), removedBefore, test);
                            approximate.put(name, approximateStep(sequence, seed, name, from, roundSplit));
                            from.close();
                        }
                    }
                    int[] forgetRows = forgotten.stream().mapToInt(Integer::intValue).toArray();
                    DjlDataset metricTest = sequence.equals("class-wise") ? testWithout(forgottenClasses) : test;
                    DataSplit split = DataSplit.of(train, forgetRows, metricTest);
                    // the policies measure on every test row (strict's unseenUA needs the forgotten classes' rows)
                    policySplit = DataSplit.of(train, forgetRows, test);
                    try (TrainableModel reference = ledgers.get(REFERENCE).loadServed()) {
                        Metrics ref = measure(reference, split);
                        record(sequence, seed, round, "original", forgetRows.length, original, ref, split, Run.NONE,
                                reference, original);
                        for (String name : names) {
                            try (TrainableModel served = ledgers.get(name).loadServed()) {
                                Point p = record(sequence, seed, round, name, forgetRows.length, served, ref, split,
                                        Run.of(entries.get(name)), reference, original);
                                if (METHODS.contains(name)) {
                                    if (approximate.containsKey(name)) {
                                        record(sequence, seed, round, approximateName(name),
                                                forgetRows.length, approximate.get(name), ref, split,
                                                lastStep.get(name), reference, original);
                                    } else {
                                        points.add(p.as(approximateName(name)));
                                    }
                                }
                            }
                        }
                    }
                    for (String name : names) {
                        if (!ledgers.get(name).verify().intact()) {
                            throw new IllegalStateException("ledger " + name + " failed verify after round " + round
                                    + ": " + ledgers.get(name).verify());
                        }
                    }
                }
            } finally {
                for (DeletionLedger l : ledgers.values()) {
                    l.close();
                }
                approximate.values().forEach(TrainableModel::close);
                approximate.clear();
            }
        }

        /**
         * One round of a method alone, outside the ledger: what the ledger's round would have kept had
         * the method passed the lenient policy. Its time is the unlearning plus the lenient check, as
         * the ledger's round would have spent.
         */
        private TrainableModel approximateStep(String sequence, long seed, String method, TrainableModel from,
                DataSplit roundSplit) {
            Map<String, Object> s = new LinkedHashMap<>(SETTINGS.get(sequence).get(method));
            if (options.quick()) {
                s.put("epochs", 1);
            }
            long t = System.nanoTime();
            UnlearnResult r = registry.create(method, Settings.of(s)).unlearn(UnlearnRequest.builder().setModel(from)
                    .setData(roundSplit).optSeed(seed).build());
            PolicyCheck.Result check = lenient.check(r.model(), roundSplit, null, from);
            double seconds = (System.nanoTime() - t) / 1e9;
            lastStep.put(method, new Run(seconds, "APPROXIMATE", check.verdict().verdict().name()
                    + failedLines(check.verdict())));
            return r.model();
        }

        private Point record(String sequence, long seed, int round, String name, int forgotten, TrainableModel model,
                Metrics ref, DataSplit split, Run run, TrainableModel reference, TrainableModel original) {
            Metrics m = measure(model, split);
            double gap = m.gapTo(ref).mean();
            double seconds = run.seconds();
            String outcome = run.outcome();
            String lenient = run.lenient();
            String strictVerdict;
            if (name.equals(REFERENCE)) {
                strictVerdict = "(the reference)";
            } else {
                PolicyCheck.Result r = strict.check(model, policySplit, reference, original);
                strictVerdict = r.verdict().verdict().name() + failedLines(r.verdict());
            }
            Point p = new Point(sequence, seed, round, name, forgotten, m.asMap(), gap, seconds, outcome, lenient,
                    strictVerdict);
            points.add(p);
            log(String.format(Locale.ROOT, "%s seed %d round %d %-18s %s  Avg. Gap %.2f%s  lenient %s  strict %s",
                    sequence, seed, round, name, ResultsHarness.fmt(m), gap, Double.isNaN(seconds) ? ""
                            : String.format(Locale.ROOT, "  %.1f s %s", seconds, outcome), lenient, strictVerdict));
            return p;
        }


        private static String failed(JsonNode lines) {
            List<String> f = new ArrayList<>();
            for (JsonNode l : lines) {
                if (l.path("status").asText().equals("FAILED")) {
                    f.add(l.path("metric").asText());
                }
            }
            return f.isEmpty() ? "" : " " + f;
        }

        private static String failedLines(io.github.unlearn4j.core.policy.PolicyVerdict v) {
            List<String> f = new ArrayList<>();
            for (var l : v.lines(io.github.unlearn4j.core.policy.LineStatus.FAILED)) {
                f.add(l.metric());
            }
            return f.isEmpty() ? "" : " " + f;
        }

        private DjlDataset testWithout(List<Integer> classes) {
            return datasets.computeIfAbsent("test without " + classes, k -> {
                List<Integer> rows = new ArrayList<>();
                for (int i = 0; i < testImages.size(); i++) {
                    if (!classes.contains(testImages.label(i))) {
                        rows.add(i);
                    }
                }
                return ResultsHarness.Runner.select(testImages, rows, testImages.name() + "/without-" + classes)
                        .toDataset(device);
            });
        }

        private Metrics measure(TrainableModel model, DataSplit split) {
            Measurements m = suite.measure(model, split, null);
            return new Metrics(value(m, "UA"), value(m, "RA"), value(m, "TA"), value(m, "MIA"));
        }

        private static double value(Measurements m, String name) {
            return m.get(name).map(Measurement::value).orElseThrow(() -> new IllegalStateException(
                    "metric " + name + " was not measured: " + m.skipped()));
        }

        private static JsonNode readJson(String text) {
            try {
                return new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void deleteTree(Path root) throws IOException {
            if (!Files.exists(root)) {
                return;
            }
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Aggregates the points into the report, the recommendations and the charts. */
    static final class RoundsReport {
        private final Options options;
        private final List<Point> points;
        private final String dataName;
        private final Instant startedAt;
        private final double minutes;

        private final String reused;

        RoundsReport(Options options, List<Point> points, String dataName, Instant startedAt, double minutes,
                String reused) {
            this.reused = reused;
            this.options = options;
            this.points = points;
            this.dataName = dataName;
            this.startedAt = startedAt;
            this.minutes = minutes;
        }

        List<String> sequences() {
            return SEQUENCES.stream().filter(seq -> points.stream().anyMatch(p -> p.sequence().equals(seq))).toList();
        }

        private int rounds(String seq) {
            return points.stream().filter(p -> p.sequence().equals(seq)).mapToInt(Point::round).max().orElse(0);
        }

        /** The per-seed values of one model at one round, in seed order. */
        private List<Double> values(String seq, String model, int round, java.util.function.ToDoubleFunction<Point> f) {
            List<Double> v = new ArrayList<>();
            for (long seed : options.seeds()) {
                for (Point p : points) {
                    if (p.sequence().equals(seq) && p.model().equals(model) && p.round() == round && p.seed() == seed) {
                        v.add(f.applyAsDouble(p));
                    }
                }
            }
            return v;
        }

        private List<Point> at(String seq, String model, int round) {
            return points.stream().filter(p -> p.sequence().equals(seq) && p.model().equals(model)
                    && p.round() == round).toList();
        }

        private double meanSeconds(String seq, String model) {
            List<Double> v = new ArrayList<>();
            for (Point p : points) {
                if (p.sequence().equals(seq) && p.model().equals(model) && !Double.isNaN(p.seconds())) {
                    v.add(p.seconds());
                }
            }
            return Stats.of(v).mean();
        }

        /**
         * One recommendation.
         *
         * @param sequence random or class-wise
         * @param method the method
         * @param budget the drift budget B
         * @param firstRoundDrift d: the mean drift after round 1
         * @param recommended N from d
         * @param measured one more than the rounds whose mean drift stays within B ({@code rounds + 1}
         *     when all do: "more than")
         * @param allWithin whether every measured round stayed within B
         * @param secondsPerRequestRecommended the cost per request at the recommended interval
         * @param secondsPerRequestMeasured the cost per request at the measured interval
         * @param retrainSecondsPerRequest retraining every round, per request
         * @param strictRounds the rounds before the first one in which the strict policy did not pass
         *     in every seed (all rounds when it always did)
         */
        record Recommendation(String sequence, String method, double budget, double firstRoundDrift, int recommended,
                int measured, boolean allWithin, double secondsPerRequestRecommended, double secondsPerRequestMeasured,
                double retrainSecondsPerRequest, int strictRounds) {}

        List<Recommendation> recommendations() {
            List<Recommendation> out = new ArrayList<>();
            for (String seq : sequences()) {
                int rounds = rounds(seq);
                double r = meanSeconds(seq, REFERENCE);
                double q = seq.equals("class-wise") ? 1 : options.requests();
                for (String method : METHODS) {
                    String m = approximateName(method);
                    double d = Stats.of(values(seq, m, 1, Point::gap)).mean();
                    double a = meanSeconds(seq, m);
                    CostEstimate estimate = new CostEstimate(rounds, 0, a, r, d, q);
                    int strictRounds = 0;
                    while (strictRounds < rounds && at(seq, m, strictRounds + 1).stream()
                            .allMatch(p -> p.strict().startsWith("PASS"))) {
                        strictRounds++;
                    }
                    for (double b : options.budgets()) {
                        int rec = estimate.recommendedInterval(b);
                        int within = 0;
                        while (within < rounds && Stats.of(values(seq, m, within + 1, Point::gap)).mean() <= b) {
                            within++;
                        }
                        int measured = within + 1;
                        out.add(new Recommendation(seq, method, b, d, rec, measured, within == rounds,
                                rec == Integer.MAX_VALUE ? a / q : estimate.secondsPerRequest(Math.max(1, rec)),
                                estimate.secondsPerRequest(measured), estimate.retrainSecondsPerRequest(),
                                strictRounds));
                    }
                }
            }
            return out;
        }

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append("# unlearn4j rounds: deletion requests over time through the ledger\n\n");
            md.append("- Command: `unlearn-bench/run-rounds").append(options.quick() ? " --quick" : "")
                    .append("`; wall time ").append(String.format(Locale.ROOT, "%.1f", minutes)).append(" min")
                    .append(reused.isEmpty() ? "" : "; the sequences it did not run come from " + reused)
                    .append('\n');
            md.append("- Date: ").append(startedAt).append("; machine: ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                    .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                    .append(", Java ").append(System.getProperty("java.version")).append('\n');
            md.append("- Data: ").append(dataName).append(", ").append(options.trainLimit())
                    .append(" training images, ").append(options.testSize()).append(" test images; the harness's"
                            + " MLP 784-256-256-10 and original (").append(options.recipe().epochs())
                    .append(" epochs, cached with run-table's); seeds ").append(options.seeds()).append('\n');
            md.append(String.format(Locale.ROOT, "- Random sequence: %d rounds, each deleting a fresh %.0f%% of the"
                    + " training rows as %d requests; class-wise sequence: classes %s, one per round (one request)\n",
                    options.rounds(), 100 * options.fraction(), options.requests(),
                    Arrays.toString(Arrays.copyOf(CLASS_SEQUENCE, options.classRounds()))));
            md.append("- Each method runs in its own deletion ledger (H2): plan = the method alone with the settings"
                    + " run-table chose for the scenario, policy `lenient` (no reference), falling back to retrain when"
                    + " it fails. The `retrain` ledger retrains from the original's seed every round: the reference;"
                    + " `" + FLOOR + "` from seed + 7919: the noise floor. Drift = Avg. Gap (mean |metric - reference's|"
                    + " over UA, RA, TA, MIA, percent, on the cumulative forget set; class-wise: TA and the MIA's"
                    + " non-members on the test rows of the classes still learned). `strict` = the strict policy with"
                    + " that reference. Seconds = the ledger's round (plan: unlearning and lenient verification).\n");
            md.append("- Settings: ").append(SETTINGS).append("\n\n");
            for (String seq : sequences()) {
                md.append("## ").append(seq.equals("random") ? "Random deletions" : "Class-wise deletions")
                        .append("\n\n![drift](rounds-").append(seq).append(".png)\n\n");
                List<String> models = new ArrayList<>(List.of(FLOOR));
                METHODS.forEach(m -> models.add(approximateName(m)));
                models.add("original");
                md.append("Drift (Avg. Gap to the retrained reference, mean [95% interval] over seeds) after each"
                        + " round, each method applied alone every round (its approximate chain, whatever its"
                        + " verdict):\n\n| Round | rows deleted |");
                for (String m : models) {
                    md.append(' ').append(m.replace(" (approximate only)", "")).append(" |");
                }
                md.append("\n|---|---|").append("---|".repeat(models.size())).append('\n');
                for (int k = 1; k <= rounds(seq); k++) {
                    md.append("| ").append(k).append(" | ").append(at(seq, REFERENCE, k).get(0).forgotten()).append(" |");
                    for (String m : models) {
                        md.append(' ').append(interval(values(seq, m, k, Point::gap))).append(" |");
                    }
                    md.append('\n');
                }
                md.append("\nPer round, each method's approximate chain: lenient and strict verdicts (seeds passing /"
                        + " seeds; lenient = the ledger's own check, with the round's forget rows and the previous"
                        + " model as its negative control; strict = against the reference) and its mean seconds"
                        + " (unlearning and the lenient check); then the ledger as deployed (a lenient FAIL makes its"
                        + " plan retrain): rounds retrained / seeds, and the served model's mean drift. Retrain s = the"
                        + " retrain ledger's round:\n\n| Round |");
                for (String m : METHODS) {
                    md.append(' ').append(m).append(" lenient | strict | s | ledger retrained | ledger drift |");
                }
                md.append(" retrain s |\n|---|").append("---|---|---|---|---|".repeat(METHODS.size())).append("---|\n");
                for (int k = 1; k <= rounds(seq); k++) {
                    md.append("| ").append(k).append(" |");
                    for (String m : METHODS) {
                        List<Point> ps = at(seq, approximateName(m), k);
                        List<Point> ledger = at(seq, m, k);
                        long retrained = ledger.stream().filter(p -> p.outcome().equals("RETRAINED")).count();
                        md.append(' ').append(passes(ps, true)).append(" | ").append(passes(ps, false)).append(" | ")
                                .append(String.format(Locale.ROOT, "%.1f", Stats.of(values(seq, approximateName(m), k,
                                        Point::seconds)).mean())).append(" | ").append(retrained).append('/')
                                .append(ledger.size()).append(" | ").append(String.format(Locale.ROOT, "%.2f",
                                        Stats.of(values(seq, m, k, Point::gap)).mean())).append(" |");
                    }
                    md.append(String.format(Locale.ROOT, " %.1f |%n", Stats.of(values(seq, REFERENCE, k,
                            Point::seconds)).mean()));
                }
                List<String> failures = new ArrayList<>();
                for (Point p : points) {
                    if (p.sequence().equals(seq) && p.model().endsWith("(approximate only)")
                            && !p.lenient().startsWith("PASS")) {
                        failures.add(p.model().replace(" (approximate only)", "") + " seed " + p.seed() + " round "
                                + p.round() + ": " + p.lenient());
                    }
                }
                if (!failures.isEmpty()) {
                    md.append("\nLenient verdicts other than PASS: ").append(String.join("; ", failures)).append('\n');
                }
                int last = rounds(seq);
                md.append("\nDoes the drift grow? Paired over seeds: drift after the last round minus after the first,"
                        + " and the last round's drift minus the noise floor's:\n\n| Method | round ").append(last)
                        .append(" − round 1 | round ").append(last).append(" − floor |\n|---|---|---|\n");
                for (String method : METHODS) {
                    String m = approximateName(method);
                    Stats.Interval growth = Stats.paired(values(seq, m, last, Point::gap), values(seq, m, 1, Point::gap));
                    Stats.Interval vsFloor = Stats.paired(values(seq, m, last, Point::gap), values(seq, FLOOR, last,
                            Point::gap));
                    md.append("| ").append(method).append(" | ").append(growth.format(2)).append(verdict(growth))
                            .append(" | ").append(vsFloor.format(2)).append(verdict(vsFloor)).append(" |\n");
                }
                md.append('\n');
            }
            md.append("## The retrain schedule: recommendation against the measured truth\n\n");
            md.append("d = the mean drift after round 1 (one calibration round, measured against a retrain);"
                    + " recommended interval N = floor(B / d) + 1 (`CostEstimate.recommendedInterval`: N − 1"
                    + " approximate rounds, then a retrain); measured = one more than the number of rounds whose mean"
                    + " drift stayed within B (\"> R\" when all R did). Cost per request = ((N − 1)·a + r) / (N·q) with"
                    + " a the method's mean round, r the retrain ledger's mean round, q requests per round"
                    + " (`CostEstimate.secondsPerRequest`); retraining every round costs r / q.\n\n");
            md.append("Strict holds = the approximate rounds before the first round in which the strict policy (against"
                    + " the reference) did not pass in every seed: the measured interval that keeps that policy"
                    + " satisfied is one more.\n\n");
            md.append("| Sequence | Method | d | Budget B | Recommended N | Measured N | s per request (recommended)"
                    + " | s per request (measured) | retrain s per request | strict holds |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|\n");
            for (Recommendation r : recommendations()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.1f | %s | %s | %s | %.3f | %.3f | %d |%n",
                        r.sequence(), r.method(), r.firstRoundDrift(), r.budget(),
                        r.recommended() == Integer.MAX_VALUE ? "∞" : Integer.toString(r.recommended()),
                        r.allWithin() ? "> " + (r.measured() - 1) : Integer.toString(r.measured()),
                        r.recommended() == Integer.MAX_VALUE ? "–" : String.format(Locale.ROOT, "%.3f",
                                r.secondsPerRequestRecommended()), r.secondsPerRequestMeasured(),
                        r.retrainSecondsPerRequest(), r.strictRounds()));
            }
            md.append('\n');
            return md.toString();
        }

        private static String verdict(Stats.Interval i) {
            return i.excludesZero() ? (i.mean() > 0 ? " (grows / above)" : " (shrinks / below)") : " (tie)";
        }

        private static String passes(List<Point> ps, boolean lenient) {
            long pass = ps.stream().filter(p -> (lenient ? p.lenient() : p.strict()).startsWith("PASS")).count();
            return pass + "/" + ps.size();
        }

        private static String interval(List<Double> v) {
            Stats.Interval i = Stats.interval(v);
            if (i.n() == 0) {
                return "–";
            }
            if (i.n() < 2) {
                return String.format(Locale.ROOT, "%.2f", i.mean());
            }
            return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", i.mean(), i.low(), i.high());
        }

        JFreeChart chart(String seq) {
            XYSeriesCollection data = new XYSeriesCollection();
            List<String> models = new ArrayList<>();
            METHODS.forEach(m -> models.add(approximateName(m)));
            models.add(FLOOR);
            for (String m : models) {
                XYSeries s = new XYSeries(m.replace(" (approximate only)", ""), true, true);
                for (int k = 1; k <= rounds(seq); k++) {
                    double mean = Stats.of(values(seq, m, k, Point::gap)).mean();
                    if (Double.isFinite(mean)) {
                        s.add(k, mean);
                    }
                }
                data.addSeries(s);
            }
            JFreeChart chart = ChartFactory.createXYLineChart((seq.equals("random") ? "Random deletions ("
                    + Math.round(100 * options.fraction()) + "% per round)" : "Class-wise deletions (one class per"
                    + " round)") + ": drift of the served model from retraining, " + dataName + ", seeds "
                    + options.seeds(), "round", "Avg. Gap to retrain (percentage points)", data,
                    PlotOrientation.VERTICAL, true, false, false);
            XYPlot plot = chart.getXYPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), Color.GRAY};
            for (int i = 0; i < models.size(); i++) {
                renderer.setSeriesPaint(i, colors[i % colors.length]);
                if (models.get(i).equals(FLOOR)) {
                    renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 4f}, 0f));
                }
            }
            plot.setRenderer(renderer);
            chart.setBackgroundPaint(Color.WHITE);
            return chart;
        }
    }
}
