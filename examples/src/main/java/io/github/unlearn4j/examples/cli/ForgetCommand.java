package io.github.unlearn4j.examples.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.attack.UliraVerifier;
import io.github.unlearn4j.core.attack.UliraVerifierProvider;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.Checkpoints;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.plan.Attempt;
import io.github.unlearn4j.core.plan.ComparisonResult;
import io.github.unlearn4j.core.plan.ComparisonRow;
import io.github.unlearn4j.core.plan.MethodComparison;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.PlanStep;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgetKind;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.MetricCatalog;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.VerificationSuite;
import io.github.unlearn4j.djl.DevicePreference;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.FallbackPolicy;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnistOrSynthetic;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forget}: trains (or loads) the original model on Fashion-MNIST, forgets a class or a
 * random fraction with each chosen method, and prints forget, retain and test accuracy, time and
 * speed-up against the retrained reference. It parses, checks, calls core
 * ({@link MethodComparison}, or {@link UnlearningPlan} with {@code --plan}) and prints: every
 * option, path, method and setting, and the plan as a whole, is checked before the first training
 * step.
 *
 * <p>With a policy, the kind of forget set is detected ({@code --forget-class}: classes,
 * {@code --forget-random}: rows) unless {@code --forget-kind} says otherwise (mislabeled rows
 * cannot be detected); the verdicts print the policy's lines and its negative control, the
 * untouched original judged on the same forgetting thresholds. The retrain row is the reference
 * every method is judged against; it is not judged itself unless {@code --independent-retrain}.
 */
@Command(name = "forget", sortOptions = false,
        description = "Train (or load) a Fashion-MNIST model, forget a class or random rows with each method, and"
                + " compare with retraining.",
        footer = {"", "Examples:", "  unlearn4j forget --forget-class 3 --method ft,rbm,retrain",
            "  unlearn4j forget --forget-class 3 --method ft --verify --policy strict --receipt receipt.json",
            "  unlearn4j forget --forget-random 0.1 --plan ft,rbm,retrain --policy lenient"})
final class ForgetCommand implements Callable<Integer> {
    /** The original model's training recipe; retrain uses it too unless --set retrain.* says otherwise. */
    static final TrainingSettings ORIGINAL_RECIPE = new TrainingSettings(0.05, 5, 128, 0.9, 5e-4);

    /**
     * The unlearning budget of every approximate method that declares {@code epochs}, unless
     * {@code --set M.epochs=N} says otherwise: 2 passes over the retain set, against the 5 of the
     * original's training and of retrain. One budget for every method, so the table compares
     * methods at equal cost; the README shows the sweep over 1, 2, 3 and 10 epochs it was chosen
     * from.
     */
    static final int UNLEARNING_EPOCHS = 2;

    /** At most this many synthetic training images (without the data set, --train-limit is capped here). */
    static final int SYNTHETIC_TRAIN = 12_000;
    /** At most this many synthetic test images. */
    static final int SYNTHETIC_TEST = 2_000;

    private final PrintStream out;
    private final PrintStream err;
    private final Path defaultData;
    private final UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
    /** The metrics of the --verifier verifiers, printed under each judged row. */
    private List<String> extraMetrics = List.of();
    /** The original's provenance, and the fingerprint of its data less the forget set: set by originalModel. */
    private CheckpointKey originalKey;
    private String retainData;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--forget-class", paramLabel = "K", description = "Forget every row of class K.")
    Integer forgetClass;

    @Option(names = "--forget-random", paramLabel = "F", description = "Forget a random fraction F in (0, 1) of"
            + " the rows.")
    Double forgetRandom;

    @Option(names = "--method", paramLabel = "M[,M...]", description = "Methods to compare, comma-separated"
            + " (default: ft,rbm); retrain always runs as the reference. See: unlearn4j methods.")
    String method;

    @Option(names = "--plan", paramLabel = "M[,M...]", description = "Instead of --method: an escalation plan that"
            + " stops at the first method passing the policy, e.g. ft,rbm,retrain.")
    String plan;

