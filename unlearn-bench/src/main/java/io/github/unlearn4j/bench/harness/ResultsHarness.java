package io.github.unlearn4j.bench.harness;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.bench.CommandLines;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointHeader;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
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
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reproduces the paper-style results table on Fashion-MNIST: every registered unlearning method,
 * retrain and the original model, in two scenarios, over several seeds, with a hyperparameter
 * search per method on a separate validation setup. Writes {@code results.json}, {@code results.md}
 * and PNG charts to the output folder. Run it with {@code unlearn-bench/run-table [--quick]}.
 *
 * <p><b>Setup</b> (full run; {@code --quick} shrinks it, see {@code --help}):
 *
 * <ul>
 *   <li>data: the first 10,000 Fashion-MNIST training images, pixels standardized with the training
 *       set's mean and standard deviation; the first 5,000 test images are the reported test set,
 *       the other 5,000 the validation test set. Without the files in the default folder:
 *       {@link SyntheticImages}, with a note ({@link FashionMnistOrSynthetic}: a folder named with
 *       {@code --data} must hold them);
 *   <li>the original: MLP 784-256-256-10, SGD learning rate 0.05, momentum 0.9, weight decay 5e-4,
 *       batch 128, cosine schedule, 35 epochs, trained from the seed until it nearly memorizes its
 *       training set (measured: 99.8% train accuracy at 35 epochs, 99.6% at 30; with raw [0, 1]
 *       pixels it stays near 98%, and with a constant learning rate near 97-98%, which leaves
 *       little to forget); the train accuracy is reported; cached per seed under
 *       {@code <out>/models};
 *   <li>retrain: the original's recipe on D_r, from the same seed;
 *   <li>scenarios: class-wise forgetting of class 3 (Dress), and random forgetting of 10% of the
 *       rows (a different random set per seed);
 *   <li>metrics (DESIGN.md §4): UA, RA, TA, MIA-efficacy (core's {@code mia} verifier, confidence
 *       feature), the gap of each to retrain's value in the same seed, Avg. Gap = their mean; run
 *       time (the unlearner's provenance time; the original's training time) and speed-up =
 *       retrain time / method time, measured in the same run;
 *   <li>hyperparameters: {@link SearchSpace}, the same budget for every method, selected per
 *       scenario by the smallest Avg. Gap on the validation setup: seed 1000 (its own original,
 *       its own retrain), forget class 5 (Sandal) or a random 10% drawn with seed 1000, metrics on
 *       the validation test images. The reported seeds never take part in the selection;
 *   <li>seeds 1, 2, 3, reported as mean ± sample standard deviation.
 * </ul>
 *
 * <p>A method that refuses the model before any compute ({@code newton}: linear models only) is
 * listed as not applicable with its reason. The original's own Avg. Gap is a row: a method that
 * does not beat it has not forgotten anything measurable.
 */
