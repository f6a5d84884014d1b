package io.github.unlearn4j.bench.harness;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.bench.CommandLines;
import io.github.unlearn4j.core.attack.UliraVerifier;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointHeader;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.ClassMiaVerifier;
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
import java.util.Set;

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
 *   <li>retrain: the original's recipe on D_r, from the same seed; a second retrain from seed +
 *       {@value #INDEPENDENT_SEED_OFFSET} (another initialization and batch order) is the noise
 *       floor row;
 *   <li>scenarios: class-wise forgetting of class 3 (Dress); random forgetting of 10% of the rows (a
 *       different random set per seed); mislabeled records: 8% of the rows get a random wrong label
 *       before the original is trained (its own original per seed), the forget set is those rows;
 *   <li>metrics ({@link Reports#CONVENTIONS}): UA, RA, TA, MIA-efficacy (core's {@code mia}
 *       verifier, confidence feature); class-wise, TA and the MIA's non-members use the test rows of
 *       the remaining classes and the forgotten class's TA is its own column; Avg. Gap as the gap of
 *       the means and as the mean of per-seed gaps with a 95% interval; paired comparisons over
 *       seeds; run time and speed-up = retrain time / method time, in the same run;
 *   <li>hyperparameters: {@link SearchSpace}, selected per scenario by the smallest mean Avg. Gap
 *       over validation setups (seeds {@code VALIDATION_SEEDS}, each with its own original and
 *       retrain, × classes {@code VALIDATION_CLASSES} or one random draw per seed; metrics on the
 *       validation test images); mislabeled uses random's choices. The reported seeds never take
 *       part in the selection;
 *   <li>matched ablations (ft at RBM's learning rate and epochs; RBM masked-RL and SalUn at RL's)
 *       and a per-class overlap study (ft, rbm, salun on each class, the first two seeds);
 *   <li>seeds 1–5, reported as mean ± sample standard deviation.
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
    /** The seeds of the validation setups (their own originals and retrains); never reported. */
    static final List<Long> VALIDATION_SEEDS = List.of(1000L, 1001L);
    /** The class forgotten in the reported class-wise scenario. */
    static final int FORGET_CLASS = 3;
    /**
     * The classes forgotten on the validation setups, never reported: Sandal (little overlap with
     * other classes) and Pullover (much overlap, with Coat and Shirt).
     */
    static final List<Integer> VALIDATION_CLASSES = List.of(5, 2);
    /** The share of rows forgotten in the random scenario. */
    static final double RANDOM_FRACTION = 0.1;
    /** The share of training rows given a wrong label in the mislabeled scenario. */
    static final double MISLABELED_FRACTION = 0.08;
    /** Separates the mislabeled draw from the random scenario's draw of the same seed. */
    static final long MISLABELED_SALT = 0x6D15L;
    /** The second retrain's seed is the seed plus this: an independent initialization and batch order. */
    static final long INDEPENDENT_SEED_OFFSET = 7_919;
    /** The row name of the second retrain: the noise floor. */
    static final String FLOOR = "retrain (2nd init)";
    /**
     * The rows U-LiRA attacks in random forgetting besides every method's: the controls, the
     * original and the second retrain (both with plain LiRA, as they carry no method).
     */
    static final List<String> ULIRA_CONTROLS = List.of("original", FLOOR);
    /** The seeds of the overlap study: the first this many reported seeds. */
    static final int OVERLAP_SEEDS = 2;
    /** The methods of the overlap study. */
    static final List<String> OVERLAP_METHODS = List.of("ft", "rbm", "salun");
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
     * @param uliraSeeds the reported seeds on which random forgetting runs the U-LiRA attack
     * @param uliraShadows its shadow runs per forget set, 0 for none
     */
    record Options(boolean quick, Path out, Path data, boolean synthetic, List<Long> seeds, List<String> methods,
            int trainLimit, int testSize, int validationSize, int originalEpochs, List<Long> uliraSeeds,
            int uliraShadows) {
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
        RANDOM("random", "Random forgetting (10%)"),
        /** The rows whose labels were wrong when the original was trained. */
        MISLABELED("mislabeled", "Mislabeled records (8% of the rows had wrong labels)");

        final String id;
        final String title;

        Scenario(String id, String title) {
            this.id = id;
            this.title = title;
        }

        String reportedForget() {
            return switch (this) {
                case CLASS_WISE -> "class " + FORGET_CLASS + " (" + CLASS_NAMES[FORGET_CLASS] + ")";
                case RANDOM -> String.format(Locale.ROOT, "a random %.0f%% of the training rows, drawn with each seed",
                        100 * RANDOM_FRACTION);
                case MISLABELED -> String.format(Locale.ROOT, "the %.0f%% of the training rows whose labels were"
                        + " replaced by a random wrong label before the original was trained (drawn with each seed)",
                        100 * MISLABELED_FRACTION);
            };
        }
    }

    /**
     * One model's result in one seed.
     *
     * @param seed the seed
     * @param metrics UA, RA, TA, MIA (and the forgotten class's TA)
     * @param gaps |metric − retrain's| per metric
     * @param seconds run time (for the original: training time, NaN when loaded from the cache)
     * @param speedUp retrain's time / this time, or null
     * @param forgetSize rows forgotten
     * @param attacks the attacks' metrics against this seed's retrained reference, by name: class-mia's
     *     in class-wise forgetting, ulira's in random forgetting on {@link Options#uliraSeeds()}; empty
     *     where none ran
     */
    record SeedResult(long seed, Metrics metrics, Metrics gaps, double seconds, Double speedUp, int forgetSize,
            Map<String, Double> attacks) {}

    /**
     * One row of a scenario's table.
     *
     * @param method the method, {@code retrain} or {@code original}, or an ablation's label
     * @param notApplicable why the method does not apply, or null
     * @param error why a run failed, or null
     * @param settings the method's resolved settings (the chosen configuration), empty for the original
     * @param seeds per-seed results
     */
    record Row(String method, String notApplicable, String error, Map<String, String> settings,
            List<SeedResult> seeds) {
        Stats stat(java.util.function.ToDoubleFunction<SeedResult> f) {
            return Stats.of(values(f));
        }

        List<Double> values(java.util.function.ToDoubleFunction<SeedResult> f) {
            List<Double> v = new ArrayList<>();
            for (SeedResult s : seeds) {
                double x = f.applyAsDouble(s);
                if (!Double.isNaN(x)) {
                    v.add(x);
                }
            }
            return v;
        }

        /** @return the mean of the per-seed Avg. Gaps, with its spread */
        Stats avgGap() {
            return stat(s -> s.gaps().mean());
        }

        /** @return the per-seed Avg. Gaps, in seed order */
        List<Double> perSeedGaps() {
            List<Double> v = new ArrayList<>();
            for (SeedResult s : seeds) {
                v.add(s.gaps().mean());
            }
            return v;
        }

        /**
         * The gap of the means (the SalUn tables' convention): per metric, |mean over seeds −
         * retrain's mean over seeds|, averaged over UA, RA, TA and MIA.
         *
         * @param retrain the retrain row
         * @return the gap of the means, NaN without seeds
         */
        double gapOfMeans(Row retrain) {
            if (seeds.isEmpty() || retrain.seeds().isEmpty()) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < Metrics.NAMES.length; i++) {
                int k = i;
                sum += Math.abs(stat(s -> s.metrics().get(k)).mean() - retrain.stat(s -> s.metrics().get(k)).mean());
            }
            return sum / Metrics.NAMES.length;
        }

        boolean complete() {
            return notApplicable == null && error == null && !seeds.isEmpty();
        }
    }

    /**
     * One configuration tried on the validation setups.
     *
     * @param overrides the grid's settings
     * @param settings all resolved settings
     * @param gaps the Avg. Gap on each validation setup, in setup order; empty on error
     * @param seconds run time over all setups
     * @param steps optimizer steps over all setups
     * @param error why it failed, or null
     */
    record Trial(Map<String, Object> overrides, Map<String, String> settings, List<Double> gaps, double seconds,
            long steps, String error) {
        /** @return the mean validation Avg. Gap over the setups; infinite on error */
        double avgGap() {
            if (error != null || gaps.isEmpty()) {
                return Double.POSITIVE_INFINITY;
            }
            return Stats.of(gaps).mean();
        }
    }

    /**
     * A method's search in one scenario.
     *
     * @param grid the grid (with its extensions, if any)
     * @param trials the configurations tried, in order
     * @param chosen the index of the chosen one, -1 if none worked
     * @param notApplicable why the method does not apply, or null
     */
    record Search(SearchSpace.Grid grid, List<Trial> trials, int chosen, String notApplicable) {
        Map<String, Object> chosenOverrides() {
            return chosen < 0 ? null : trials.get(chosen).overrides();
        }

        long steps() {
            long n = 0;
            for (Trial t : trials) {
                n += t.steps();
            }
            return n;
        }
    }

    /**
     * A paired comparison over the reported seeds.
     *
     * @param label what is compared, e.g. "rbm − ft"
     * @param what the quantity, e.g. "per-seed Avg. Gap"
     * @param interval the 95% interval of the mean difference
     */
    record Comparison(String label, String what, Stats.Interval interval) {}

    /**
     * A scenario's outcome.
     *
     * @param scenario the scenario
     * @param validationForget the validation setups, in words
     * @param validationOriginalGap the original's mean validation Avg. Gap
     * @param searches per method
     * @param rbmStructure the factorial over RBM's structural choices, or null
     * @param rows the table rows: retrain, original, then every method
     * @param floor the second retrain from an independent initialization, judged against the first
     * @param ablations the matched ablations (rows judged against the same retrains)
     * @param comparisons paired differences
     * @param note where the settings came from, when not from this scenario's own search
     */
    record ScenarioResult(Scenario scenario, String validationForget, double validationOriginalGap,
            Map<String, Search> searches, Search rbmStructure, List<Row> rows, Row floor, List<Row> ablations,
            List<Comparison> comparisons, String note) {
        Row row(String method) {
            for (Row r : rows) {
                if (r.method().equals(method)) {
                    return r;
                }
            }
            for (Row r : ablations) {
                if (r.method().equals(method)) {
                    return r;
                }
            }
            return null;
        }

        /** @return whether a row's mean per-seed Avg. Gap lies within the noise floor's 95% interval */
        boolean indistinguishableFromRetraining(Row r) {
            Stats.Interval f = Stats.interval(floor.perSeedGaps());
            double g = r.avgGap().mean();
            return f.n() >= 2 && !Double.isNaN(g) && g <= f.high();
        }
    }

    /**
     * One class of the overlap study.
     *
     * @param cls the class
     * @param overlap the original's confusion mass on the class's test rows, in percent: 100 × (1 −
     *     mean probability of the true class), averaged over the study's seeds
     * @param gaps method to its Avg. Gap per seed
     */
    record OverlapPoint(int cls, double overlap, Map<String, List<Double>> gaps) {}

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
     * @param overlap the per-class overlap study
     * @param overlapSeeds the seeds of the overlap study
     */
    record Results(Options options, String command, Instant startedAt, double wallSeconds, String dataset,
            String dataNote, int[] sizes, String architecture, String device, Map<String, Map<String, Object>> originals,
            Map<String, Double> phases, List<ScenarioResult> scenarios, List<OverlapPoint> overlap,
            List<Long> overlapSeeds) {}

    /**
     * A validation setup: its own original (seed), forget set and retrain, metrics on the
     * validation test images.
     */
    private record Setup(String label, long seed, DataSplit split, DjlDataset forgetClassTest, Metrics retrain) {}

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
        private final Map<String, Map<String, Object>> originalInfo = new LinkedHashMap<>();
        private final Map<String, DjlModel> originalModels = new LinkedHashMap<>();
        private final Map<String, DjlDataset> datasets = new LinkedHashMap<>();
        private CheckpointStore store;
        private DjlArchitecture architecture;
        private Device device;
        private LabeledImages trainImages;
        private LabeledImages testImages;
        private LabeledImages validationImages;
        private DjlDataset train;
        private String dataFingerprint;
        private int runsDone;
        private UliraVerifier ulira;
        private final ClassMiaVerifier classMia = new ClassMiaVerifier(1);

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

        List<Long> validationSeeds() {
            return options.quick() ? List.of(VALIDATION_SEEDS.get(0)) : VALIDATION_SEEDS;
        }

        List<Integer> validationClasses() {
            return options.quick() ? List.of(VALIDATION_CLASSES.get(0)) : VALIDATION_CLASSES;
        }

        List<Integer> overlapClasses() {
            List<Integer> all = new ArrayList<>();
            for (int c = 0; c < CLASS_NAMES.length; c++) {
                all.add(c);
            }
            return options.quick() ? List.of(FORGET_CLASS, VALIDATION_CLASSES.get(0)) : all;
        }

        List<Long> overlapSeeds() {
            return options.seeds().subList(0, Math.min(OVERLAP_SEEDS, options.seeds().size()));
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
            SearchSpace.Grid rbmStructures = methods.contains("rbm") ? structuresFor(registry.provider("rbm")) : null;
            if (rbmStructures != null) {
                for (Map<String, Object> c : rbmStructures.configs()) {
                    registry.create("rbm", Settings.of(c));
                }
            }
            Map<String, Object> retrainSettings = recipeSettings(options.recipe());
            registry.create("retrain", Settings.of(retrainSettings));
            store = new CheckpointStore(options.out().resolve("models"));
            architecture = Architectures.mlp(FashionMnist.FEATURES, 256, 256, FashionMnist.CLASSES);
            device = DjlDevices.resolve(DevicePreference.CPU, FallbackPolicy.FAIL);
            log("ResultsHarness " + (options.quick() ? "--quick " : "") + "methods " + methods + ", seeds "
                    + options.seeds() + ", validation seeds " + validationSeeds() + ", classes " + validationClasses()
                    + "; out " + options.out().toAbsolutePath());

            // ---- data ----
            long p = phaseStart("data");
            FashionMnistOrSynthetic.Images images = source.load(options.trainLimit(), options.testSize(),
                    options.validationSize(), true, SYNTHETIC_SEED);
            trainImages = images.train();
            testImages = images.test();
            validationImages = images.validation().orElseThrow();
            String dataset = images.dataName();
            String dataNote = images.note().orElse(options.synthetic() ? "synthetic data (--synthetic)" : null);
            if (dataNote != null) {
                err.println("ResultsHarness: note: " + dataNote);
            }
            dataFingerprint = fingerprint(dataset, trainImages);
            phaseEnd("data", p);
            if (options.uliraShadows() > 0 && !options.uliraSeeds().isEmpty()) {
                ulira = UliraVerifier.builder().optShadows(options.uliraShadows())
                        .optTraining(options.recipe(), SCHEDULE).optDataFingerprint(dataFingerprint)
                        .optCache(options.out().resolve("models").resolve("shadows")).optRegistry(registry)
                        .optMinSamples(1).build();
            }

            List<ScenarioResult> scenarios = new ArrayList<>();
            List<OverlapPoint> overlap;
            try {
                train = dataset("train", trainImages);
                Map<Scenario, Map<String, Search>> searches = new LinkedHashMap<>();
                Map<Scenario, Search> structures = new LinkedHashMap<>();
                Map<Scenario, String> validationForget = new LinkedHashMap<>();
                Map<Scenario, Double> validationOriginalGap = new LinkedHashMap<>();
                for (Scenario sc : List.of(Scenario.CLASS_WISE, Scenario.RANDOM)) {
                    String phase = "search " + sc.id;
                    p = phaseStart(phase);
                    List<Setup> setups = validationSetups(sc, retrainSettings);
                    List<String> words = new ArrayList<>();
                    List<Double> originalGaps = new ArrayList<>();
                    for (Setup s : setups) {
                        words.add(s.label() + " (" + s.split().forget().size() + " rows)");
                        originalGaps.add(measure(original(s.seed()), s.split(), s.forgetClassTest())
                                .gapTo(s.retrain()).mean());
                    }
                    validationForget.put(sc, String.join("; ", words));
                    validationOriginalGap.put(sc, Stats.of(originalGaps).mean());
                    Map<String, Search> byMethod = new LinkedHashMap<>();
                    for (String m : methods) {
                        SearchSpace.Grid grid = grids.get(m);
                        if (m.equals("rbm") && rbmStructures != null) {
                            Search structure = search(sc, m, rbmStructures, setups, false);
                            structures.put(sc, structure);
                            grid = SearchSpace.withBase(grid, structure.chosenOverrides() == null ? Map.of()
                                    : SearchSpace.structureOf(structure.chosenOverrides()));
                        }
                        byMethod.put(m, search(sc, m, grid, setups, SearchSpace.isFtBased(m) && !options.quick()));
                    }
                    searches.put(sc, byMethod);
                    phaseEnd(phase, p);
                }
                searches.put(Scenario.MISLABELED, searches.get(Scenario.RANDOM));

                // ---- the reported seeds ----
                for (Scenario sc : Scenario.values()) {
                    Map<String, Search> chosen = searches.get(sc);
                    Map<String, List<SeedResult>> perSeed = new LinkedHashMap<>();
                    Map<String, String> errors = new LinkedHashMap<>();
                    Map<String, Map<String, String>> resolved = new LinkedHashMap<>();
                    List<Ablation> ablations = sc == Scenario.MISLABELED ? List.of() : ablations(chosen);
                    for (long seed : options.seeds()) {
                        String phase = "seed " + seed + " " + sc.id;
                        p = phaseStart(phase);
                        reported(sc, seed, retrainSettings, chosen, ablations, perSeed, errors, resolved);
                        phaseEnd(phase, p);
                    }
                    List<Row> rows = new ArrayList<>();
                    rows.add(row("retrain", null, perSeed, errors, resolved));
                    Row originalRow = new Row("original", null, null, recipeStrings(options.recipe()),
                            perSeed.getOrDefault("original", List.of()));
                    rows.add(originalRow);
                    for (String m : methods) {
                        rows.add(row(m, chosen.get(m).notApplicable(), perSeed, errors, resolved));
                    }
                    Row floor = row(FLOOR, null, perSeed, errors, resolved);
                    List<Row> ablationRows = new ArrayList<>();
                    for (Ablation a : ablations) {
                        ablationRows.add(row(a.label(), null, perSeed, errors, resolved));
                    }
                    ScenarioResult result = new ScenarioResult(sc, sc == Scenario.MISLABELED
                            ? validationForget.get(Scenario.RANDOM) : validationForget.get(sc),
                            sc == Scenario.MISLABELED ? validationOriginalGap.get(Scenario.RANDOM)
                                    : validationOriginalGap.get(sc),
                            chosen, structures.get(sc == Scenario.MISLABELED ? Scenario.RANDOM : sc), rows, floor,
                            ablationRows, List.of(), sc == Scenario.MISLABELED
                                    ? "settings: those chosen for random forgetting (no search of its own)" : null);
                    scenarios.add(withComparisons(result, ablations));
                }

                // ---- the overlap study ----
                p = phaseStart("overlap study");
                overlap = overlapStudy(searches.get(Scenario.CLASS_WISE), retrainSettings);
                phaseEnd("overlap study", p);
            } finally {
                for (DjlModel m : originalModels.values()) {
                    m.close();
                }
                for (DjlDataset d : datasets.values()) {
                    d.close();
                }
            }

            // ---- outputs ----
            p = phaseStart("outputs");
            Results results = new Results(options, command, startedAt, (System.nanoTime() - t0) / 1e9, dataset,
                    dataNote, new int[] {trainImages.size(), testImages.size(), validationImages.size()},
                    architecture.name(), device.toString(), originalInfo, phases, scenarios, overlap, overlapSeeds());
            List<Path> written = Reports.write(results, options.out());
            phaseEnd("outputs", p);
            double wall = (System.nanoTime() - t0) / 1e9;
            log(String.format(Locale.ROOT, "done in %.1f s (%.1f min); %d runs; wrote %s", wall, wall / 60, runsDone,
                    written));
            return results;
        }

        private static Row row(String name, String notApplicable, Map<String, List<SeedResult>> perSeed,
                Map<String, String> errors, Map<String, Map<String, String>> resolved) {
            return new Row(name, notApplicable, errors.get(name), resolved.getOrDefault(name, Map.of()),
                    perSeed.getOrDefault(name, List.of()));
        }

        /** The paired comparisons the report states in words: each as an interval over the seeds. */
        private ScenarioResult withComparisons(ScenarioResult s, List<Ablation> ablations) {
            List<Comparison> out = new ArrayList<>();
            Row floor = s.floor();
            for (Row r : s.rows()) {
                if (r.complete() && !r.method().equals("retrain") && r.seeds().size() == floor.seeds().size()) {
                    out.add(new Comparison(r.method() + " − noise floor", "per-seed Avg. Gap",
                            Stats.paired(r.perSeedGaps(), floor.perSeedGaps())));
                }
            }
            String[][] pairs = {{"rbm", "ft"}, {"rbm", "salun"}, {"salun", "ft"}, {"rl", "ft"}};
            for (String[] pair : pairs) {
                compare(s, pair[0], pair[1], out);
            }
            for (Ablation a : ablations) {
                compare(s, a.against(), a.label(), out);
            }
            return new ScenarioResult(s.scenario(), s.validationForget(), s.validationOriginalGap(), s.searches(),
                    s.rbmStructure(), s.rows(), s.floor(), s.ablations(), out, s.note());
        }

        private static void compare(ScenarioResult s, String a, String b, List<Comparison> out) {
            Row ra = s.row(a);
            Row rb = s.row(b);
            if (ra != null && rb != null && ra.complete() && rb.complete() && ra.seeds().size() == rb.seeds().size()) {
                out.add(new Comparison(a + " − " + b, "per-seed Avg. Gap", Stats.paired(ra.perSeedGaps(),
                        rb.perSeedGaps())));
            }
        }

        /**
         * A matched ablation: a method run at another method's chosen settings.
         *
         * @param label the row's name
         * @param method the method that runs
         * @param overrides its settings
         * @param against the row it is compared with
         * @param why one line
         */
        record Ablation(String label, String method, Map<String, Object> overrides, String against, String why) {}

        private List<Ablation> ablations(Map<String, Search> chosen) {
            List<Ablation> out = new ArrayList<>();
            Search rbm = chosen.get("rbm");
            Search rl = chosen.get("rl");
            Search salun = chosen.get("salun");
            Search ft = chosen.get("ft");
            if (rbm != null && rbm.chosen() >= 0 && ft != null && ft.notApplicable() == null) {
                Map<String, Object> c = new LinkedHashMap<>(SearchSpace.trainingOf(rbm.chosenOverrides()));
                out.add(new Ablation("ft @ rbm's lr/epochs", "ft", c, "rbm",
                        "FT with RBM's chosen learning rate and epochs: what the mask adds to the same training"));
            }
            if (rbm != null && rbm.chosen() >= 0 && rl != null && rl.chosen() >= 0) {
                Map<String, Object> c = new LinkedHashMap<>(SearchSpace.structureOf(rbm.chosenOverrides()));
                c.put("variant", "masked-rl");
                c.putAll(SearchSpace.trainingOf(rl.chosenOverrides()));
                out.add(new Ablation("rbm masked-rl @ rl's lr/epochs", "rbm", c, "rl",
                        "RBM's masked-RL variant at RL's chosen learning rate and epochs, against RL"));
                if (salun != null && salun.chosen() >= 0) {
                    Map<String, Object> sc = new LinkedHashMap<>(salun.chosenOverrides());
                    sc.putAll(SearchSpace.trainingOf(rl.chosenOverrides()));
                    out.add(new Ablation("salun @ rl's lr/epochs", "salun", sc, "rbm masked-rl @ rl's lr/epochs",
                            "SalUn at RL's chosen learning rate and epochs, against RBM's masked-RL at the same"));
                }
            }
            return out;
        }

        private SearchSpace.Grid gridFor(UnlearnerProvider provider) {
            SearchSpace.Grid g = SearchSpace.grid(provider);
            return options.quick() ? quick(g, provider) : g;
        }

        private SearchSpace.Grid structuresFor(UnlearnerProvider provider) {
            SearchSpace.Grid g = SearchSpace.rbmStructures(provider);
            return options.quick() ? quick(g, provider) : g;
        }

        private SearchSpace.Grid quick(SearchSpace.Grid g, UnlearnerProvider provider) {
            Map<String, Object> first = new LinkedHashMap<>(g.configs().get(0));
            if (SearchSpace.defaultOf(provider, TrainingSettings.EPOCHS) != null) {
                first.put(TrainingSettings.EPOCHS, options.quickEpochs());
            }
            return new SearchSpace.Grid(g.method(), "--quick: the first configuration of (" + g.rule() + "), epochs "
                    + options.quickEpochs(), List.of(first));
        }

        static String fingerprint(String dataset, LabeledImages images) {
            return DataFingerprint.builder().add(dataset).add(images.name()).add(images.size())
                    .add(images.labels()).add(images.pixels()).hex();
        }

        /** A dataset made once per run and closed at its end. */
        private DjlDataset dataset(String key, LabeledImages images) {
            return datasets.computeIfAbsent(key, k -> images.toDataset(device));
        }

        /** The rows of images whose class is (or is not) cls. */
        private DjlDataset classRows(String which, LabeledImages images, int cls, boolean only) {
            return datasets.computeIfAbsent(which + (only ? " only " : " without ") + cls,
                    k -> classRows(images, cls, only).toDataset(device));
        }

        /**
         * The class-wise convention's test sets: the rows of one class ({@code only}), or every
         * other row (TA and the MIA's non-members).
         *
         * @param images the test images
         * @param cls the forgotten class
         * @param only the class's rows, or the others
         * @return a copy holding those rows, in order
         */
        static LabeledImages classRows(LabeledImages images, int cls, boolean only) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                if ((images.label(i) == cls) == only) {
                    rows.add(i);
                }
            }
            return select(images, rows, images.name() + (only ? "/class-" : "/without-") + cls);
        }

        /**
         * A copy of some rows of images.
         *
         * @param images the images
         * @param rows the rows, in the copy's order
         * @param name the copy's name
         * @return the copy
         */
        static LabeledImages select(LabeledImages images, List<Integer> rows, String name) {
            int f = images.featureCount();
            float[] all = images.pixels();
            float[] pixels = new float[rows.size() * f];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(all, rows.get(i) * f, pixels, i * f, f);
                labels[i] = images.label(rows.get(i));
            }
            return new LabeledImages(name, images.height(), images.width(), images.classCount(), pixels, labels);
        }

        /** The training images with a seeded share of the labels replaced by wrong ones, and those rows. */
        private record Mislabeled(LabeledImages images, int[] flipped) {}

        private Mislabeled mislabeled(long seed) {
            int n = trainImages.size();
            int[] rows = ForgetSets.random(train, MISLABELED_FRACTION, seed + MISLABELED_SALT);
            int[] labels = trainImages.labels();
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ MISLABELED_SALT);
            int classes = trainImages.classCount();
            for (int r : rows) {
                labels[r] = (labels[r] + 1 + random.nextInt(classes - 1)) % classes;
            }
            LabeledImages noisy = new LabeledImages(trainImages.name() + "/mislabeled-" + seed, trainImages.height(),
                    trainImages.width(), classes, trainImages.pixels(), labels);
            if (noisy.size() != n) {
                throw new IllegalStateException("mislabeled copy has " + noisy.size() + " rows, not " + n);
            }
            return new Mislabeled(noisy, rows);
        }

        /** The provenance of an original: its data, the recipe and its schedule, the seed. */
        private CheckpointKey originalKey(TrainableModel model, String data, long seed) {
            return CheckpointKey.of(CheckpointKey.ORIGINAL, model, data, options.recipe() + " schedule " + SCHEDULE,
                    seed);
        }

        private DjlModel original(long seed) {
            return original("seed " + seed, train, dataFingerprint, seed);
        }

        /**
         * Loads an original from the cache, or trains and saves it: the cache holds checkpoints
         * found by provenance, so a change of data, recipe or seed trains again.
         */
        private DjlModel original(String what, DjlDataset data, String fingerprint, long seed) {
            String id = what + " " + fingerprint.substring(0, 8);
            DjlModel open = originalModels.get(id);
            if (open != null) {
                return open;
            }
            String phase = "original " + what;
            long p = phaseStart(phase);
            DjlModel model = DjlModel.create(architecture, device, seed);
            try {
                CheckpointKey key = originalKey(model, fingerprint, seed);
                Optional<Checkpoint> cached = store.find(key).filter(c -> !Double.isNaN(c.header().trainingSeconds()));
                double seconds;
                if (cached.isPresent()) {
                    cached.get().applyTo(model);
                    seconds = cached.get().header().trainingSeconds();
                    log("original " + what + ": loaded from " + store.fileFor(key));
                } else {
                    long t = System.nanoTime();
                    OriginalTraining.fit(model, DataView.all(data), options.recipe(), SCHEDULE, seed,
                            progress("original " + what), CancellationToken.none());
                    seconds = (System.nanoTime() - t) / 1e9;
                    store.save(Checkpoint.of(key, model, seconds, Map.of()));
                }
                double trainAccuracy = 100 * model.evaluate(DataView.all(data)).accuracy();
                log(String.format(Locale.ROOT, "original %s: train accuracy %.2f%%, trained in %.1f s%s", what,
                        trainAccuracy, seconds, cached.isPresent() ? " (cached)" : ""));
                if (!options.quick() && trainAccuracy < 97) {
                    err.println("ResultsHarness: warning: the original " + what + " reaches only "
                            + String.format(Locale.ROOT, "%.2f%%", trainAccuracy)
                            + " train accuracy; it has little to forget. Raise --original-epochs.");
                }
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("trainAccuracy", trainAccuracy);
                info.put("trainSeconds", seconds);
                info.put("cached", cached.isPresent());
                originalInfo.put(what, info);
                originalModels.put(id, model);
                phaseEnd(phase, p);
                return model;
            } catch (RuntimeException | Error e) {
                model.close();
                throw e;
            }
        }

        private List<Setup> validationSetups(Scenario sc, Map<String, Object> retrainSettings) {
            List<Setup> setups = new ArrayList<>();
            for (long vs : validationSeeds()) {
                DjlModel original = original(vs);
                if (sc == Scenario.CLASS_WISE) {
                    for (int c : validationClasses()) {
                        DataSplit split = DataSplit.of(train, ForgetSets.classWise(train, c),
                                classRows("validation", validationImages, c, false));
                        DjlDataset only = classRows("validation", validationImages, c, true);
                        String label = "seed " + vs + ", class " + c + " (" + CLASS_NAMES[c] + ")";
                        setups.add(new Setup(label, vs, split, only,
                                validationRetrain(label, original, split, only, retrainSettings, vs)));
                    }
                } else {
                    DataSplit split = DataSplit.of(train, ForgetSets.random(train, RANDOM_FRACTION, vs),
                            dataset("validation", validationImages));
                    String label = "seed " + vs + ", random " + Math.round(100 * RANDOM_FRACTION) + "%";
                    setups.add(new Setup(label, vs, split, null,
                            validationRetrain(label, original, split, null, retrainSettings, vs)));
                }
            }
            return setups;
        }

        /** Retrain on a validation split; cached like the originals (it is not a reported time). */
        private Metrics validationRetrain(String label, DjlModel original, DataSplit split, DjlDataset forgetClassTest,
                Map<String, Object> retrainSettings, long seed) {
            try (DjlModel model = DjlModel.create(architecture, device, seed)) {
                CheckpointKey key = CheckpointKey.of(CheckpointKey.UNLEARNED, model, DataFingerprint.builder()
                        .add(dataFingerprint).add(split.forgetIds()).hex(), "retrain " + retrainSettings
                        + " from " + originalKey(original, dataFingerprint, seed).fileName(), seed);
                Optional<CheckpointHeader> cached = store.loadInto(key, model);
                if (cached.isPresent()) {
                    log("validation retrain " + label + ": loaded from the cache");
                    return measure(model, split, forgetClassTest);
                }
                Unlearner retrain = registry.create("retrain", Settings.of(retrainSettings));
                try (UnlearnResult r = retrain.unlearn(request(original, split, seed, "validation retrain " + label))) {
                    double seconds = r.provenance().elapsed().toNanos() / 1e9;
                    store.save(Checkpoint.of(key, r.model(), seconds, Map.of("setup", label)));
                    runsDone++;
                    log(String.format(Locale.ROOT, "validation retrain %s: %.1f s", label, seconds));
                    return measure(r.model(), split, forgetClassTest);
                }
            }
        }

        /**
         * Tries every configuration of a grid on every validation setup and keeps the smallest mean
         * Avg. Gap; with {@code extend}, a learning rate or epoch count chosen on an edge of its axis
         * extends that axis once in that direction.
         */
        private Search search(Scenario sc, String method, SearchSpace.Grid grid, List<Setup> setups, boolean extend) {
            List<Trial> trials = new ArrayList<>();
            SearchSpace.Grid current = grid;
            Set<Map<String, Object>> tried = new java.util.HashSet<>();
            boolean extended = false;
            while (true) {
                for (Map<String, Object> c : current.configs()) {
                    if (!tried.add(c)) {
                        continue;
                    }
                    try {
                        trials.add(trial(sc, method, c, setups, trials.size() + 1));
                    } catch (InvalidRequestException e) {
                        log(method + ": not applicable: " + e.getMessage());
                        return new Search(current, trials, -1, e.getMessage());
                    }
                }
                int best = best(trials);
                if (!extend || extended || best < 0) {
                    if (best >= 0) {
                        log(String.format(Locale.ROOT, "%s %s: chose %s (mean validation Avg. Gap %.2f over %d setups)",
                                sc.id, method, trials.get(best).overrides(), trials.get(best).avgGap(), setups.size()));
                    }
                    return new Search(current, trials, best, null);
                }
                Optional<SearchSpace.Grid> more = SearchSpace.extendAtEdge(current, trials.get(best).overrides());
                if (more.isEmpty()) {
                    extended = true;
                    continue;
                }
                log(sc.id + " " + method + ": best value on an edge of the grid; extending: " + more.get().rule());
                current = more.get();
                extended = true;
            }
        }

        private static int best(List<Trial> trials) {
            int best = -1;
            for (int i = 0; i < trials.size(); i++) {
                if (trials.get(i).error() == null && (best < 0 || trials.get(i).avgGap() < trials.get(best).avgGap())) {
                    best = i;
                }
            }
            return best;
        }

        /**
         * One configuration on every setup.
         *
         * @throws InvalidRequestException when the method does not apply to the model
         */
        private Trial trial(Scenario sc, String method, Map<String, Object> c, List<Setup> setups, int index) {
            Unlearner u = registry.create(method, Settings.of(c));
            List<Double> gaps = new ArrayList<>();
            double seconds = 0;
            long steps = 0;
            Map<String, String> settings = u.settings().asStrings();
            for (Setup s : setups) {
                String label = sc.id + " search " + method + " #" + index + " " + c + " on " + s.label();
                try (UnlearnResult r = u.unlearn(request(original(s.seed()), s.split(), s.seed(), label))) {
                    seconds += r.provenance().elapsed().toNanos() / 1e9;
                    steps += r.provenance().optimizerSteps();
                    settings = r.provenance().settings();
                    gaps.add(measure(r.model(), s.split(), s.forgetClassTest()).gapTo(s.retrain()).mean());
                    runsDone++;
                } catch (InvalidRequestException e) {
                    throw e;
                } catch (UnlearnException e) {
                    runsDone++;
                    log(label + ": failed: " + e.getMessage());
                    return new Trial(c, settings, List.of(), seconds, steps, e.getMessage());
                }
            }
            Trial t = new Trial(c, settings, gaps, seconds, steps, null);
            log(String.format(Locale.ROOT, "(%d runs) %s %s #%d %s: mean validation Avg. Gap %.2f, %.1f s", runsDone,
                    sc.id, method, index, c, t.avgGap(), seconds));
            return t;
        }

        private void reported(Scenario sc, long seed, Map<String, Object> retrainSettings, Map<String, Search> chosen,
                List<Ablation> ablations, Map<String, List<SeedResult>> out, Map<String, String> errors,
                Map<String, Map<String, String>> resolved) {
            DataSplit split;
            DjlDataset forgetClassTest = null;
            DjlModel original;
            switch (sc) {
                case CLASS_WISE -> {
                    original = original(seed);
                    split = DataSplit.of(train, ForgetSets.classWise(train, FORGET_CLASS),
                            classRows("test", testImages, FORGET_CLASS, false));
                    forgetClassTest = classRows("test", testImages, FORGET_CLASS, true);
                }
                case RANDOM -> {
                    original = original(seed);
                    split = DataSplit.of(train, ForgetSets.random(train, RANDOM_FRACTION, seed), dataset("test",
                            testImages));
                }
                case MISLABELED -> {
                    Mislabeled m = mislabeled(seed);
                    DjlDataset noisy = dataset("mislabeled " + seed, m.images());
                    original = original("mislabeled seed " + seed, noisy, fingerprint("mislabeled", m.images()), seed);
                    split = DataSplit.of(noisy, m.flipped(), dataset("test", testImages));
                }
                default -> throw new IllegalStateException("scenario " + sc);
            }
            int forgetSize = split.forget().size();
            log(sc.id + " seed " + seed + ": forgetting " + forgetSize + " rows");
            Unlearner retrain = registry.create("retrain", Settings.of(retrainSettings));
            try (UnlearnResult refRun = retrain.unlearn(request(original, split, seed, sc.id + " seed " + seed
                    + " retrain"))) {
                reported(sc, seed, retrain, refRun, original, split, forgetClassTest, forgetSize, chosen, ablations, out,
                        errors, resolved);
            }
        }

        /** The reported runs of one seed, measured (and attacked) against its retrained reference. */
        private void reported(Scenario sc, long seed, Unlearner retrain, UnlearnResult refRun, DjlModel original,
                DataSplit split, DjlDataset forgetClassTest, int forgetSize, Map<String, Search> chosen,
                List<Ablation> ablations, Map<String, List<SeedResult>> out, Map<String, String> errors,
                Map<String, Map<String, String>> resolved) {
            TrainableModel reference = refRun.model();
            double retrainSeconds = refRun.provenance().elapsed().toNanos() / 1e9;
            Metrics ref = measure(reference, split, forgetClassTest);
            resolved.put("retrain", refRun.provenance().settings());
            runsDone++;
            out.computeIfAbsent("retrain", k -> new ArrayList<>()).add(new SeedResult(seed, ref, ref.gapTo(ref),
                    retrainSeconds, 1.0, forgetSize, Map.of()));
            log(String.format(Locale.ROOT, "%s seed %d retrain: %s, %.1f s", sc.id, seed, fmt(ref), retrainSeconds));
            // the noise floor: a second retrain from an independent initialization (and batch order)
            try (UnlearnResult r = retrain.unlearn(request(original, split, seed + INDEPENDENT_SEED_OFFSET,
                    sc.id + " seed " + seed + " second retrain"))) {
                double seconds = r.provenance().elapsed().toNanos() / 1e9;
                Metrics m = measure(r.model(), split, forgetClassTest);
                resolved.put(FLOOR, r.provenance().settings());
                out.computeIfAbsent(FLOOR, k -> new ArrayList<>()).add(new SeedResult(seed, m, m.gapTo(ref), seconds,
                        retrainSeconds / seconds, forgetSize, attacks(sc, seed, FLOOR, r.model(), r.provenance(), split,
                                reference)));
                log(String.format(Locale.ROOT, "%s seed %d second retrain: %s, Avg. Gap %.2f (the noise floor)", sc.id,
                        seed, fmt(m), m.gapTo(ref).mean()));
            }
            runsDone++;
            Metrics om = measure(original, split, forgetClassTest);
            out.computeIfAbsent("original", k -> new ArrayList<>()).add(new SeedResult(seed, om, om.gapTo(ref),
                    trainSecondsOf(sc, seed), null, forgetSize, attacks(sc, seed, "original", original, null, split,
                            reference)));
            for (Map.Entry<String, Search> e : chosen.entrySet()) {
                Search s = e.getValue();
                if (s.notApplicable() != null) {
                    continue;
                }
                if (s.chosen() < 0) {
                    errors.put(e.getKey(), "every search configuration failed: " + s.trials().get(0).error());
                    continue;
                }
                run(sc, seed, e.getKey(), e.getKey(), s.chosenOverrides(), original, split, forgetClassTest, ref,
                        reference, retrainSeconds, forgetSize, out, errors, resolved);
            }
            for (Ablation a : ablations) {
                run(sc, seed, a.label(), a.method(), a.overrides(), original, split, forgetClassTest, ref,
                        reference, retrainSeconds, forgetSize, out, errors, resolved);
            }
        }

        /**
         * The attacks on one reported model, against the seed's retrained reference: class-mia in
         * class-wise forgetting (every row but retrain); U-LiRA in random forgetting on the
         * {@code --ulira-seeds}, for every method's row (with the run's provenance, so its shadows
         * run the same method and settings; not the ablations) and for {@link #ULIRA_CONTROLS} (plain
         * LiRA).
         */
        private Map<String, Double> attacks(Scenario sc, long seed, String row, TrainableModel model,
                Provenance provenance, DataSplit split, TrainableModel reference) {
            Map<String, Double> out = new LinkedHashMap<>();
            if (sc == Scenario.CLASS_WISE) {
                for (Metric m : classMia.verify(new VerificationRequest(model, split, reference)).metrics()) {
                    out.put(m.name(), m.value());
                }
            } else if (sc == Scenario.RANDOM && ulira != null && options.uliraSeeds().contains(seed)
                    && (ULIRA_CONTROLS.contains(row) || registry.names().contains(row))) {
                boolean lira = row.equals("original") || row.equals(FLOOR);
                long t = System.nanoTime();
                List<Metric> metrics;
                try {
                    metrics = ulira.verify(new VerificationRequest(model, split, reference, lira ? null : provenance))
                            .metrics();
                } catch (RuntimeException e) {
                    // a shadow run that diverges fails the attack, not the row's own result
                    err.println("ResultsHarness: warning: random seed " + seed + " " + row + ": U-LiRA failed: " + e);
                    return out;
                }
                for (Metric m : metrics) {
                    if (!m.name().equals("uliraSecondsNow")) {
                        out.put(m.name(), m.value());
                    }
                }
                log(String.format(Locale.ROOT, "random seed %d %s: %s AUC %.3f, TPR@1%%FPR %.1f%% (%.0f shadow runs,"
                        + " %.1f s of shadow training, %.1f s now)", seed, row, lira ? "LiRA" : "U-LiRA",
                        out.get("uliraAuc"), out.get("uliraTprAt1PctFpr"), out.get("uliraShadows"),
                        out.get("uliraSeconds"), (System.nanoTime() - t) / 1e9));
            }
            return out;
        }

        private double trainSecondsOf(Scenario sc, long seed) {
            Map<String, Object> info = originalInfo.get(sc == Scenario.MISLABELED ? "mislabeled seed " + seed
                    : "seed " + seed);
            return info == null ? Double.NaN : (double) info.get("trainSeconds");
        }

        private void run(Scenario sc, long seed, String row, String method, Map<String, Object> overrides,
                DjlModel original, DataSplit split, DjlDataset forgetClassTest, Metrics ref, TrainableModel reference,
                double retrainSeconds, int forgetSize, Map<String, List<SeedResult>> out, Map<String, String> errors,
                Map<String, Map<String, String>> resolved) {
            Unlearner u = registry.create(method, Settings.of(overrides));
            String label = sc.id + " seed " + seed + " " + row;
            try (UnlearnResult r = u.unlearn(request(original, split, seed, label))) {
                double seconds = r.provenance().elapsed().toNanos() / 1e9;
                Metrics m = measure(r.model(), split, forgetClassTest);
                resolved.put(row, r.provenance().settings());
                out.computeIfAbsent(row, k -> new ArrayList<>()).add(new SeedResult(seed, m, m.gapTo(ref), seconds,
                        retrainSeconds / seconds, forgetSize, attacks(sc, seed, row, r.model(), r.provenance(), split,
                                reference)));
                runsDone++;
                log(String.format(Locale.ROOT, "(%d runs) %s: %s, Avg. Gap %.2f, %.1f s (%.1fx)", runsDone, label,
                        fmt(m), m.gapTo(ref).mean(), seconds, retrainSeconds / seconds));
            } catch (UnlearnException ex) {
                runsDone++;
                errors.merge(row, "seed " + seed + ": " + ex.getMessage(), (x, y) -> x + "; " + y);
                log(label + ": failed: " + ex.getMessage());
            }
        }

        /**
         * Class-wise forgetting of each class with ft, rbm and salun (class-wise settings) on the
         * first seeds ({@code OVERLAP_SEEDS}); the overlap of a class is the original's confusion
         * mass on its test rows.
         */
        private List<OverlapPoint> overlapStudy(Map<String, Search> chosen, Map<String, Object> retrainSettings) {
            List<OverlapPoint> out = new ArrayList<>();
            for (int c : overlapClasses()) {
                DjlDataset only = classRows("test", testImages, c, true);
                DjlDataset rest = classRows("test", testImages, c, false);
                Map<String, List<Double>> gaps = new LinkedHashMap<>();
                List<Double> overlaps = new ArrayList<>();
                for (long seed : overlapSeeds()) {
                    DjlModel original = original(seed);
                    overlaps.add(100 * (1 - trueClassProbability(original, only)));
                    DataSplit split = DataSplit.of(train, ForgetSets.classWise(train, c), rest);
                    Metrics ref;
                    try (UnlearnResult r = registry.create("retrain", Settings.of(retrainSettings))
                            .unlearn(request(original, split, seed, "overlap class " + c + " seed " + seed + " retrain"))) {
                        ref = measure(r.model(), split, only);
                    }
                    runsDone++;
                    for (String m : OVERLAP_METHODS) {
                        Search s = chosen.get(m);
                        if (s == null || s.chosen() < 0) {
                            continue;
                        }
                        try (UnlearnResult r = registry.create(m, Settings.of(s.chosenOverrides())).unlearn(
                                request(original, split, seed, "overlap class " + c + " seed " + seed + " " + m))) {
                            gaps.computeIfAbsent(m, k -> new ArrayList<>()).add(
                                    measure(r.model(), split, only).gapTo(ref).mean());
                        } catch (UnlearnException e) {
                            gaps.computeIfAbsent(m, k -> new ArrayList<>()).add(Double.NaN);
                            log("overlap class " + c + " " + m + ": failed: " + e.getMessage());
                        }
                        runsDone++;
                    }
                }
                OverlapPoint point = new OverlapPoint(c, Stats.of(overlaps).mean(), gaps);
                log(String.format(Locale.ROOT, "overlap class %d (%s): confusion mass %.2f%%; Avg. Gap %s", c,
                        CLASS_NAMES[c], point.overlap(), gaps));
                out.add(point);
            }
            return out;
        }

        /** Mean probability of the true class over a dataset's rows. */
        private static double trueClassProbability(TrainableModel model, DjlDataset rows) {
            DataView view = DataView.all(rows);
            double[][] p = model.predict(view);
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                sum += p[i][rows.label(i)];
            }
            return sum / p.length;
        }

        private UnlearnRequest request(TrainableModel model, DataSplit split, long seed, String label) {
            return UnlearnRequest.builder().setModel(model).setData(split).optSeed(seed).optProgress(progress(label))
                    .build();
        }

        /** A listener that logs every 25% of a long run, so that a nohup log shows it moving. */
        private ProgressListener progress(String label) {
            int[] lastQuarter = {0};
            return pr -> {
                if (pr.total() < 400) {
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

        /**
         * UA, RA, TA and MIA through core's verifiers on the split (whose test set, in class-wise
         * forgetting, holds the remaining classes only), and the forgotten class's test accuracy.
         */
        private Metrics measure(TrainableModel model, DataSplit split, DjlDataset forgetClassTest) {
            Measurements m = suite.measure(model, split, null);
            double forgetClassTa = forgetClassTest == null ? Double.NaN
                    : 100 * model.evaluate(DataView.all(forgetClassTest)).accuracy();
            return new Metrics(value(m, "UA"), value(m, "RA"), value(m, "TA"), value(m, "MIA"), forgetClassTa);
        }

        private static double value(Measurements m, String name) {
            return m.get(name).map(Measurement::value).orElseThrow(() -> new IllegalStateException(
                    "metric " + name + " was not measured: " + m.skipped()));
        }
    }

    static String fmt(Metrics m) {
        String base = String.format(Locale.ROOT, "UA %.2f RA %.2f TA %.2f MIA %.2f", m.ua(), m.ra(), m.ta(), m.mia());
        return Double.isNaN(m.forgetClassTa()) ? base
                : base + String.format(Locale.ROOT, " forget-class TA %.2f", m.forgetClassTa());
    }

    static Map<String, Object> recipeSettings(TrainingSettings t) {
        Map<String, Object> m = t.toSettings();
        m.put(TrainingSettings.SCHEDULE, SCHEDULE.name().toLowerCase(Locale.ROOT));
        return m;
    }

    static Map<String, String> recipeStrings(TrainingSettings t) {
        Map<String, String> m = new LinkedHashMap<>();
        recipeSettings(t).forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }
}