    @Option(names = "--set", paramLabel = "METHOD.KEY=VALUE[,...]", description = "Settings of the selected"
            + " methods (or retrain) and --verifier verifiers, e.g. ft.epochs=3 or ulira.shadows=8; repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--model", paramLabel = "mlp|cnn", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String model = "mlp";

    @Option(names = "--train-epochs", paramLabel = "N", description = "Epochs of the original's training"
            + " (default: 5).")
    int trainEpochs = ORIGINAL_RECIPE.epochs();

    @Option(names = "--train-limit", paramLabel = "N", description = "Use at most N training rows.")
    int trainLimit = Integer.MAX_VALUE;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use at most N test rows.")
    int testLimit = Integer.MAX_VALUE;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every run (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "Device (default: ${DEFAULT-VALUE}).")
    String device = "auto";

    @Option(names = "--gpu-fallback", description = "Fall back to the CPU when --device gpu finds no GPU.")
    boolean gpuFallback;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's four IDX files"
            + " (default: /usr/share/datasets/fashion-mnist; only that default falls back to synthetic data when"
            + " missing).")
    Path data;

    @Option(names = "--synthetic", description = "Use built-in synthetic images instead of Fashion-MNIST.")
    boolean synthetic;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the saved models (default:"
            + " ${DEFAULT-VALUE}).")
    Path outDir = Path.of("unlearn4j-out");

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--verify", description = "Measure and judge every method against a policy (strict by"
            + " default).")
    boolean verify;

    @Option(names = "--policy", paramLabel = "strict|lenient|THRESHOLDS", description = "The policy (implies"
            + " --verify).")
    String policy;

    @Option(names = "--verifier", paramLabel = "NAME[,NAME]", description = "Also run these registered"
            + " verifiers (see `unlearn4j methods`, plugins included) beside the policy's, and print their"
            + " metrics (implies --verify). A --policy may name any metric of a registered verifier.")
    String verifier;

    @Option(names = "--independent-retrain", description = "Also run retrain again (seed + 1) and judge it"
            + " against the reference, instead of showing the reference unjudged (implies --verify).")
    boolean independentRetrain;

    @Option(names = "--min-samples", paramLabel = "N", description = "Fewest samples a metric needs to count"
            + " (default: ${DEFAULT-VALUE}).")
    int minSamples = 30;

    @Option(names = "--receipt", paramLabel = "PATH", description = {"Write receipts (implies --verify). With one"
            + " method (or --plan): exactly the file PATH. With several methods: PATH is a folder (created if"
            + " missing), with one file METHOD.json per method."})
    Path receipt;

    @Option(names = "--receipt-key", paramLabel = "KEY", description = "Seal receipts with this key file"
            + " (created when missing); needed by verify-receipt.")
    Path receiptKey;

    @Option(names = "--forget-kind", paramLabel = "classes|rows|mislabeled", description = "The kind of forget"
            + " set the policy judges (default: detected).")
    String forgetKind;

    /** One row of the result table. */
    record Row(String name, String role, double forgetAccuracy, double retainAccuracy, double testAccuracy,
            double seconds, Double speedUp, Map<String, String> settings, String savedTo, String error,
            Verification verification) {}

    /** What --verify measured for one row. */
    record Verification(Map<String, Double> metrics, String verdict, List<String> lines, String receipt) {}

    ForgetCommand(PrintStream out, PrintStream err, Path defaultData) {
        this.out = out;
        this.err = err;
        this.defaultData = defaultData;
    }