public final class ResultsHarness {
    /** The learning-rate schedule of the original's and retrain's recipe. */
    static final LearningRateSchedule SCHEDULE = LearningRateSchedule.COSINE;
    /** The seed of the synthetic images (training; test and validation: the next two). */
    static final long SYNTHETIC_SEED = 11;
    /** The seed of the validation setup. */
    static final long VALIDATION_SEED = 1000;
    /** The class forgotten in the reported class-wise scenario. */
    static final int FORGET_CLASS = 3;
    /** The class forgotten in the validation class-wise scenario. */
    static final int VALIDATION_FORGET_CLASS = 5;
    /** The share of rows forgotten in the random scenario. */
    static final double RANDOM_FRACTION = 0.1;
    /** Fashion-MNIST's class names. */
    static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};

    private ResultsHarness() {}

    /**
     * Runs the harness and exits with its status.
     *
     * @param args the options, see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the harness; the help goes to standard output.
     *
     * @param args the options, see {@code --help}
     * @param err where progress and errors go
     * @return 0 when the outputs were written (a method run that diverged or failed is a result: its
     *     row says so, and a warning lists it), 1 when the harness itself failed, 2 on bad input
     */
    public static int run(String[] args, PrintStream err) {
        return run(args, System.out, err);
    }

    /**
     * Runs the harness. The command line is parsed by picocli ({@link ResultsHarnessCommand}); bad
     * input (an unknown option, a stray argument, a bad number, an option given twice, a bad value,
     * a {@code --data} folder without the data) exits with status 2 before any compute.
     *
     * @param args the options, see {@code --help}
     * @param out where the help goes
     * @param err where progress and errors go
     * @return 0 when the outputs were written (a method run that diverged or failed is a result: its
     *     row says so, and a warning lists it), 1 when the harness itself failed, 2 on bad input
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        return CommandLines.execute(new ResultsHarnessCommand(err, String.join(" ", args)).commandSpec(), args, out,
                err);
    }

    /**
     * Runs the harness with parsed options and prints a warning per failed run.
     *
     * @param options the options
     * @param err where progress and warnings go
     * @param command the arguments, as typed
     */
    static void run(Options options, PrintStream err, String command) {
        Results results = new ResultsHarness.Runner(options, err, command).run();
        for (ScenarioResult s : results.scenarios()) {
            for (Row r : s.rows()) {
                if (r.error() != null) {
                    err.println("ResultsHarness: warning: " + s.scenario().id + " " + r.method() + ": " + r.error());
                }
            }
        }
    }

    /**
     * The command-line options, with the full run's defaults; {@link ResultsHarnessCommand} parses
     * them.
     *
     * @param quick the CI smoke run
     * @param out the results folder
     * @param data the Fashion-MNIST folder named with {@code --data}, or null for the default folder
     * @param synthetic whether {@code --synthetic} was given
     * @param seeds the reported seeds
     * @param methods only these methods, or empty for every registered one (never retrain)
     * @param trainLimit training images
     * @param testSize reported test images
     * @param validationSize validation test images
     * @param originalEpochs epochs of the original and of retrain
     */
    record Options(boolean quick, Path out, Path data, boolean synthetic, List<Long> seeds, List<String> methods,
            int trainLimit, int testSize, int validationSize, int originalEpochs) {
        static final int FULL_ORIGINAL_EPOCHS = 35;

        /** The original's and retrain's recipe; the schedule is {@link #SCHEDULE}. */
        TrainingSettings recipe() {
            return new TrainingSettings(0.05, originalEpochs, 128, 0.9, 5e-4);
        }

        /** Epochs every method runs with in --quick mode (the grid is cut to its first configuration). */
        int quickEpochs() {
            return 1;
        }
    }

    /** One scenario. */
    enum Scenario {
        /** Every row of one class. */
        CLASS_WISE("class-wise", "Class-wise forgetting"),
        /** A random 10% of the rows. */
        RANDOM("random", "Random forgetting (10%)");

        final String id;
        final String title;

        Scenario(String id, String title) {
            this.id = id;
            this.title = title;
        }

        int[] forgetIds(DjlDataset train, boolean validation, long seed) {
            return switch (this) {
                case CLASS_WISE -> ForgetSets.classWise(train, validation ? VALIDATION_FORGET_CLASS : FORGET_CLASS);
                case RANDOM -> ForgetSets.random(train, RANDOM_FRACTION, seed);
            };
        }

        String forgetDescription(boolean validation, long seed) {
            return switch (this) {
                case CLASS_WISE -> {
                    int c = validation ? VALIDATION_FORGET_CLASS : FORGET_CLASS;
                    yield "class " + c + " (" + CLASS_NAMES[c] + ")";
                }
                case RANDOM -> String.format(Locale.ROOT, "random %.0f%% (forget-set seed %d)", 100 * RANDOM_FRACTION, seed);
            };
        }

        String reportedForget() {
            return this == CLASS_WISE ? forgetDescription(false, 0)
                    : String.format(Locale.ROOT, "a random %.0f%% of the training rows, drawn with each seed",
                            100 * RANDOM_FRACTION);
        }
    }

    /**
     * One model's result in one seed.
     *
     * @param seed the seed
     * @param metrics UA, RA, TA, MIA
     * @param gaps |metric − retrain's| per metric
     * @param seconds run time (for the original: training time, NaN when loaded from the cache)
     * @param speedUp retrain's time / this time, or null
     * @param forgetSize rows forgotten
     */
    record SeedResult(long seed, Metrics metrics, Metrics gaps, double seconds, Double speedUp, int forgetSize) {}

    /**
     * One row of a scenario's table.
     *
     * @param method the method, {@code retrain} or {@code original}
     * @param notApplicable why the method does not apply, or null
     * @param error why a run failed, or null
     * @param settings the method's resolved settings (the chosen configuration), empty for the original
     * @param seeds per-seed results
     */
    record Row(String method, String notApplicable, String error, Map<String, String> settings,
            List<SeedResult> seeds) {
        Stats stat(java.util.function.ToDoubleFunction<SeedResult> f) {
            List<Double> v = new ArrayList<>();
            for (SeedResult s : seeds) {
                double x = f.applyAsDouble(s);
                if (!Double.isNaN(x)) {
                    v.add(x);
                }
            }
            return Stats.of(v);
        }

        Stats avgGap() {
            return stat(s -> s.gaps().mean());
        }

        boolean complete() {
            return notApplicable == null && error == null && !seeds.isEmpty();
        }
    }

    /**
     * One configuration tried on the validation setup.
     *
     * @param overrides the grid's settings
     * @param settings all resolved settings
     * @param metrics the validation metrics, null on error
     * @param gaps their gaps, null on error
     * @param seconds run time
     * @param error why it failed, or null
     */
    record Trial(Map<String, Object> overrides, Map<String, String> settings, Metrics metrics, Metrics gaps,
            double seconds, String error) {
        double avgGap() {
            return gaps == null ? Double.POSITIVE_INFINITY : gaps.mean();
        }
    }

    /**
     * A method's search in one scenario.
     *
     * @param grid the grid
     * @param trials the configurations tried, in grid order
     * @param chosen the index of the chosen one, -1 if none worked
     * @param notApplicable why the method does not apply, or null
     */
    record Search(SearchSpace.Grid grid, List<Trial> trials, int chosen, String notApplicable) {
        Map<String, Object> chosenOverrides() {
            return chosen < 0 ? null : trials.get(chosen).overrides();
        }
    }

    /**
     * A scenario's outcome.
     *
     * @param scenario the scenario
     * @param validationForget the validation forget set, in words
     * @param validationRetrain retrain's validation metrics
     * @param validationOriginalGap the original's validation Avg. Gap
     * @param searches per method
     * @param rows the table rows: retrain, original, then every method
     */
    record ScenarioResult(Scenario scenario, String validationForget, Metrics validationRetrain,
            double validationOriginalGap, Map<String, Search> searches, List<Row> rows) {}

    /**
     * Everything the reports need.
     *
     * @param options the options
     * @param command the arguments, as typed
     * @param startedAt the start
     * @param wallSeconds the whole run's wall time
     * @param dataset the data set's name
     * @param dataNote a note on the data (synthetic fallback), or null
     * @param sizes train, test and validation sizes
     * @param architecture the model
     * @param device the device
     * @param originals seed to {train accuracy, train seconds, cached}
     * @param phases phase name to wall seconds
     * @param scenarios per scenario
     */
    record Results(Options options, String command, Instant startedAt, double wallSeconds, String dataset,
            String dataNote, int[] sizes, String architecture, String device, Map<Long, Map<String, Object>> originals,
            Map<String, Double> phases, List<ScenarioResult> scenarios) {}

    /** Does the work; one instance per run. */
    static final class Runner {
        private final Options options;
        private final PrintStream err;
        private final String command;
        private final long t0 = System.nanoTime();
        private final Map<String, Double> phases = new LinkedHashMap<>();
        private final UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        private final VerificationSuite suite = VerificationSuite.builder()
                .addVerifiers(List.of("accuracy", "mia"))
                .optSettings("mia", Settings.of(Map.of("feature", "confidence")))
                .build();
        private final Map<Long, Map<String, Object>> originals = new LinkedHashMap<>();
        private CheckpointStore store;
        private DjlArchitecture architecture;
        private Device device;
        private String dataFingerprint;
        private int runsDone;
        private int runsTotal;

        Runner(Options options, PrintStream err, String command) {
            this.options = options;
            this.err = err;
            this.command = command;
        }

        private void log(String message) {
            double s = (System.nanoTime() - t0) / 1e9;
            err.printf(Locale.ROOT, "[%4d:%02d] %s%n", (int) (s / 60), (int) (s % 60), message);
            err.flush();
        }

        private long phaseStart(String name) {
            log("phase " + name + " ...");
            return System.nanoTime();
        }

        private void phaseEnd(String name, long start) {
            double s = (System.nanoTime() - start) / 1e9;
            phases.merge(name, s, Double::sum);
            log(String.format(Locale.ROOT, "phase %s done in %.1f s", name, s));
        }

        Results run() {
            Instant startedAt = Instant.now();
            // ---- validate everything before any compute ----
            FashionMnistOrSynthetic source = FashionMnistOrSynthetic.resolve(options.data(), options.synthetic(),
                    FashionMnist.DEFAULT_FOLDER);
            List<String> methods = new ArrayList<>();
            for (String name : registry.names()) {
                if (!name.equals("retrain") && (options.methods().isEmpty() || options.methods().contains(name))) {
                    methods.add(name);
                }
            }
            for (String m : options.methods()) {
                registry.provider(m);
            }
            Map<String, SearchSpace.Grid> grids = new LinkedHashMap<>();
            for (String m : methods) {
                SearchSpace.Grid g = gridFor(registry.provider(m));
                for (Map<String, Object> c : g.configs()) {
                    registry.create(m, Settings.of(c));
                }
                grids.put(m, g);
            }
            Map<String, Object> retrainSettings = recipeSettings(options.recipe());
            registry.create("retrain", Settings.of(retrainSettings));
            store = new CheckpointStore(options.out().resolve("models"));
            architecture = Architectures.mlp(FashionMnist.FEATURES, 256, 256, FashionMnist.CLASSES);
            device = DjlDevices.resolve(DevicePreference.CPU, FallbackPolicy.FAIL);
            int searchRuns = 0;
            for (SearchSpace.Grid g : grids.values()) {
                searchRuns += g.configs().size();
            }
            runsTotal = Scenario.values().length * (searchRuns + 1 + options.seeds().size() * (methods.size() + 1));
            log("ResultsHarness " + (options.quick() ? "--quick " : "") + "methods " + methods + ", seeds "
                    + options.seeds() + ", " + searchRuns + " search configurations per scenario; out "
                    + options.out().toAbsolutePath());

            // ---- data ----
            long p = phaseStart("data");
            FashionMnistOrSynthetic.Images images = source.load(options.trainLimit(), options.testSize(),
                    options.validationSize(), true, SYNTHETIC_SEED);
            LabeledImages trainImages = images.train();
            LabeledImages testImages = images.test();
            LabeledImages validationImages = images.validation().orElseThrow();
            String dataset = images.dataName();
            String dataNote = images.note().orElse(options.synthetic() ? "synthetic data (--synthetic)" : null);
            if (dataNote != null) {
                err.println("ResultsHarness: note: " + dataNote);
            }
            dataFingerprint = DataFingerprint.builder().add(dataset).add(trainImages.name()).add(trainImages.size())
                    .add(trainImages.labels()).add(trainImages.pixels()).hex();
            phaseEnd("data", p);

            List<ScenarioResult> scenarios = new ArrayList<>();
            try (DjlDataset train = trainImages.toDataset(device);
                    DjlDataset test = testImages.toDataset(device);
                    DjlDataset validation = validationImages.toDataset(device)) {
                // ---- validation: the search ----
                Map<Scenario, Map<String, Search>> searches = new LinkedHashMap<>();
                Map<Scenario, Metrics> validationRetrain = new LinkedHashMap<>();
                Map<Scenario, Double> validationOriginalGap = new LinkedHashMap<>();
                Map<Scenario, String> validationForget = new LinkedHashMap<>();
                try (DjlModel original = original(train, VALIDATION_SEED, "validation original")) {
                    for (Scenario sc : Scenario.values()) {
                        String phase = "search " + sc.id;
                        p = phaseStart(phase);
                        DataSplit split = DataSplit.of(train, sc.forgetIds(train, true, VALIDATION_SEED), validation);
                        validationForget.put(sc, sc.forgetDescription(true, VALIDATION_SEED) + ", "
                                + split.forget().size() + " rows");
                        Metrics ref = validationRetrain(sc, original, split, retrainSettings);
                        validationRetrain.put(sc, ref);
                        double originalGap = measure(original, split).gapTo(ref).mean();
                        validationOriginalGap.put(sc, originalGap);
                        log(String.format(Locale.ROOT, "%s validation: retrain %s; original Avg. Gap %.2f", sc.id,
                                fmt(ref), originalGap));
                        Map<String, Search> byMethod = new LinkedHashMap<>();
                        for (String m : methods) {
                            byMethod.put(m, search(sc, m, grids.get(m), original, split, ref));
                        }
                        searches.put(sc, byMethod);
                        phaseEnd(phase, p);
                    }
                }

                // ---- the reported seeds ----
                Map<Scenario, Map<String, List<SeedResult>>> perSeed = new LinkedHashMap<>();
                Map<Scenario, Map<String, String>> errors = new LinkedHashMap<>();
                Map<Scenario, Map<String, Map<String, String>>> resolved = new LinkedHashMap<>();
                for (Scenario sc : Scenario.values()) {
                    perSeed.put(sc, new LinkedHashMap<>());
                    errors.put(sc, new LinkedHashMap<>());
                    resolved.put(sc, new LinkedHashMap<>());
                }
                for (long seed : options.seeds()) {
                    try (DjlModel original = original(train, seed, "original seed " + seed)) {
                        for (Scenario sc : Scenario.values()) {
                            String phase = "seed " + seed + " " + sc.id;
                            p = phaseStart(phase);
                            reported(sc, seed, original, DataSplit.of(train, sc.forgetIds(train, false, seed), test),
                                    retrainSettings, searches.get(sc), perSeed.get(sc), errors.get(sc),
                                    resolved.get(sc));
                            phaseEnd(phase, p);
                        }
                    }
                }

                for (Scenario sc : Scenario.values()) {
                    List<Row> rows = new ArrayList<>();
                    rows.add(new Row("retrain", null, errors.get(sc).get("retrain"),
                            resolved.get(sc).getOrDefault("retrain", Map.of()),
                            perSeed.get(sc).getOrDefault("retrain", List.of())));
                    rows.add(new Row("original", null, null, recipeStrings(options.recipe()),
                            perSeed.get(sc).getOrDefault("original", List.of())));
                    for (String m : methods) {
                        Search s = searches.get(sc).get(m);
                        rows.add(new Row(m, s.notApplicable(), errors.get(sc).get(m),
                                resolved.get(sc).getOrDefault(m, Map.of()), perSeed.get(sc).getOrDefault(m, List.of())));
                    }
                    scenarios.add(new ScenarioResult(sc, validationForget.get(sc), validationRetrain.get(sc),
                            validationOriginalGap.get(sc), searches.get(sc), rows));
                }
            }

            // ---- outputs ----
            p = phaseStart("outputs");
            Results results = new Results(options, command, startedAt, (System.nanoTime() - t0) / 1e9, dataset,
                    dataNote, new int[] {trainImages.size(), testImages.size(), validationImages.size()},
                    architecture.name(), device.toString(), originals, phases, scenarios);
            List<Path> written = Reports.write(results, options.out());
            phaseEnd("outputs", p);
            double wall = (System.nanoTime() - t0) / 1e9;
            log(String.format(Locale.ROOT, "done in %.1f s (%.1f min); wrote %s", wall, wall / 60, written));
            return results;
        }

        private SearchSpace.Grid gridFor(UnlearnerProvider provider) {
            SearchSpace.Grid g = SearchSpace.grid(provider);
            if (!options.quick()) {
                return g;
            }
            Map<String, Object> first = new LinkedHashMap<>(g.configs().get(0));
            if (SearchSpace.defaultOf(provider, TrainingSettings.EPOCHS) != null) {
                first.put(TrainingSettings.EPOCHS, options.quickEpochs());
            }
            return new SearchSpace.Grid(g.method(), "--quick: the first configuration of (" + g.rule() + "), epochs "
                    + options.quickEpochs(), List.of(first));
        }

        /** The provenance of a seed's original: this data, the recipe and its schedule, the seed. */
        private CheckpointKey originalKey(TrainableModel model, long seed) {
            return CheckpointKey.of(CheckpointKey.ORIGINAL, model, dataFingerprint,
                    options.recipe() + " schedule " + SCHEDULE, seed);
        }

        /**
         * Loads the original of a seed from the cache, or trains and saves it: the cache holds
         * checkpoints found by provenance, so a change of data, recipe or seed trains again.
         */
        private DjlModel original(DjlDataset train, long seed, String what) {
            String phase = "original seed " + seed;
            long p = phaseStart(phase);
            DjlModel model = DjlModel.create(architecture, device, seed);
            try {
                CheckpointKey key = originalKey(model, seed);
                // the results report the training time: a checkpoint that does not know it is trained again
                Optional<Checkpoint> cached = store.find(key).filter(c -> !Double.isNaN(c.header().trainingSeconds()));
                double seconds;
                if (cached.isPresent()) {
                    cached.get().applyTo(model);
                    seconds = cached.get().header().trainingSeconds();
                    log(what + ": loaded from " + store.fileFor(key));
                } else {
                    long t = System.nanoTime();
                    OriginalTraining.fit(model, DataView.all(train), options.recipe(), SCHEDULE,
                            seed, progress(what), CancellationToken.none());
                    seconds = (System.nanoTime() - t) / 1e9;
                    store.save(Checkpoint.of(key, model, seconds, Map.of()));
                }
                double trainAccuracy = 100 * model.evaluate(DataView.all(train)).accuracy();
                log(String.format(Locale.ROOT, "%s: train accuracy %.2f%%, trained in %.1f s%s", what, trainAccuracy,
                        seconds, cached.isPresent() ? " (cached)" : ""));
                if (!options.quick() && trainAccuracy < 99) {
                    err.println("ResultsHarness: warning: the original of seed " + seed + " reaches only "
                            + String.format(Locale.ROOT, "%.2f%%", trainAccuracy)
                            + " train accuracy (< 99%); it has little to forget. Raise --original-epochs.");
                }
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("trainAccuracy", trainAccuracy);
                info.put("trainSeconds", seconds);
                info.put("cached", cached.isPresent());
                originals.put(seed, info);
                phaseEnd(phase, p);
                return model;
            } catch (RuntimeException | Error e) {
                model.close();
                throw e;
            }
        }

        /** Retrain on the validation split; cached like the originals (it is not a reported time). */
        private Metrics validationRetrain(Scenario sc, DjlModel original, DataSplit split,
                Map<String, Object> retrainSettings) {
            try (DjlModel model = DjlModel.create(architecture, device, VALIDATION_SEED)) {
                CheckpointKey key = CheckpointKey.of(CheckpointKey.UNLEARNED, model, DataFingerprint.builder()
                        .add(dataFingerprint).add(split.forgetIds()).hex(), "retrain " + retrainSettings
                        + " from " + originalKey(original, VALIDATION_SEED).fileName(), VALIDATION_SEED);
                Optional<CheckpointHeader> cached = store.loadInto(key, model);
                if (cached.isPresent()) {
                    log(sc.id + " validation retrain: loaded from the cache");
                    runsDone++;
                    return measure(model, split);
                }
                Unlearner retrain = registry.create("retrain", Settings.of(retrainSettings));
                try (UnlearnResult r = retrain.unlearn(request(original, split, VALIDATION_SEED, sc.id
                        + " validation retrain"))) {
                    double seconds = r.provenance().elapsed().toNanos() / 1e9;
                    store.save(Checkpoint.of(key, r.model(), seconds, Map.of("scenario", sc.id)));
                    runsDone++;
                    log(String.format(Locale.ROOT, "%s validation retrain: %.1f s", sc.id, seconds));
                    return measure(r.model(), split);
                }
            }
        }

        private Search search(Scenario sc, String method, SearchSpace.Grid grid, DjlModel original, DataSplit split,
                Metrics ref) {
            List<Trial> trials = new ArrayList<>();
            int best = -1;
            for (int i = 0; i < grid.configs().size(); i++) {
                Map<String, Object> c = grid.configs().get(i);
                Unlearner u = registry.create(method, Settings.of(c));
                String label = sc.id + " search " + method + " " + (i + 1) + "/" + grid.configs().size() + " " + c;
                try (UnlearnResult r = u.unlearn(request(original, split, VALIDATION_SEED, label))) {
                    double seconds = r.provenance().elapsed().toNanos() / 1e9;
                    Metrics m = measure(r.model(), split);
                    Trial t = new Trial(c, r.provenance().settings(), m, m.gapTo(ref), seconds, null);
                    trials.add(t);
                    runsDone++;
                    log(String.format(Locale.ROOT, "(%d/%d) %s: %s, Avg. Gap %.2f, %.1f s", runsDone, runsTotal,
                            label, fmt(m), t.avgGap(), seconds));
                    if (best < 0 || t.avgGap() < trials.get(best).avgGap()) {
                        best = i;
                    }
                } catch (InvalidRequestException e) {
                    runsDone += grid.configs().size() - i;
                    log(method + ": not applicable: " + e.getMessage());
                    return new Search(grid, trials, -1, e.getMessage());
                } catch (UnlearnException e) {
                    runsDone++;
                    trials.add(new Trial(c, u.settings().asStrings(), null, null, Double.NaN, e.getMessage()));
                    log(label + ": failed: " + e.getMessage());
                }
            }
            if (best >= 0) {
                log(String.format(Locale.ROOT, "%s %s: chose %s (validation Avg. Gap %.2f)", sc.id, method,
                        grid.configs().get(best), trials.get(best).avgGap()));
            }
            return new Search(grid, trials, best, null);
        }

        private void reported(Scenario sc, long seed, DjlModel original, DataSplit split,
                Map<String, Object> retrainSettings, Map<String, Search> searches,
                Map<String, List<SeedResult>> out, Map<String, String> errors, Map<String, Map<String, String>> resolved) {
            int forgetSize = split.forget().size();
            log(sc.id + " seed " + seed + ": forgetting " + sc.forgetDescription(false, seed) + ", " + forgetSize
                    + " rows");
            Metrics ref;
            double retrainSeconds;
            Unlearner retrain = registry.create("retrain", Settings.of(retrainSettings));
            try (UnlearnResult r = retrain.unlearn(request(original, split, seed, sc.id + " seed " + seed + " retrain"))) {
                retrainSeconds = r.provenance().elapsed().toNanos() / 1e9;
                ref = measure(r.model(), split);
                resolved.put("retrain", r.provenance().settings());
            }
            runsDone++;
            log(String.format(Locale.ROOT, "(%d/%d) %s seed %d retrain: %s, %.1f s", runsDone, runsTotal, sc.id, seed,
                    fmt(ref), retrainSeconds));
            out.computeIfAbsent("retrain", k -> new ArrayList<>()).add(new SeedResult(seed, ref, ref.gapTo(ref),
                    retrainSeconds, 1.0, forgetSize));
            Metrics om = measure(original, split);
            double trainSeconds = (double) originals.get(seed).get("trainSeconds");
            out.computeIfAbsent("original", k -> new ArrayList<>()).add(new SeedResult(seed, om, om.gapTo(ref),
                    trainSeconds, null, forgetSize));
            log(String.format(Locale.ROOT, "%s seed %d original: %s, Avg. Gap %.2f", sc.id, seed, fmt(om),
                    om.gapTo(ref).mean()));
            for (Map.Entry<String, Search> e : searches.entrySet()) {
                String method = e.getKey();
                Search s = e.getValue();
                if (s.notApplicable() != null) {
                    runsDone++;
                    continue;
                }
                if (s.chosen() < 0) {
                    runsDone++;
                    errors.put(method, "every search configuration failed: " + s.trials().get(0).error());
                    continue;
                }
                Unlearner u = registry.create(method, Settings.of(s.chosenOverrides()));
                String label = sc.id + " seed " + seed + " " + method;
                try (UnlearnResult r = u.unlearn(request(original, split, seed, label))) {
                    double seconds = r.provenance().elapsed().toNanos() / 1e9;
                    Metrics m = measure(r.model(), split);
                    resolved.put(method, r.provenance().settings());
                    out.computeIfAbsent(method, k -> new ArrayList<>()).add(new SeedResult(seed, m, m.gapTo(ref),
                            seconds, retrainSeconds / seconds, forgetSize));
                    runsDone++;
                    log(String.format(Locale.ROOT, "(%d/%d) %s: %s, Avg. Gap %.2f, %.1f s (%.1fx)", runsDone,
                            runsTotal, label, fmt(m), m.gapTo(ref).mean(), seconds, retrainSeconds / seconds));
                } catch (UnlearnException ex) {
                    runsDone++;
                    errors.merge(method, "seed " + seed + ": " + ex.getMessage(), (x, y) -> x + "; " + y);
                    log(label + ": failed: " + ex.getMessage());
                }
            }
        }

        private UnlearnRequest request(TrainableModel model, DataSplit split, long seed, String label) {
            return UnlearnRequest.builder().setModel(model).setData(split).optSeed(seed).optProgress(progress(label))
                    .build();
        }

        /** A listener that logs every 25% of a long run, so that a nohup log shows it moving. */
        private ProgressListener progress(String label) {
            int[] lastQuarter = {0};
            return pr -> {
                if (pr.total() < 200) {
                    return;
                }
                int quarter = (int) (4 * pr.completed() / pr.total());
                if (quarter > lastQuarter[0] && quarter < 4) {
                    lastQuarter[0] = quarter;
                    log(String.format(Locale.ROOT, "  %s: %s %d%% (%d/%d steps)", label, pr.stage(), 25 * quarter,
                            pr.completed(), pr.total()));
                }
            };
        }

        private Metrics measure(TrainableModel model, DataSplit split) {
            Measurements m = suite.measure(model, split, null);
            return new Metrics(value(m, "UA"), value(m, "RA"), value(m, "TA"), value(m, "MIA"));
        }

        private static double value(Measurements m, String name) {
            return m.get(name).map(Measurement::value).orElseThrow(() -> new IllegalStateException(
                    "metric " + name + " was not measured: " + m.skipped()));
        }
    }

    static String fmt(Metrics m) {
        return String.format(Locale.ROOT, "UA %.2f RA %.2f TA %.2f MIA %.2f", m.ua(), m.ra(), m.ta(), m.mia());
    }

    static Map<String, Object> recipeSettings(TrainingSettings t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(TrainingSettings.LEARNING_RATE, t.learningRate());
        m.put(TrainingSettings.EPOCHS, t.epochs());
        m.put(TrainingSettings.BATCH_SIZE, t.batchSize());
        m.put(TrainingSettings.MOMENTUM, t.momentum());
        m.put(TrainingSettings.WEIGHT_DECAY, t.weightDecay());
        m.put(TrainingSettings.SCHEDULE, SCHEDULE.name().toLowerCase(Locale.ROOT));
        return m;
    }

    static Map<String, String> recipeStrings(TrainingSettings t) {
        Map<String, String> m = new LinkedHashMap<>();
        recipeSettings(t).forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }
}
