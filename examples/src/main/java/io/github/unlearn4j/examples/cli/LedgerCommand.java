package io.github.unlearn4j.examples.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.core.attack.UliraVerifier;
import io.github.unlearn4j.core.attack.UliraVerifierProvider;
import io.github.unlearn4j.core.checkpoint.CheckpointException;
import io.github.unlearn4j.core.checkpoint.Checkpoints;
import io.github.unlearn4j.core.ledger.ChainCheck;
import io.github.unlearn4j.core.ledger.CostEstimate;
import io.github.unlearn4j.core.ledger.DeletionLedger;
import io.github.unlearn4j.core.ledger.DeletionRequest;
import io.github.unlearn4j.core.ledger.JdbcLedgerStore;
import io.github.unlearn4j.core.ledger.LedgerEntry;
import io.github.unlearn4j.core.ledger.LedgerStore;
import io.github.unlearn4j.core.ledger.ModelVersion;
import io.github.unlearn4j.core.ledger.RequestState;
import io.github.unlearn4j.core.ledger.RetrainSchedule;
import io.github.unlearn4j.core.ledger.SubmitResult;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.plan.PlanStep;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.DevicePreference;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.FallbackPolicy;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.FashionMnistOrSynthetic;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledger}: a durable deletion ledger in a folder ({@link LedgerFolder}), over the
 * {@code forget} command's data, model and plan. {@code init} trains (or reads) the original and
 * records it as the first served version, with the configuration; {@code submit} records
 * requests, idempotent on their ids; {@code run} applies the pending requests in rounds
 * ({@link DeletionLedger#runRound()}); {@code status}, {@code export} and {@code verify} read the
 * chain; {@code prune} removes what killed rounds left behind. Only {@code init} and {@code run}
 * load the data and the model; the others read the folder's configuration and database only.
 */
@Command(name = "ledger", synopsisSubcommandLabel = "COMMAND",
        description = "A durable deletion ledger in a folder: requests, model versions and a hash-chained receipt"
                + " log (H2), applied in rounds with an escalation plan and a retrain schedule.",
        footer = {"", "Examples:",
            "  unlearn4j ledger init --ledger led --synthetic --plan ft,retrain --policy lenient",
            "  unlearn4j ledger submit --ledger led --id user-17 --rows 3,18,242",
            "  unlearn4j ledger run --ledger led",
            "  unlearn4j ledger status --ledger led",
            "  unlearn4j ledger verify --ledger led"})
final class LedgerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /**
     * The command with its subcommands, which print to the given streams.
     *
     * @param out standard output
     * @param err standard error
     * @param defaultData the default Fashion-MNIST folder of {@code init}
     * @return the command line
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, Path defaultData) {
        CommandLine c = new CommandLine(new LedgerCommand());
        c.addSubcommand("init", new Init(out, err, defaultData));
        c.addSubcommand("submit", new Submit(out));
        c.addSubcommand("run", new Run(out, err, defaultData));
        c.addSubcommand("status", new Status(out));
        c.addSubcommand("export", new Export(out));
        c.addSubcommand("verify", new Verify(out));
        c.addSubcommand("prune", new Prune(out));
        return c;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.BAD_INPUT;
    }

    /** {@code ledger init}. */
    @Command(name = "init", sortOptions = false,
            description = "Train (or read) the original model, record it as the ledger's first served version, and"
                    + " store the configuration (data, model, recipe, plan, policy, schedule) in the folder, so that"
                    + " the other ledger commands need only --ledger.")
    static final class Init implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;
        private final Path defaultData;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder: new, or"
                + " empty.")
        Path dir;

        @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's four IDX files"
                + " (default: /usr/share/datasets/fashion-mnist, falling back to synthetic images when missing).")
        Path data;

        @Option(names = "--synthetic", description = "Use built-in synthetic images.")
        boolean synthetic;

        @Option(names = "--train-size", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE});"
                + " request rows are 0 to N-1.")
        int trainSize = 2_000;

        @Option(names = "--test-size", paramLabel = "N", description = "Test images (default: ${DEFAULT-VALUE}).")
        int testSize = 500;

        @Option(names = "--model", paramLabel = "mlp|cnn", description = "Architecture (default: ${DEFAULT-VALUE}).")
        String model = "mlp";

        @Option(names = "--hidden", paramLabel = "N[,N...]", description = "The MLP's hidden layer sizes (default:"
                + " ${DEFAULT-VALUE}).")
        String hidden = "256,256";

        @Option(names = "--train-epochs", paramLabel = "N", description = "Epochs of the original's training"
                + " (default: ${DEFAULT-VALUE}).")
        int trainEpochs = 3;

        @Option(names = "--original", paramLabel = "CKPT", description = "Read the original model from this"
                + " checkpoint (e.g. one `forget` saved) instead of training it; its architecture must be --model's.")
        Path original;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic images, the model, training"
                + " and every round (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Option(names = {"--plan", "--method"}, paramLabel = "M[,M...]", description = "The escalation plan each"
                + " round runs: the first method that passes the policy is served (default: ${DEFAULT-VALUE}).")
        String plan = String.join(",", UnlearningPlan.DEFAULT_METHODS);

        @Option(names = "--set", paramLabel = "METHOD.KEY=VALUE[,...]", description = "Settings of the plan's methods,"
                + " retrain and --verifier verifiers, e.g. ft.epochs=3; repeatable.")
        List<String> set = new ArrayList<>();

        @Option(names = "--policy", paramLabel = "strict|lenient|THRESHOLDS", description = "The policy every attempt"
                + " is judged by (default: ${DEFAULT-VALUE}).")
        String policy = "strict";

        @Option(names = "--verifier", paramLabel = "NAME[,NAME]", description = "Also run these verifiers; add"
                + " retrain-gap to measure each round's drift (avgGap).")
        String verifier;

        @Option(names = "--min-samples", paramLabel = "N", description = "Fewest samples a metric needs to count"
                + " (default: ${DEFAULT-VALUE}).")
        int minSamples = 30;

        @Option(names = "--retrain-every", paramLabel = "N", description = "Retrain from scratch every N rounds"
                + " (default: 0, never by count).")
        int retrainEvery;

        @Option(names = "--max-drift", paramLabel = "X", description = "Retrain when the drift (Avg. Gap points)"
                + " would pass X (default: no budget).")
        Double maxDrift;

        @Option(names = "--drift-per-round", paramLabel = "D", description = "The drift one approximate round adds,"
                + " as the rounds benchmark measured it (default: unknown).")
        Double driftPerRound;

        @Option(names = "--max-seconds", paramLabel = "S", description = "Retrain when the approximate rounds since"
                + " the last retrain took S seconds (default: no budget).")
        Double maxSeconds;

        @Option(names = "--quiet", description = "No progress on standard error.")
        boolean quiet;

        Init(PrintStream out, PrintStream err, Path defaultData) {
            this.out = out;
            this.err = err;
            this.defaultData = defaultData;
        }

        @Override
        public Integer call() {
            // ---- every option is checked before anything is trained or written ----
            positive("--train-size", trainSize);
            positive("--test-size", testSize);
            positive("--train-epochs", trainEpochs);
            positive("--min-samples", minSamples);
            String modelName = Main.lower(model);
            if (!modelName.equals("mlp") && !modelName.equals("cnn")) {
                throw InvalidRequestException.of("--model", model, "must be mlp or cnn");
            }
            List<Integer> hiddenSizes = modelName.equals("mlp") ? hiddenSizes(hidden) : List.of();
            if (retrainEvery < 0) {
                throw InvalidRequestException.of("--retrain-every", retrainEvery, "must be 0 (never) or a positive"
                        + " count");
            }
            budget("--max-drift", maxDrift);
            budget("--max-seconds", maxSeconds);
            if (driftPerRound != null && !(driftPerRound >= 0 && Double.isFinite(driftPerRound))) {
                throw InvalidRequestException.of("--drift-per-round", driftPerRound, "must be a finite value >= 0");
            }
            LedgerFolder.Schedule schedule = new LedgerFolder.Schedule(retrainEvery, maxDrift, maxSeconds,
                    driftPerRound);
            UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
            List<String> methods = new ArrayList<>();
            for (PlanStep s : PlanStep.parse(plan)) {
                registry.provider(s.method());
                methods.add(s.method());
            }
            VerifierRegistry verifierRegistry = VerifierRegistry.loadDefault();
            List<String> verifiers = verifier == null ? List.of()
                    : ForgetCommand.verifierNames(verifier, verifierRegistry);
            Set<String> selected = new LinkedHashSet<>(methods);
            selected.add(UnlearningPlan.RETRAIN);
            Set<String> settable = new LinkedHashSet<>(selected);
            settable.addAll(verifiers);
            Map<String, Map<String, Object>> settings = ForgetCommand.parseSettings(set, settable);
            TrainingSettings recipe = new TrainingSettings(ForgetCommand.ORIGINAL_RECIPE.learningRate(),
                    trainEpochs, ForgetCommand.ORIGINAL_RECIPE.batchSize(), ForgetCommand.ORIGINAL_RECIPE.momentum(),
                    ForgetCommand.ORIGINAL_RECIPE.weightDecay());
            Map<String, Map<String, Object>> verifierSettings = new LinkedHashMap<>();
            for (String v : verifiers) {
                Map<String, Object> vs = new LinkedHashMap<>();
                if (v.equals(UliraVerifier.NAME)) {
                    vs.putAll(UliraVerifierProvider.shadowTraining(recipe, LearningRateSchedule.CONSTANT));
                    vs.put("cache", dir.toAbsolutePath().resolve("shadows").toString());
                }
                vs.putAll(settings.getOrDefault(v, Map.of()));
                settings.remove(v);
                verifierSettings.put(v, vs);
            }
            Map<String, Object> retrain = recipe.toSettings();
            retrain.putAll(settings.getOrDefault(UnlearningPlan.RETRAIN, Map.of()));
            settings.put(UnlearningPlan.RETRAIN, retrain);
            for (String m : selected) {
                if (!m.equals(UnlearningPlan.RETRAIN) && LedgerFolder.declaresEpochs(registry, m)) {
                    settings.computeIfAbsent(m, k -> new LinkedHashMap<>())
                            .putIfAbsent(TrainingSettings.EPOCHS, ForgetCommand.UNLEARNING_EPOCHS);
                }
            }
            if (original != null && !Files.isRegularFile(original)) {
                throw InvalidRequestException.of("--original", original, "is not a file");
            }
            checkNewFolder(dir);
            FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(data, synthetic, defaultData);
            source.note().ifPresent(note -> err.println("unlearn4j: " + note));
            ProgressBar progress = new ProgressBar(err, !quiet);
            // the configuration, with the data's fingerprint filled in once the data is loaded
            LedgerFolder.Config draft = new LedgerFolder.Config(LedgerFolder.FORMAT,
                    source.folder().map(p -> p.toAbsolutePath().toString()).orElse(FashionMnistOrSynthetic.SYNTHETIC),
                    "", trainSize, testSize, seed, modelName, hiddenSizes, recipe,
                    original == null ? "trained" : original.toAbsolutePath().toString(), methods, settings, policy,
                    verifiers, verifierSettings, minSamples, schedule);
            LedgerFolder.plans(draft, progress); // every method, setting, verifier and the policy, before any data

            FashionMnistOrSynthetic.Images images = source.load(trainSize, testSize, 0, false, seed);
            LedgerFolder.Config config = new LedgerFolder.Config(draft.format(), draft.data(),
                    LedgerFolder.fingerprint(images), images.train().size(), images.test().size(), seed,
                    draft.model(), draft.hidden(), recipe, draft.original(), methods, settings, policy, verifiers,
                    verifierSettings, minSamples, schedule);
            UnlearningPlan[] plans = LedgerFolder.plans(config, progress);
            Device device = DjlDevices.resolve(DevicePreference.AUTO, FallbackPolicy.FALLBACK_TO_CPU);
            try (DjlDataset train = images.train().toDataset(device);
                    DjlDataset test = images.test().toDataset(device);
                    DjlModel model = DjlModel.create(config.architecture(), device, seed)) {
                // can the plan run on this model and data? (a request for row 0 stands for any request)
                plans[0].check(model, DataSplit.of(train, new int[] {0}, test));
                long t0 = System.nanoTime();
                String how;
                if (original != null) {
                    try {
                        Checkpoints.read(original).applyTo(model);
                    } catch (CheckpointException e) {
                        throw InvalidRequestException.of("--original", original, e.getMessage());
                    }
                    how = "read from " + original;
                } else {
                    OriginalTraining.fit(model, DataView.all(train), recipe, LearningRateSchedule.CONSTANT,
                            seed, progress, CancellationToken.none());
                    how = String.format(Locale.ROOT, "trained in %.1f s (%d epochs)", (System.nanoTime() - t0) / 1e9,
                            recipe.epochs());
                }
                // only now is anything written: the folder, the database, the first version, the configuration last
                boolean created = !Files.exists(dir);
                createFolder(dir);
                ModelVersion first;
                try (DeletionLedger ledger = new DeletionLedger(LedgerFolder.open(dir), dir.resolve(LedgerFolder.MODELS),
                        train, test, plans[0], model, p -> { }, schedule.toSchedule(), plans[1])) {
                    first = ledger.start(model);
                    LedgerFolder.writeConfig(dir, config);
                } catch (RuntimeException e) {
                    removeUnfinished(dir, created, e);
                    throw e;
                }
                out.println("ledger " + dir + ": " + config.describe());
                out.println(String.format(Locale.ROOT, "original %s: train accuracy %.2f%%, test accuracy %.2f%%", how,
                        100 * model.evaluate(DataView.all(train)).accuracy(),
                        100 * model.evaluate(DataView.all(test)).accuracy()));
                out.println("serving version " + first.id() + " (" + first.fingerprint().substring(0, 16) + "); submit"
                        + " requests with: unlearn4j ledger submit --ledger " + dir + " --id ID --rows 1,2,3");
            }
            return 0;
        }

        private static void budget(String option, Double value) {
            if (value != null && !(value > 0)) {
                throw InvalidRequestException.of(option, value, "must be > 0 (leave it out for no budget)");
            }
        }

        private static List<Integer> hiddenSizes(String text) {
            List<Integer> sizes = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    int n = Integer.parseInt(part.trim());
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    sizes.add(n);
                } catch (NumberFormatException e) {
                    throw InvalidRequestException.of("--hidden", text, "expected positive layer sizes separated by"
                            + " commas, e.g. 256,256");
                }
            }
            return sizes;
        }

        /** --ledger for init: a new folder, or an empty one; never an existing ledger. */
        private static void checkNewFolder(Path dir) {
            if (Files.isRegularFile(dir.resolve(LedgerFolder.CONFIG))) {
                throw InvalidRequestException.of("--ledger", dir, "is already a ledger (it has " + LedgerFolder.CONFIG
                        + "); use `unlearn4j ledger status --ledger " + dir + "`, or choose a new folder");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw InvalidRequestException.of("--ledger", dir, "is a file; name a new or empty folder");
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.findAny().isPresent()) {
                        throw InvalidRequestException.of("--ledger", dir, "is not empty and not a ledger (an init that"
                                + " did not finish leaves files but no " + LedgerFolder.CONFIG + "); remove it or"
                                + " choose a new folder");
                    }
                } catch (IOException e) {
                    throw InvalidRequestException.of("--ledger", dir, "cannot be read: " + e.getMessage());
                }
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw InvalidRequestException.of("--ledger", dir, "its parent folder does not exist");
            }
        }

        /** An init that failed after creating the folder removes what it wrote, so that it can be run again. */
        private static void removeUnfinished(Path dir, boolean created, RuntimeException into) {
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> all = new ArrayList<>(files.toList());
                java.util.Collections.reverse(all); // children first
                for (Path f : all) {
                    if (!f.equals(dir) || created) {
                        Files.deleteIfExists(f);
                    }
                }
            } catch (IOException | RuntimeException x) {
                into.addSuppressed(x);
            }
        }

        private static void createFolder(Path dir) {
            try {
                Files.createDirectories(dir.resolve(LedgerFolder.MODELS));
            } catch (IOException e) {
                throw InvalidRequestException.of("--ledger", dir, "cannot be created: " + e);
            }
        }
    }

    /** {@code ledger submit}. */
    @Command(name = "submit", sortOptions = false,
            description = "Record deletion requests durably (each is committed before the next line prints);"
                    + " idempotent on the id: an id already submitted with the same rows prints 'duplicate'.",
            footer = {"", "Request file (--file): one request per line, the id, a tab (or spaces), then its rows"
                    + " separated by commas, e.g.", "  user-17<TAB>3,18,242",
                "Blank lines and lines starting with # are skipped. Every line is checked before any is submitted;"
                    + " an id reused with other rows stops the file at that line (the lines before it stay"
                    + " submitted: submit the file again once it is fixed)."})
    static final class Submit implements Callable<Integer> {
        private final PrintStream out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        @Option(names = "--id", paramLabel = "ID", description = "The request's id (with --rows).")
        String id;

        @Option(names = "--rows", paramLabel = "R[,R...]", description = "Training rows to forget (with --id).")
        String rows;

        @Option(names = "--file", paramLabel = "FILE", description = "Requests, one per line (see below); instead of"
                + " --id and --rows.")
        Path file;

        Submit(PrintStream out) {
            this.out = out;
        }

        /** One request to submit, and where it came from (for messages). */
        private record Line(String where, String id, int[] rows) {}

        @Override
        public Integer call() {
            if (file == null && (id == null || rows == null)) {
                throw InvalidRequestException.of("--id/--rows/--file", "missing", "give --id ID --rows 1,2,3, or"
                        + " --file FILE");
            }
            if (file != null && (id != null || rows != null)) {
                throw InvalidRequestException.of("--file", file, "conflicts with --id and --rows; choose one");
            }
            LedgerFolder.Config config = LedgerFolder.readConfig(dir);
            List<Line> lines = new ArrayList<>();
            if (file == null) {
                lines.add(new Line("--rows", id, parseRows("--rows", rows, config.trainSize())));
            } else {
                lines.addAll(readFile(file, config.trainSize()));
            }
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                for (Line l : lines) {
                    SubmitResult r;
                    try {
                        r = store.submit(l.id(), l.rows());
                    } catch (InvalidRequestException e) {
                        throw new InvalidRequestException(l.where() + ": " + e.getMessage());
                    }
                    DeletionRequest q = r.request();
                    out.println((r.duplicate() ? "duplicate " : "submitted ") + q.id() + ": " + q.rows().length
                            + " rows, " + q.state().name().toLowerCase(Locale.ROOT)
                            + (r.duplicate() ? " (first submitted " + q.received() + ")" : ""));
                }
            }
            return 0;
        }

        private static List<Line> readFile(Path file, int trainSize) {
            if (!Files.isRegularFile(file)) {
                throw InvalidRequestException.of("--file", file, Files.exists(file) ? "is not a file" : "does not exist");
            }
            List<String> text;
            try {
                text = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw InvalidRequestException.of("--file", file, "cannot be read: " + e);
            }
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                String line = text.get(i).strip();
                String where = file + ":" + (i + 1);
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                int cut = tab >= 0 ? tab : indexOfWhitespace(line);
                if (cut < 0) {
                    throw new InvalidRequestException(where + ": '" + line + "' does not parse: expected an id, a tab,"
                            + " then rows separated by commas, e.g. user-17<TAB>3,18,242");
                }
                String requestId = line.substring(0, cut).strip();
                lines.add(new Line(where, requestId, parseRows(where + ": rows", line.substring(cut + 1).strip(),
                        trainSize)));
            }
            if (lines.isEmpty()) {
                throw InvalidRequestException.of("--file", file, "holds no request");
            }
            return lines;
        }

        private static int indexOfWhitespace(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }

        /** Rows separated by commas, each a row of the training set. */
        static int[] parseRows(String field, String text, int trainSize) {
            List<Integer> out = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                String p = part.strip();
                int r;
                try {
                    r = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw InvalidRequestException.of(field, "'" + text + "'", "'" + p + "' is not a row id; give row"
                            + " ids separated by commas, e.g. 3,18,242");
                }
                if (r < 0 || r >= trainSize) {
                    throw InvalidRequestException.of(field, r, "is not a row of the ledger's training set (rows 0 to "
                            + (trainSize - 1) + ")");
                }
                out.add(r);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** {@code ledger run}. */
    @Command(name = "run", sortOptions = false,
            description = "Apply the pending requests: each round runs the plan (or a scheduled retrain) on the served"
                    + " model, writes the new version and appends its receipt to the chain. Prints each round; progress"
                    + " goes to standard error.")
    static final class Run implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;
        private final Path defaultData;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        @Option(names = "--rounds", paramLabel = "N", description = "Run at most N rounds (default: until nothing is"
                + " pending; one round applies every request pending when it starts).")
        Integer rounds;

        @Option(names = "--quiet", description = "No progress on standard error.")
        boolean quiet;

        Run(PrintStream out, PrintStream err, Path defaultData) {
            this.out = out;
            this.err = err;
            this.defaultData = defaultData;
        }

        @Override
        public Integer call() {
            if (rounds != null) {
                positive("--rounds", rounds);
            }
            LedgerFolder.Config config = LedgerFolder.readConfig(dir);
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                if (store.pending().isEmpty()) {
                    out.println("nothing pending: serving version " + served(store).map(v -> Long.toString(v.id()))
                            .orElse("none"));
                    return 0;
                }
            }
            FashionMnistOrSynthetic.Images images = LedgerFolder.loadData(dir, config, defaultData);
            ProgressBar progress = new ProgressBar(err, !quiet);
            int[] round = {0};
            try (LedgerFolder.Opened opened = LedgerFolder.Opened.open(dir, config, images, progress, phase -> {
                if (!quiet) {
                    err.println("unlearn4j: round " + round[0] + ": " + phase);
                }
            })) {
                DeletionLedger ledger = opened.ledger;
                int limit = rounds == null ? Integer.MAX_VALUE : rounds;
                for (int i = 0; i < limit && !ledger.store().pending().isEmpty(); i++) {
                    round[0] = i + 1;
                    int pending = ledger.store().pending().size();
                    long t0 = System.nanoTime();
                    Optional<LedgerEntry> entry = ledger.runRound();
                    if (entry.isEmpty()) {
                        break;
                    }
                    print(entry.get(), pending, (System.nanoTime() - t0) / 1e9);
                }
                int left = ledger.store().pending().size();
                out.println("serving version " + ledger.served().orElseThrow().id() + "; " + left + " requests pending");
            }
            return 0;
        }

        private void print(LedgerEntry e, int pending, double wall) {
            JsonNode round = parse(e);
            out.println(String.format(Locale.ROOT, "round %d (chain entry %d): %d requests (%s)", e.index(), e.index(),
                    e.requestIds().size(), abbreviate(e.requestIds())));
            if (!round.has("outcome")) {
                out.println("  every row of these requests was already removed: no model work; version " + e.versionAfter()
                        + " still served");
                return;
            }
            JsonNode receipt = round.path("receipt");
            out.println(String.format(Locale.ROOT, "  schedule: %s (%s)", round.path("schedule").path("retrain")
                    .asBoolean() ? "retrain" : "approximate", round.path("schedule").path("reason").asText()));
            out.println(String.format(Locale.ROOT, "  plan: %s, method %s, %d rows forgotten, drift %s", round.path(
                    "outcome").asText(), receipt.path("method").path("name").asText("?"), receipt.path("forgetSet")
                    .path("size").asInt(), round.path("drift").isNumber() ? String.format(Locale.ROOT, "%.3f",
                    round.path("drift").asDouble()) : "not measured"));
            out.println(String.format(Locale.ROOT, "  %.1f s (plan), %.1f s (round); version %d -> %d", round.path(
                    "seconds").asDouble(), wall, e.versionBefore(), e.versionAfter()));
        }
    }

    /** {@code ledger status}. */
    @Command(name = "status", sortOptions = false,
            description = "The served version, the requests (pending and applied), the rounds since the last retrain,"
                    + " orphaned versions, and what the measured rounds say about cost.")
    static final class Status implements Callable<Integer> {
        private final PrintStream out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        @Option(names = "--max-drift", paramLabel = "X", description = "The drift budget of the cost recommendation"
                + " (default: the ledger's schedule's).")
        Double maxDrift;

        Status(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            if (maxDrift != null && !(maxDrift > 0)) {
                throw InvalidRequestException.of("--max-drift", maxDrift, "must be > 0");
            }
            LedgerFolder.Config config = LedgerFolder.readConfig(dir);
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                List<LedgerEntry> chain = store.entries();
                List<DeletionRequest> requests = store.requests();
                long pending = requests.stream().filter(r -> r.state() == RequestState.PENDING).count();
                out.println("ledger " + dir + ": " + config.describe());
                Optional<ModelVersion> served = served(store);
                out.println("served version: " + served.map(v -> v.id() + " (" + v.fingerprint().substring(0, 16)
                        + ", " + v.location() + ")").orElse("none"));
                out.println("requests: " + requests.size() + " (" + pending + " pending, " + (requests.size() - pending)
                        + " applied)");
                RetrainSchedule.SinceRetrain since = DeletionLedger.sinceRetrain(chain);
                out.println(String.format(Locale.ROOT, "chain: %d entries; rounds since the last retrain: %d (%.1f s,"
                        + " last measured drift %s)", chain.size(), since.rounds(), since.seconds(),
                        Double.isNaN(since.measuredDrift()) ? "none" : String.format(Locale.ROOT, "%.3f",
                                since.measuredDrift())));
                List<ModelVersion> orphans = store.orphanVersions();
                out.println("orphaned versions: " + orphans.size() + (orphans.isEmpty() ? ""
                        : " (left by killed rounds; `unlearn4j ledger prune --ledger " + dir + "` removes them)"));
                double budget = maxDrift != null ? maxDrift : config.schedule().budget();
                // as DeletionLedger.costEstimate(): the schedule's drift rate where no round measured one
                CostEstimate cost = CostEstimate.of(chain);
                if (Double.isNaN(cost.driftPerRound()) && config.schedule().driftPerRound() != null) {
                    cost = cost.withDriftPerRound(config.schedule().driftPerRound());
                }
                out.println("cost: " + (Double.isFinite(budget) ? cost.describe(budget) : String.format(Locale.ROOT,
                        "%d approximate rounds (mean %.2f s, drift %.3f per round), %d retrains (mean %.2f s), %.1f"
                                + " requests per round; no drift budget (--max-drift X gives the retrain interval it"
                                + " allows)", cost.approximateRounds(), cost.approximateSeconds(), cost.driftPerRound(),
                        cost.retrainRounds(), cost.retrainSeconds(), cost.requestsPerRound())));
            }
            return 0;
        }
    }

    /** {@code ledger export}. */
    @Command(name = "export", sortOptions = false,
            description = "Write the chain as JSON: each entry's index, hashes, request ids, model versions and"
                    + " fingerprints, the round (schedule decision, outcome, drift, time) and its receipt.")
    static final class Export implements Callable<Integer> {
        private final PrintStream out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "A file for the whole chain"
                + " (one JSON document), or an existing folder for one file per entry (entry-0001.json, ...).")
        Path target;

        Export(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            LedgerFolder.readConfig(dir);
            boolean folder = Files.isDirectory(target);
            if (!folder) {
                Path parent = target.toAbsolutePath().getParent();
                if (parent == null || !Files.isDirectory(parent)) {
                    throw InvalidRequestException.of("--out", target, "its parent folder does not exist");
                }
            }
            List<ObjectNode> entries = new ArrayList<>();
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                for (LedgerEntry e : store.entries()) {
                    entries.add(entryJson(store, e));
                }
            }
            try {
                if (folder) {
                    for (ObjectNode e : entries) {
                        Path f = target.resolve(String.format(Locale.ROOT, "entry-%04d.json", e.get("index").asLong()));
                        Files.writeString(f, LedgerFolder.json(e));
                    }
                    out.println("wrote " + entries.size() + " entries to " + target);
                } else {
                    ObjectNode doc = LedgerFolder.mapper().createObjectNode();
                    doc.put("ledger", dir.toAbsolutePath().toString());
                    doc.put("entries", entries.size());
                    ArrayNode chain = doc.putArray("chain");
                    entries.forEach(chain::add);
                    Files.writeString(target, LedgerFolder.json(doc));
                    out.println("wrote " + entries.size() + " entries to " + target);
                }
            } catch (IOException e) {
                throw InvalidRequestException.of("--out", target, "cannot be written: " + e);
            }
            return 0;
        }

        private static ObjectNode entryJson(LedgerStore store, LedgerEntry e) {
            ObjectNode j = LedgerFolder.mapper().createObjectNode();
            j.put("index", e.index());
            j.put("created", e.created().toString());
            j.put("previousHash", e.previousHash());
            j.put("hash", e.hash());
            ArrayNode ids = j.putArray("requestIds");
            e.requestIds().forEach(ids::add);
            ObjectNode before = j.putObject("versionBefore");
            if (e.versionBefore() == null) {
                before.putNull("id");
            } else {
                before.put("id", e.versionBefore());
                store.version(e.versionBefore()).ifPresent(v -> before.put("location", v.location()));
            }
            before.put("fingerprint", e.fingerprintBefore());
            ObjectNode after = j.putObject("versionAfter");
            after.put("id", e.versionAfter());
            store.version(e.versionAfter()).ifPresent(v -> after.put("location", v.location()));
            after.put("fingerprint", e.fingerprintAfter());
            j.set("round", parse(e));
            return j;
        }
    }

    /** {@code ledger verify}. */
    @Command(name = "verify", sortOptions = false,
            description = "Recompute the chain (every entry's hash and link) and the fingerprints of the model files"
                    + " it names. Exit status 0 when intact, 1 naming the first entry that does not match.")
    static final class Verify implements Callable<Integer> {
        private final PrintStream out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        Verify(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            LedgerFolder.readConfig(dir);
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                ChainCheck check = DeletionLedger.verify(store);
                int orphans = store.orphanVersions().size();
                String note = orphans == 0 ? "" : "; " + orphans + " orphaned versions not checked (no entry names them;"
                        + " see ledger prune)";
                if (check.intact()) {
                    out.println("intact: " + check.entries() + " entries, every hash, link and model file matches"
                            + note);
                    return 0;
                }
                out.println("BROKEN at entry " + check.firstBadEntry() + " of " + check.entries() + ": "
                        + check.problem());
                return Main.FAILED;
            }
        }
    }

    /** {@code ledger prune}. */
    @Command(name = "prune", sortOptions = false,
            description = "Remove what rounds killed mid-way left behind: model versions no chain entry names (and"
                    + " that are not served), their files, and stray checkpoint files under models/. Run it when no"
                    + " `ledger run` is in progress.")
    static final class Prune implements Callable<Integer> {
        private final PrintStream out;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Option(names = "--ledger", required = true, paramLabel = "DIR", description = "The ledger's folder.")
        Path dir;

        Prune(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            LedgerFolder.readConfig(dir);
            try (JdbcLedgerStore store = LedgerFolder.openStore(dir)) {
                DeletionLedger.Pruned pruned = DeletionLedger.prune(store, dir.resolve(LedgerFolder.MODELS));
                out.println("removed " + pruned.versions().size() + " orphaned versions" + (pruned.versions().isEmpty()
                        ? "" : " (" + pruned.versions().stream().map(v -> Long.toString(v.id())).toList() + ")")
                        + " and " + pruned.files().size() + " files");
                pruned.files().forEach(f -> out.println("  deleted " + f));
            }
            return 0;
        }
    }

    /** The served version as {@link DeletionLedger#served()} reads it: the last entry's, else the first. */
    static Optional<ModelVersion> served(LedgerStore store) {
        return store.servedVersion().or(() -> store.version(1));
    }

    /** A chain entry's stored round record, as JSON. */
    static JsonNode parse(LedgerEntry e) {
        try {
            return LedgerFolder.mapper().readTree(e.receipt());
        } catch (JsonProcessingException x) {
            throw new UnlearnException("ledger entry " + e.index() + " holds a receipt that is not JSON (run ledger"
                    + " verify): " + LedgerFolder.oneLine(x.getMessage()), x);
        }
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", and "
                + (ids.size() - 5) + " more";
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw InvalidRequestException.of(option, value, "must be at least 1");
        }
    }
}