    /**
     * The names of {@code --verifier}: registered, not blank, each once.
     *
     * @param text the option's value, comma-separated
     * @param verifiers the registered verifiers
     * @return the names, in the given order
     */
    static List<String> verifierNames(String text, VerifierRegistry verifiers) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw InvalidRequestException.of("--verifier", "'" + text + "'",
                        "names an empty verifier; registered verifiers: " + verifiers.names());
            }
            if (!verifiers.names().contains(name)) {
                throw InvalidRequestException.of("--verifier", name,
                        "unknown verifier; registered verifiers: " + verifiers.names());
            }
            if (!names.add(name)) {
                throw InvalidRequestException.of("--verifier", name, "is named twice");
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Integer call() {
        // ---- check everything before any compute ----
        if ((forgetClass == null) == (forgetRandom == null)) {
            throw InvalidRequestException.of("--forget-class/--forget-random",
                    forgetClass != null ? "both" : "neither", "choose exactly one scenario");
        }
        if (forgetRandom != null && !(forgetRandom > 0 && forgetRandom < 1)) {
            throw InvalidRequestException.of("--forget-random", forgetRandom, "must be in (0, 1)");
        }
        positive("--train-epochs", trainEpochs);
        positive("--train-limit", trainLimit);
        positive("--test-limit", testLimit);
        positive("--min-samples", minSamples);
        String modelName = Main.lower(model);
        DjlArchitecture architecture = switch (modelName) {
            case "mlp" -> Architectures.mlp(784, 256, 256, 10);
            case "cnn" -> Architectures.smallCnn();
            default -> throw InvalidRequestException.of("--model", model, "must be mlp or cnn");
        };
        boolean planMode = plan != null;
        if (planMode && independentRetrain) {
            throw InvalidRequestException.of("--independent-retrain", "with --plan",
                    "applies to --method comparisons only; a plan returns its retrain step whatever the verdict");
        }
        if (planMode && method != null) {
            throw InvalidRequestException.of("--method/--plan", "both", "choose one: --method compares methods,"
                    + " --plan escalates until one passes the policy");
        }
        List<PlanStep> planSteps = planMode ? PlanStep.parse(plan) : List.of();
        List<String> methods = planMode ? List.of() : methods(method != null ? method : "ft,rbm");
        Set<String> selected = new LinkedHashSet<>(methods);
        planSteps.forEach(s -> selected.add(s.method()));
        selected.add(UnlearningPlan.RETRAIN);
        VerifierRegistry verifierRegistry = VerifierRegistry.loadDefault();
        List<String> extraVerifiers = verifier == null ? List.of() : verifierNames(verifier, verifierRegistry);
        Set<String> settable = new LinkedHashSet<>(selected);
        settable.addAll(extraVerifiers);
        Map<String, Map<String, Object>> settings = parseSettings(set, settable);
        TrainingSettings recipe = new TrainingSettings(ORIGINAL_RECIPE.learningRate(), trainEpochs,
                ORIGINAL_RECIPE.batchSize(), ORIGINAL_RECIPE.momentum(), ORIGINAL_RECIPE.weightDecay());
        Map<String, Map<String, Object>> verifierSettings = new LinkedHashMap<>();
        for (String v : extraVerifiers) {
            Map<String, Object> vs = new LinkedHashMap<>();
            if (v.equals(UliraVerifier.NAME)) {
                // the shadows are trained like this command's original, and cached beside its models
                vs.putAll(UliraVerifierProvider.shadowTraining(recipe, LearningRateSchedule.CONSTANT));
                vs.put("cache", outDir.resolve("shadows").toString());
            }
            vs.putAll(settings.getOrDefault(v, Map.of()));
            settings.remove(v);
            verifierSettings.put(v, vs);
        }
        Map<String, Object> retrainSettings = recipe.toSettings();
        retrainSettings.putAll(settings.getOrDefault(UnlearningPlan.RETRAIN, Map.of()));
        settings.put(UnlearningPlan.RETRAIN, retrainSettings);
        for (String m : selected) {
            if (!m.equals(UnlearningPlan.RETRAIN) && declaresEpochs(m)) {
                settings.computeIfAbsent(m, k -> new LinkedHashMap<>())
                        .putIfAbsent(TrainingSettings.EPOCHS, UNLEARNING_EPOCHS);
            }
        }
        DevicePreference preference = switch (Main.lower(device)) {
            case "cpu" -> DevicePreference.CPU;
            case "gpu" -> DevicePreference.GPU;
            case "auto" -> DevicePreference.AUTO;
            default -> throw InvalidRequestException.of("--device", device, "must be cpu, gpu or auto");
        };
        ForgetKind kind = null;
        if (forgetKind != null) {
            String k = Main.lower(forgetKind);
            if (!ForgetKind.words().contains(k)) {
                throw InvalidRequestException.of("--forget-kind", forgetKind, "must be one of "
                        + String.join(", ", ForgetKind.words()));
            }
            kind = ForgetKind.parse(k);
            if (kind == ForgetKind.CLASSES && forgetRandom != null) {
                throw InvalidRequestException.of("--forget-kind", "classes", "--forget-random forgets random rows, so"
                        + " every class keeps rows in the retain set; use --forget-class");
            }
        }
        boolean judged = verify || policy != null || receipt != null || planMode || kind != null
                || independentRetrain || !extraVerifiers.isEmpty();
        MetricCatalog catalog = MetricCatalog.of(verifierRegistry);
        ForgettingPolicy forgettingPolicy = judged
                ? ForgettingPolicy.parse(policy != null ? policy : "strict", catalog).withForgetKind(kind) : null;
        VerificationSuite.Builder suite = VerificationSuite.builder().optMinSamples(minSamples)
                .optRegistry(verifierRegistry).addVerifiers(extraVerifiers);
        verifierSettings.forEach((v, vs) -> suite.optSettings(v, Settings.of(vs)));
        extraMetrics = catalog.specs().stream().filter(m -> extraVerifiers.contains(m.verifier()))
                .map(MetricSpec::name).toList();
        ProgressBar progress = new ProgressBar(err, !quiet);
        // every method and setting is created here: unknown names and bad settings fail now
        UnlearningPlan escalation = null;
        MethodComparison comparison = null;
        if (planMode) {
            UnlearningPlan.Builder b = UnlearningPlan.builder().optPolicy(forgettingPolicy).optVerification(suite)
                    .optSeed(seed).optReferenceSettings(Settings.of(retrainSettings)).optProgress(progress);
            for (PlanStep step : planSteps) {
                b.addStep(step.method(), Settings.of(settings.getOrDefault(step.method(), Map.of())));
            }
            escalation = b.build();
        } else {
            MethodComparison.Builder b = MethodComparison.builder().optPolicy(forgettingPolicy).optVerification(suite)
                    .optSeed(seed).optReferenceSettings(Settings.of(retrainSettings)).optProgress(progress)
                    .optIndependentRetrain(independentRetrain);
            for (String m : methods) {
                b.addMethod(m, Settings.of(settings.getOrDefault(m, Map.of())));
            }
            comparison = b.build();
        }
        // paths last, the ones that create something (the out and receipt folders, a new key) at the very end
        FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(data, synthetic, defaultData);
        source.note().ifPresent(note -> err.println("unlearn4j: " + note));
        checkOutFolder(outDir);
        Map<String, Path> receipts = receiptPaths(planMode ? List.of("plan") : methods);
        ReceiptKey key = receiptKey();
        Device dev = DjlDevices.resolve(preference, gpuFallback ? FallbackPolicy.FALLBACK_TO_CPU : FallbackPolicy.FAIL);

        // ---- data ----
        boolean capped = source.isSynthetic();
        FashionMnistOrSynthetic.Images images = source.load(capped ? Math.min(trainLimit, SYNTHETIC_TRAIN) : trainLimit,
                capped ? Math.min(testLimit, SYNTHETIC_TEST) : testLimit, 0, false, seed);
        LabeledImages trainImages = images.train();
        LabeledImages testImages = images.test();
        String dataName = images.dataName();
        List<Row> rows = new ArrayList<>();
        String planText = null;
        String scenario = forgetClass != null ? "class " + forgetClass : "random " + forgetRandom;
        String kindWord;
        int forgetCount;
        try (DjlDataset train = trainImages.toDataset(dev);
                DjlDataset test = testImages.toDataset(dev);
                DjlModel original = DjlModel.create(architecture, dev, seed)) {
            int[] forgetIds = forgetClass != null
                    ? ForgetSets.classWise(train, forgetClass)
                    : ForgetSets.random(train, forgetRandom, seed);
            forgetCount = forgetIds.length;
            DataSplit split = DataSplit.of(train, forgetIds, test);
            kindWord = (forgettingPolicy != null ? forgettingPolicy.forgetKind(TaskType.CLASSIFICATION, split)
                    : ForgetKind.detect(split)).word();
            // can every method run on this model? (newton on the MLP cannot): asked before any training
            if (planMode) {
                escalation.check(original, split);
            } else {
                comparison.check(original, split);
            }

            // ---- the original model: load it, or train and save it ----
            double trainSeconds = originalModel(original, trainImages, train, dataName, split, recipe, progress);
            if (planMode) {
                rows.add(accuracyRow("original", "original", original, split, trainSeconds, null, null));
                planText = runPlan(escalation, original, split, receipts.get("plan"), key, rows);
            } else {
                try (ComparisonResult result = comparison.run(original, split)) {
                    ComparisonRow.Accuracy o = result.originalAccuracy();
                    rows.add(new Row("original", "original", o.forget(), o.retain(), o.test(), trainSeconds, null,
                            Map.of(), null, null, null));
                    for (ComparisonRow r : result.rows()) {
                        rows.add(row(result, r, receipts, key));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw new UnlearnException(e.getMessage(), e);
        }
        String title = String.format(Locale.ROOT,
                "%s (%d train, %d test), forgetting %s (%d rows, forget set: %s), %s, %s, seed %d%n"
                        + "budget: original %d epochs, retrain %s; approximate methods %d epochs unless --set M.epochs=N",
                dataName, trainImages.size(), testImages.size(), scenario, forgetCount, kindWord,
                architecture.name(), dev, seed, recipe.epochs(),
                settings.get(UnlearningPlan.RETRAIN).get(TrainingSettings.EPOCHS), UNLEARNING_EPOCHS);
        if (json) {
            printJson(dataName, trainImages.size(), testImages.size(), scenario, forgetCount, kindWord,
                    architecture.name(), dev, forgettingPolicy, rows, planText);
        } else {
            printText(title, rows, forgettingPolicy, planText, receipts);
        }
        return rows.stream().anyMatch(r -> r.error() != null) ? Main.FAILED : 0;
    }

    /**
     * Loads the saved original, or trains and saves it; returns its training time (NaN when loaded).
     * The checkpoint is found by provenance: this data (its content), architecture, recipe and seed.
     */
    private double originalModel(DjlModel original, LabeledImages trainImages, DjlDataset train, String dataName,
            DataSplit split, TrainingSettings recipe, ProgressBar progress) {
        String data = DataFingerprint.builder().add(dataName).add(trainImages.name()).add(trainImages.size())
                .add(trainImages.labels()).add(trainImages.pixels()).hex();
        originalKey = CheckpointKey.of(CheckpointKey.ORIGINAL, original, data,
                recipe + " schedule " + LearningRateSchedule.CONSTANT, seed);
        retainData = DataFingerprint.builder().add(data).add(split.forgetIds()).hex();
        CheckpointStore store = new CheckpointStore(outDir.resolve("models"));
        Path file = store.fileFor(originalKey);
        long t0 = System.nanoTime();
        if (store.loadInto(originalKey, original).isPresent()) {
            err.println("unlearn4j: loaded the original model from " + file);
            return Double.NaN;
        }
        if (Files.exists(file)) {
            err.println("unlearn4j: " + file + " holds another model (not this data, recipe and seed); training the"
                    + " original again and replacing it");
        }
        OriginalTraining.fit(original, DataView.all(train), recipe, LearningRateSchedule.CONSTANT, seed, progress,
                CancellationToken.none());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path saved = store.save(Checkpoint.of(originalKey, original, seconds, Map.of("dataset", dataName)));
        err.println("unlearn4j: saved the original model to " + saved);
        return seconds;
    }

    /**
     * Saves an unlearned model under the out folder, as {@code STEM-HASH.ckpt}: a checkpoint whose
     * provenance is the retain set, the method and its settings, the original and the seed.
     */
    private Path saveUnlearned(TrainableModel model, String stem, String method, Map<String, String> settings,
            long runSeed, double seconds) {
        CheckpointKey key = CheckpointKey.of(CheckpointKey.UNLEARNED, model, retainData, method + " " + settings
                + " from " + originalKey.fileName(), runSeed);
        return Checkpoints.write(outDir.resolve(stem + "-" + key.hash().substring(0, 16) + Checkpoints.EXTENSION),
                Checkpoint.of(key, model, seconds, Map.of("method", method)));
    }

    private Row row(ComparisonResult result, ComparisonRow r, Map<String, Path> receipts, ReceiptKey key) {
        String role = r.reference() ? "reference" : "method";
        if (r.failed()) {
            err.println("unlearn4j: " + r.method() + " failed: " + r.error());
            return new Row(r.method(), role, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, r.settings(), null,
                    r.error(), null);
        }
        boolean twoRetrains = r.reference() && independentRetrain;
        String name = twoRetrains ? r.method() + " (reference)" : r.method();
        Path saved = saveUnlearned(result.model(r).orElseThrow(), twoRetrains ? r.method() + "-reference"
                : r.method(), r.method(), r.settings(), r.seed(), r.elapsed().toNanos() / 1e9);
        String written = null;
        // one receipt per selected method; the reference's only when retrain was selected (and not judged again)
        Path target = receipts.get(r.method());
        if (target != null && (!r.reference() || !independentRetrain)) {
            ReceiptWriter.write(result.receipt(r, key), target);
            written = target.toString();
        }
        Verification v = null;
        if (result.policy() != null) {
            String verdict = r.reference() ? "REFERENCE" : r.verdict().map(Enum::name).orElse("");
            List<String> lines = r.reference()
                    ? List.of("the reference every method is judged against; not judged against itself"
                            + " (--independent-retrain runs and judges a second retrain)")
                    : r.verdictLines();
            v = new Verification(r.metrics(), verdict, lines, written);
        }
        ComparisonRow.Accuracy a = r.accuracy();
        return new Row(name, role, a.forget(), a.retain(), a.test(), r.elapsed().toNanos() / 1e9, r.speedUp(),
                r.settings(), saved.toString(), null, v);
    }

    private String runPlan(UnlearningPlan escalation, DjlModel original, DataSplit split, Path receiptPath,
            ReceiptKey key, List<Row> rows) {
        try (PlanResult result = escalation.run(original, split)) {
            StringBuilder text = new StringBuilder(result.text());
            for (Attempt attempt : result.attempts()) {
                if (attempt.policyVerdict() != null) {
                    text.append("\n  #").append(attempt.index()).append(' ').append(attempt.method())
                            .append(": ").append(attempt.policyVerdict().text().replace("\n", "\n  "));
                }
            }
            String written = null;
            if (receiptPath != null) {
                ReceiptWriter.write(result.receipt(key), receiptPath);
                written = receiptPath.toString();
            }
            if (result.model().isPresent()) {
                TrainableModel chosen = result.model().get();
                String name = result.accepted().map(Attempt::method).orElse("plan");
                Path saved = saveUnlearned(chosen, "plan-" + name, name, Map.of(), seed,
                        result.totalElapsed().toNanos() / 1e9);
                rows.add(accuracyRow("plan:" + name, "plan", chosen, split, result.totalElapsed().toNanos() / 1e9,
                        saved.toString(), new Verification(Map.of(), result.outcome().name(), List.of(), written)));
            }
            return text.toString();
        }
    }

    /** A row for a model the plan returned (or the original), with its accuracies measured here. */
    private static Row accuracyRow(String name, String role, TrainableModel m, DataSplit split, double seconds,
            String saved, Verification v) {
        var f = m.evaluate(split.forget());
        var r = m.evaluate(split.retain());
        var t = m.evaluate(split.test().orElseThrow());
        return new Row(name, role, 100 * f.accuracy(), 100 * r.accuracy(), 100 * t.accuracy(), seconds, null,
                Map.of(), saved, null, v);
    }

    private void printJson(String dataName, int trainSize, int testSize, String scenario, int forgetCount,
            String kindWord, String architecture, Device dev, ForgettingPolicy forgettingPolicy, List<Row> rows,
            String planText) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", dataName);
        j.put("trainSize", trainSize);
        j.put("testSize", testSize);
        j.put("scenario", scenario);
        j.put("forgetSize", forgetCount);
        j.put("forgetKind", kindWord);
        j.put("model", architecture);
        j.put("device", dev.toString());
        j.put("seed", seed);
        j.put("rows", rows);
        if (forgettingPolicy != null) {
            j.put("policy", forgettingPolicy.toString());
        }
        if (planText != null) {
            j.put("plan", planText);
        }
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j));
        } catch (JsonProcessingException e) {
            throw new UnlearnException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private void printText(String title, List<Row> rows, ForgettingPolicy forgettingPolicy, String planText,
            Map<String, Path> receipts) {
        out.println(title);
        out.println(String.format(Locale.ROOT, "%-20s %10s %10s %10s %10s %9s", "model", "forget %", "retain %",
                "test %", "time (s)", "speed-up"));
        for (Row r : rows) {
            if (r.error() != null) {
                out.println(String.format(Locale.ROOT, "%-20s %s", r.name(), "failed: " + r.error()));
                continue;
            }
            out.println(String.format(Locale.ROOT, "%-20s %10.2f %10.2f %10.2f %10s %9s", r.name(),
                    r.forgetAccuracy(), r.retainAccuracy(), r.testAccuracy(),
                    Double.isNaN(r.seconds()) ? "cached" : String.format(Locale.ROOT, "%.1f", r.seconds()),
                    r.speedUp() == null ? "" : String.format(Locale.ROOT, "%.1fx", r.speedUp())));
        }
        out.println("time: original = training; methods = unlearning run; speed-up = retrain's time / the method's."
                + " Models saved under " + outDir + ".");
        for (Row r : rows) {
            if (r.verification() != null && !r.verification().lines().isEmpty()) {
                out.println();
                out.println(r.name() + ": " + r.verification().verdict() + " (" + forgettingPolicy.name() + ")");
                r.verification().lines().forEach(l -> out.println("  " + l));
                for (String m : extraMetrics) {
                    Double value = r.verification().metrics().get(m);
                    if (value != null) {
                        out.println(String.format(Locale.ROOT, "  %s = %.4f", m, value));
                    }
                }
                if (r.verification().receipt() != null) {
                    out.println("  receipt: " + r.verification().receipt());
                }
            }
        }
        if (planText != null) {
            out.println();
            out.println("plan " + planText);
            receipts.values().forEach(p -> out.println("  receipt: " + p));
        }
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw InvalidRequestException.of(option, value, "must be at least 1");
        }
    }

    /** The methods of --method: each known, none twice, at least one; retrain is the reference anyway. */
    private List<String> methods(String spec) {
        List<String> names = new ArrayList<>();
        for (String m : spec.split(",", -1)) {
            String name = m.trim();
            if (name.isEmpty()) {
                throw InvalidRequestException.of("--method", "'" + spec + "'", "names an empty method; give one or"
                        + " more names separated by commas, e.g. --method ft,rbm (see: unlearn4j methods)");
            }
            if (names.contains(name)) {
                throw InvalidRequestException.of("--method", spec, "names " + name + " twice");
            }
            registry.provider(name);
            names.add(name);
        }
        return names;
    }

    /** --out must be a folder that exists or can be created, and is writable: checked before training. */
    private static void checkOutFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw InvalidRequestException.of("--out", dir, "is a file; name a folder for the saved models");
        }
        try {
            Files.createDirectories(dir.resolve("models"));
        } catch (IOException | UnsupportedOperationException e) {
            throw InvalidRequestException.of("--out", dir, "cannot be created: " + e);
        }
        if (!Files.isWritable(dir) || !Files.isWritable(dir.resolve("models"))) {
            throw InvalidRequestException.of("--out", dir, "is not writable");
        }
    }

    /**
     * Where each receipt goes: with one method (or the plan), exactly --receipt; with several, a
     * file METHOD.json per method inside the folder --receipt.
     */
    private Map<String, Path> receiptPaths(List<String> names) {
        Map<String, Path> paths = new LinkedHashMap<>();
        if (receipt == null) {
            return paths;
        }
        if (names.size() == 1) {
            if (Files.isDirectory(receipt)) {
                throw InvalidRequestException.of("--receipt", receipt, "is a folder, but one method runs: name the"
                        + " receipt file, e.g. receipt.json");
            }
            ReceiptWriter.checkWritable(receipt);
            paths.put(names.get(0), receipt);
            return paths;
        }
        if (Files.exists(receipt) && !Files.isDirectory(receipt)) {
            throw InvalidRequestException.of("--receipt", receipt, "is a file, but " + names.size() + " methods run ("
                    + String.join(", ", names) + "): name a folder, which will hold one receipt per method");
        }
        if (!Files.exists(receipt)) {
            Path parent = receipt.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw InvalidRequestException.of("--receipt", receipt, "its parent folder does not exist");
            }
            try {
                Files.createDirectory(receipt);
            } catch (IOException e) {
                throw InvalidRequestException.of("--receipt", receipt, "cannot be created: " + e);
            }
        }
        for (String m : names) {
            Path p = receipt.resolve(m.replaceAll("[^A-Za-z0-9_.+-]", "_") + ".json");
            ReceiptWriter.checkWritable(p);
            paths.put(m, p);
        }
        return paths;
    }

    /**
     * The key for --receipt-key: read from the file, or generated into it when there is no file yet
     * (said on stderr, with the key's id). Without --receipt-key, receipts carry no forget-set
     * commitment and no MAC, and a warning says so.
     */
    private ReceiptKey receiptKey() {
        if (receiptKey == null) {
            if (receipt != null) {
                err.println("unlearn4j: --receipt without --receipt-key: the receipt will hold no forget-set commitment"
                        + " and no MAC, so it cannot be checked later; pass --receipt-key FILE (created if missing)");
            }
            return null;
        }
        if (receipt == null) {
            throw InvalidRequestException.of("--receipt-key", receiptKey, "only makes sense with --receipt FILE.json");
        }
        if (Files.exists(receiptKey)) {
            return ReceiptKey.read(receiptKey);
        }
        ReceiptKey key = ReceiptKey.generate();
        key.write(receiptKey);
        err.println("unlearn4j: generated a new receipt key in " + receiptKey + " (id " + key.id() + "); keep it secret"
                + " and safe: verify-receipt needs it, and it shows which rows a receipt was for");
        return key;
    }

    private boolean declaresEpochs(String method) {
        return registry.provider(method).settingsSchema().settings().stream()
                .anyMatch(x -> x.name().equals(TrainingSettings.EPOCHS));
    }

    /**
     * Parses {@code method.key=value,...} from every --set; a method that is not selected is an error.
     *
     * @param specs the --set values
     * @param selected the methods that run
     * @return settings by method
     */
    static Map<String, Map<String, Object>> parseSettings(List<String> specs, Set<String> selected) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (String spec : specs) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int dot = p.indexOf('.');
                int eq = p.indexOf('=');
                if (dot < 1 || eq < dot + 2 || eq == p.length() - 1) {
                    throw InvalidRequestException.of("--set", p, "expected method.setting=value, e.g. ft.epochs=3");
                }
                String m = p.substring(0, dot);
                if (!selected.contains(m)) {
                    throw InvalidRequestException.of("--set", p, "sets " + m + ", which is not selected (methods: "
                            + String.join(", ", selected) + ")");
                }
                result.computeIfAbsent(m, k -> new LinkedHashMap<>()).put(p.substring(dot + 1, eq), p.substring(eq + 1));
            }
        }
        return result;
    }
}
