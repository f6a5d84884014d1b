package io.github.unlearn4j.bench;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterGroup;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.method.RecipeUnlearner;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.Ranking;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.RecipeRunner;
import io.github.unlearn4j.core.recipe.SaliencyMask;
import io.github.unlearn4j.core.recipe.SaliencyScore;
import io.github.unlearn4j.core.recipe.SaliencySource;
import io.github.unlearn4j.core.recipe.TrainScope;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.recipe.WeightTreatment;
import io.github.unlearn4j.core.train.BatchSampler;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.train.TrainingLoop;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Diagnoses {@code rbm} on the results harness's class-wise setup (issue 12): why it leaves much
 * more of class 3 behind, with a much larger spread over seeds, than an independent PyTorch
 * implementation of the same configuration.
 *
 * <p><b>Setup</b>, as {@code ResultsHarness}: the first 10,000 Fashion-MNIST training images,
 * standardized; the first 5,000 test images; MLP 784-256-256-10 trained with SGD 0.05, momentum
 * 0.9, weight decay 5e-4, batch 128, cosine schedule, 35 epochs from each seed (cached under
 * {@code --models}); forget every image of class 3 ({@code --forget-class}); request seed = the seed.
 *
 * <p><b>RBM</b> is re-implemented here step by step from core's public parts, so that every step
 * can be varied and observed: (1) retain Fisher scores at θ_o ({@link SaliencyMask#scores}, or a
 * variant); (2) the kept set: top {@code keep} of the ranked scores, globally or per tensor, with
 * biases and/or the output layer optionally forced kept or forced reset; (3) the unkept weights set
 * to zero (or re-initialized as {@code RecipeRunner} does); (4) {@link Phases#retainFineTune}
 * through {@link RecipeRunner}. The baseline of this pipeline is checked bit for bit against the
 * registry's {@code rbm} with the same settings.
 *
 * <p>Prints, per variant and seed, UA/RA/TA (UA = 100 − forget accuracy), the forget loss and
 * accuracy right after the reset and after fine-tuning, the kept share per tensor, the kept share
 * of the output row of the forgotten class, dead hidden units; per seed, the Fisher score
 * distribution per tensor; and a summary (mean ± sample std over the seeds) per variant. Results:
 * {@code unlearn-bench/RESULTS-rbm-diagnosis.md}.
 *
 * <p>Bad input (an unknown option or variant) exits with status 2 ({@link CommandLines}).
 */
@Command(name = "RbmDiagnosis", sortOptions = false, mixinStandardHelpOptions = false,
        description = "Diagnoses rbm on the harness's class-wise setup (issue 12) and prints per-seed results.")
public final class RbmDiagnosis implements Callable<Integer> {
    private static final int CLASSES = 10;
    /** RecipeRunner's salt for re-initialized weights, so that {@code unkept = reinitialize} matches it. */
    private static final long REINIT_SALT = 0x5DEECE66DL;
    private static final TrainingSettings ORIGINAL_RECIPE = new TrainingSettings(0.05, 35, 128, 0.9, 5e-4);
    private static final LearningRateSchedule ORIGINAL_SCHEDULE = LearningRateSchedule.COSINE;

    private final PrintStream out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Seeds (default: 1,2,3).")
    List<Long> seeds = List.of(1L, 2L, 3L);

    @Option(names = "--variants", split = ",", paramLabel = "ID",
            description = "Variants to run (default: all); see the list printed at the start.")
    List<String> variants = List.of();

    @Option(names = "--models", paramLabel = "DIR", description = "Checkpoint folder (default: ${DEFAULT-VALUE}).")
    Path models = Path.of("unlearn-bench/target/diag/models");

    @Option(names = "--forget-class", paramLabel = "K", description = "The class forgotten (default: ${DEFAULT-VALUE};"
            + " the harness's validation setup forgets 5).")
    int forgetClass = 3;

    @Option(names = "--validation-images", description = "Measure TA on the harness's validation test images (test"
            + " images 5,000-9,999) instead of its reported ones (0-4,999).")
    boolean validationImages;

    @Option(names = "--checks", negatable = true, description = "Run the defect checks (default: true).")
    boolean checks = true;

    RbmDiagnosis(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the diagnosis.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RbmDiagnosis(System.out), args, System.out, System.err));
    }

    /** What happens to a class of tensors (biases, the output layer). */
    enum Forced {
        /** Ranked with the others. */
        RANKED,
        /** Always kept, not ranked. */
        KEEP,
        /** Always reset, not ranked. */
        RESET
    }

    /** How the Fisher scores are computed. */
    enum FisherMode {
        /** Core's: squared batch gradients, retain rows in row order. */
        BATCHES_IN_ROW_ORDER,
        /** Squared batch gradients over one shuffled pass (a PyTorch DataLoader with shuffle=True). */
        BATCHES_SHUFFLED,
        /** Squared per-example gradients on a seeded subset of retain rows. */
        PER_EXAMPLE
    }

    /**
     * One RBM configuration.
     *
     * @param torchInit train the original from PyTorch's default nn.Linear initialization instead of DJL's
     * @param keep share of the ranked weights kept (1: nothing reset, plain FT)
     * @param ranking global or per tensor
     * @param biases what happens to the biases
     * @param output what happens to the output layer (weight and bias)
     * @param fisher how the Fisher is computed
     * @param fisherBatch rows per Fisher batch
     * @param perExampleRows rows of the per-example Fisher
     * @param unkept zero or re-initialize
     * @param ft the fine-tuning settings
     * @param schedule the fine-tuning schedule
     */
    record Config(boolean torchInit, double keep, Ranking ranking, Forced biases, Forced output, FisherMode fisher,
            int fisherBatch, int perExampleRows, WeightTreatment unkept, TrainingSettings ft,
            LearningRateSchedule schedule) {
        static Config base() {
            return new Config(false, 0.5, Ranking.GLOBAL, Forced.RANKED, Forced.RANKED,
                    FisherMode.BATCHES_IN_ROW_ORDER, 256, 0, WeightTreatment.RESET_ZERO,
                    new TrainingSettings(0.03, 10, 256, 0.9, 5e-4), LearningRateSchedule.CONSTANT);
        }

        Config with(UnaryOperator<Builder> change) {
            return change.apply(new Builder(this)).build();
        }
    }

    /** A mutable copy of a {@link Config}, for variants. */
    static final class Builder {
        boolean torchInit;
        double keep;
        Ranking ranking;
        Forced biases;
        Forced output;
        FisherMode fisher;
        int fisherBatch;
        int perExampleRows;
        WeightTreatment unkept;
        double lr;
        double momentum;
        double weightDecay;
        LearningRateSchedule schedule;

        Builder(Config c) {
            torchInit = c.torchInit();
            keep = c.keep();
            ranking = c.ranking();
            biases = c.biases();
            output = c.output();
            fisher = c.fisher();
            fisherBatch = c.fisherBatch();
            perExampleRows = c.perExampleRows();
            unkept = c.unkept();
            lr = c.ft().learningRate();
            momentum = c.ft().momentum();
            weightDecay = c.ft().weightDecay();
            schedule = c.schedule();
        }

        Config build() {
            return new Config(torchInit, keep, ranking, biases, output, fisher, fisherBatch, perExampleRows, unkept,
                    new TrainingSettings(lr, 10, 256, momentum, weightDecay), schedule);
        }
    }

    /**
     * A named variant.
     *
     * @param id its command-line id
     * @param what what it changes
     * @param config the configuration
     */
    record Variant(String id, String what, Config config) {}

    static List<Variant> allVariants() {
        Config b = Config.base();
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("base",
                "fisher (batches of 256, row order), global, keep 0.5, zero, FT lr 0.03 wd 5e-4 mom 0.9", b));
        v.add(new Variant("ft-only", "no reset (keep 1.0): plain FT with the same settings", b.with(x -> {
            x.keep = 1.0;
            return x;
        })));
        v.add(new Variant("lr0.01", "FT learning rate 0.01 (this README run's class-wise choice)", b.with(x -> {
            x.lr = 0.01;
            return x;
        })));
        v.add(new Variant("per-tensor", "ranking per tensor", b.with(x -> {
            x.ranking = Ranking.PER_TENSOR;
            return x;
        })));
        v.add(new Variant("keep-biases", "biases always kept (weights ranked globally)", b.with(x -> {
            x.biases = Forced.KEEP;
            return x;
        })));
        v.add(new Variant("keep-output", "output layer (W3, b3) always kept", b.with(x -> {
            x.output = Forced.KEEP;
            return x;
        })));
        v.add(new Variant("keep-b+out", "biases and output layer always kept", b.with(x -> {
            x.biases = Forced.KEEP;
            x.output = Forced.KEEP;
            return x;
        })));
        v.add(new Variant("reset-biases", "biases always reset to zero", b.with(x -> {
            x.biases = Forced.RESET;
            return x;
        })));
        v.add(new Variant("reset-output", "output layer always reset to zero", b.with(x -> {
            x.output = Forced.RESET;
            return x;
        })));
        v.add(new Variant("fisher-b128", "Fisher from retain batches of 128", b.with(x -> {
            x.fisherBatch = 128;
            return x;
        })));
        v.add(new Variant("fisher-shuf", "Fisher from shuffled retain batches of 256", b.with(x -> {
            x.fisher = FisherMode.BATCHES_SHUFFLED;
            return x;
        })));
        v.add(new Variant("fisher-ex2000", "Fisher from per-example gradients, 2,000 retain rows", b.with(x -> {
            x.fisher = FisherMode.PER_EXAMPLE;
            x.perExampleRows = 2000;
            return x;
        })));
        v.add(new Variant("wd0", "FT weight decay 0", b.with(x -> {
            x.weightDecay = 0;
            return x;
        })));
        v.add(new Variant("mom0", "FT momentum 0", b.with(x -> {
            x.momentum = 0;
            return x;
        })));
        v.add(new Variant("reinit", "unkept re-initialized (DJL init) instead of zeroed", b.with(x -> {
            x.unkept = WeightTreatment.REINITIALIZE;
            return x;
        })));
        v.add(new Variant("cosine", "FT with a cosine schedule", b.with(x -> {
            x.schedule = LearningRateSchedule.COSINE;
            return x;
        })));
        v.add(new Variant("keep0.4", "keep 0.4 (more reset)", b.with(x -> {
            x.keep = 0.4;
            return x;
        })));
        v.add(new Variant("keep0.3", "keep 0.3 (more reset)", b.with(x -> {
            x.keep = 0.3;
            return x;
        })));
        v.add(new Variant("torch-init", "original trained from PyTorch's nn.Linear default init; base RBM",
                b.with(x -> {
                    x.torchInit = true;
                    return x;
                })));
        v.add(new Variant("torch-ft-only", "original from PyTorch's init; no reset (plain FT)", b.with(x -> {
            x.torchInit = true;
            x.keep = 1.0;
            return x;
        })));
        v.add(new Variant("torch-keep0.7", "original from PyTorch's init; keep 0.7 (less reset)", b.with(x -> {
            x.torchInit = true;
            x.keep = 0.7;
            return x;
        })));
        v.add(new Variant("torch-per-tensor", "original from PyTorch's init; ranking per tensor", b.with(x -> {
            x.torchInit = true;
            x.ranking = Ranking.PER_TENSOR;
            return x;
        })));
        return v;
    }

    /**
     * The outcome of one run.
     *
     * @param ua 100 − forget accuracy (%)
     * @param ra retain accuracy (%)
     * @param ta test accuracy (%)
     * @param resetForget forget evaluation right after the reset
     * @param resetRetain retain evaluation right after the reset
     * @param ftForgetLoss forget loss after FT
     * @param keptPerTensor kept share per tensor (%)
     * @param row3Kept kept share of the output row of the forgotten class (%)
     * @param bias3Kept whether the output bias of the forgotten class was kept
     * @param deadUnits hidden units with every incoming weight and the bias reset, per hidden layer
     */
    record Outcome(double ua, double ra, double ta, Evaluation resetForget, Evaluation resetRetain,
            double ftForgetLoss, double[] keptPerTensor, double row3Kept, boolean bias3Kept, int[] deadUnits) {}

    @Override
    public Integer call() {
        List<Variant> chosen = new ArrayList<>();
        List<Variant> all = allVariants();
        for (String id : variants) {
            if (all.stream().noneMatch(v -> v.id().equals(id))) {
                throw InvalidRequestException.of("--variants", id, "unknown; known: "
                        + all.stream().map(Variant::id).toList());
            }
        }
        out.println("Variants:");
        for (Variant v : all) {
            out.printf(Locale.ROOT, "  %-16s %s%n", v.id(), v.what());
            if (variants.isEmpty() || variants.contains(v.id())) {
                chosen.add(v);
            }
        }
        Device device = DjlDevices.resolve(DevicePreference.CPU, FallbackPolicy.FAIL);
        DjlArchitecture architecture = Architectures.mlp(FashionMnist.FEATURES, 256, 256, FashionMnist.CLASSES);
        FashionMnistOrSynthetic.Images images = FashionMnistOrSynthetic
                .resolve(null, false, FashionMnist.DEFAULT_FOLDER)
                .load(10_000, 5_000, 5_000, true, 11);
        if (images.note().isPresent()) {
            throw new IllegalStateException("Fashion-MNIST is missing: " + images.note().get());
        }
        LabeledImages trainImages = images.train();
        String fingerprint = DataFingerprint.builder().add(images.dataName()).add(trainImages.name())
                .add(trainImages.size()).add(trainImages.labels()).add(trainImages.pixels()).hex();
        CheckpointStore store = new CheckpointStore(models);
        Map<String, List<Outcome>> results = new LinkedHashMap<>();
        LabeledImages testImages = validationImages ? images.validation().orElseThrow() : images.test();
        try (DjlDataset train = trainImages.toDataset(device); DjlDataset test = testImages.toDataset(device)) {
            DataSplit split = DataSplit.of(train, ForgetSets.classWise(train, forgetClass), test);
            out.printf(Locale.ROOT, "data: %d train rows (forget class %d: %d, retain %d), %d %s rows%n", train.size(),
                    forgetClass, split.forget().size(), split.retain().size(), test.size(), test.name());
            for (long seed : seeds) {
                for (boolean torchInit : new boolean[] {false, true}) {
                    List<Variant> here = chosen.stream().filter(v -> v.config().torchInit() == torchInit).toList();
                    if (here.isEmpty() && !(checks && !torchInit && seed == seeds.get(0))) {
                        continue;
                    }
                    try (DjlModel original = original(store, architecture, device, train, fingerprint, seed,
                            torchInit)) {
                        Evaluation of = original.evaluate(split.forget());
                        out.printf(Locale.ROOT,
                                "%n=== seed %d, original %s: UA %.2f RA %.2f TA %.2f (train acc %.2f)%n",
                                seed, torchInit ? "torch-init" : "djl-init", 100 * (1 - of.accuracy()),
                                100 * original.evaluate(split.retain()).accuracy(),
                                100 * original.evaluate(split.test().orElseThrow()).accuracy(),
                                100 * original.evaluate(DataView.all(train)).accuracy());
                        printGroups(original);
                        printFisherStats(original, split, seed);
                        if (checks && !torchInit && seed == seeds.get(0)) {
                            defectChecks(original, split, seed);
                        }
                        for (Variant v : here) {
                            Outcome o = runRbm(original, split, seed, v.config());
                            results.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(o);
                            printOutcome(v.id(), seed, o);
                        }
                    }
                }
            }
        }
        printSummary(chosen, results);
        return 0;
    }

    // ---------------------------------------------------------------- originals

    private DjlModel original(CheckpointStore store, DjlArchitecture architecture, Device device, DjlDataset train,
            String fingerprint, long seed, boolean torchInit) {
        DjlModel model = DjlModel.create(architecture, device, seed);
        try {
            String recipe = ORIGINAL_RECIPE + " schedule " + ORIGINAL_SCHEDULE
                    + (torchInit ? " init torch-nn.Linear" : "");
            CheckpointKey key = CheckpointKey.of(CheckpointKey.ORIGINAL, model, fingerprint, recipe, seed);
            Optional<Checkpoint> cached = store.find(key);
            if (cached.isPresent()) {
                cached.get().applyTo(model);
                return model;
            }
            long t = System.nanoTime();
            if (torchInit) {
                torchDefaultInit(model, seed);
                fitWithoutReinit(model, DataView.all(train), seed);
            } else {
                OriginalTraining.fit(model, DataView.all(train), ORIGINAL_RECIPE, ORIGINAL_SCHEDULE, seed,
                        ProgressListener.NONE, CancellationToken.none());
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            store.save(Checkpoint.of(key, model, seconds, Map.of()));
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * PyTorch's default {@code nn.Linear} initialization: weight ~ U(−1/√fanIn, 1/√fanIn)
     * (kaiming_uniform with a = √5), bias ~ U(−1/√fanIn, 1/√fanIn); DJL's is N(0, 2/fanIn) for the
     * weights and zero biases. Groups come in (weight, bias) pairs per layer.
     */
    static void torchDefaultInit(TrainableModel model, long seed) {
        List<ParameterGroup> groups = model.description().groups();
        float[] p = model.parameters();
        SplittableRandom random = new SplittableRandom(seed ^ 0x7041L);
        for (int i = 0; i < groups.size(); i += 2) {
            ParameterGroup w = groups.get(i);
            ParameterGroup b = groups.get(i + 1);
            long fanIn = w.size() / b.size();
            double bound = 1 / Math.sqrt(fanIn);
            for (ParameterGroup g : List.of(w, b)) {
                for (long j = g.offset(); j < g.offset() + g.size(); j++) {
                    p[(int) j] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
            }
        }
        model.setParameters(p);
    }

    /** {@link OriginalTraining#fit} without its re-initialization. */
    private static void fitWithoutReinit(TrainableModel model, DataView data, long seed) {
        BatchSampler sampler = new BatchSampler(data, ORIGINAL_RECIPE.batchSize(), seed);
        int steps = sampler.batchesPerPass();
        TrainingLoop.Spec spec = new TrainingLoop.Spec("train", ORIGINAL_RECIPE.epochs(), e -> steps,
                ORIGINAL_RECIPE.learningRate(), ORIGINAL_SCHEDULE, ORIGINAL_RECIPE.sgd(),
                ParameterMask.all(model.description().parameterCount()), TrainingLoop.L1Schedule.NONE,
                ProgressListener.NONE, CancellationToken.none());
        TrainingLoop.run(model, spec, (m, epoch, step) -> m.accumulateGradient(sampler.next(), LossTerm.TASK, 1.0));
    }

    // ---------------------------------------------------------------- RBM, step by step

    private static UnlearnRequest request(TrainableModel model, DataSplit split, long seed) {
        return UnlearnRequest.builder().setModel(model).setData(split).optSeed(seed).build();
    }

    /** Retain Fisher scores at θ_o as the configuration computes them. */
    static double[] fisher(TrainableModel model, DataSplit split, Config c, long seed) {
        return switch (c.fisher()) {
            case BATCHES_IN_ROW_ORDER -> new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.FISHER, Ranking.GLOBAL,
                    c.keep(), 0, c.fisherBatch()).scores(model, split);
            case BATCHES_SHUFFLED -> {
                DataView retain = split.retain();
                BatchSampler sampler = new BatchSampler(retain, c.fisherBatch(), seed ^ 0xF15L);
                yield squaredGradients(model, sampler.batchesPerPass(), i -> sampler.next());
            }
            case PER_EXAMPLE -> {
                int[] rows = split.retain().rows();
                SplittableRandom random = new SplittableRandom(seed ^ 0xE4L);
                for (int i = rows.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = rows[i];
                    rows[i] = rows[j];
                    rows[j] = t;
                }
                Dataset source = split.retain().source();
                int n = Math.min(c.perExampleRows(), rows.length);
                yield squaredGradients(model, n, i -> Batch.of(source, new int[] {rows[i]}));
            }
        };
    }

    private static double[] squaredGradients(TrainableModel model, int count,
            java.util.function.IntFunction<Batch> batches) {
        double[] sum = new double[Math.toIntExact(model.description().parameterCount())];
        for (int b = 0; b < count; b++) {
            model.zeroGradients();
            model.accumulateGradient(batches.apply(b), LossTerm.TASK, 1.0);
            float[] g = model.gradients();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += (double) g[i] * g[i];
            }
        }
        model.zeroGradients();
        return sum;
    }

    /** The kept set: ranked tensors by score, forced ones kept or reset. */
    static boolean[] keptSet(TrainableModel model, double[] scores, Config c) {
        List<ParameterGroup> groups = model.description().groups();
        boolean[] kept = new boolean[scores.length];
        boolean[] ranked = new boolean[scores.length];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParameterGroup g = groups.get(gi);
            Forced f = forced(groups, gi, c);
            for (long j = g.offset(); j < g.offset() + g.size(); j++) {
                kept[(int) j] = f == Forced.KEEP;
                ranked[(int) j] = f == Forced.RANKED;
            }
        }
        if (c.ranking() == Ranking.PER_TENSOR) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParameterGroup g = groups.get(gi);
                if (forced(groups, gi, c) == Forced.RANKED) {
                    SaliencyMask.selectTop(scores, (int) g.offset(), (int) (g.offset() + g.size()), c.keep(), kept);
                }
            }
            return kept;
        }
        int n = 0;
        for (boolean r : ranked) {
            n += r ? 1 : 0;
        }
        double[] sub = new double[n];
        int[] index = new int[n];
        for (int i = 0, k = 0; i < scores.length; i++) {
            if (ranked[i]) {
                sub[k] = scores[i];
                index[k++] = i;
            }
        }
        boolean[] subKept = new boolean[n];
        SaliencyMask.selectTop(sub, 0, n, c.keep(), subKept);
        for (int k = 0; k < n; k++) {
            if (subKept[k]) {
                kept[index[k]] = true;
            }
        }
        return kept;
    }

    private static Forced forced(List<ParameterGroup> groups, int gi, Config c) {
        boolean output = gi >= groups.size() - 2;
        boolean bias = groups.get(gi).name().endsWith("bias");
        if (output && c.output() != Forced.RANKED) {
            return c.output();
        }
        if (bias && c.biases() != Forced.RANKED) {
            return c.biases();
        }
        return Forced.RANKED;
    }

    /** Zeroes (or re-initializes, as RecipeRunner does) every unkept parameter. */
    static void reset(TrainableModel model, boolean[] kept, WeightTreatment unkept, long seed) {
        float[] p = model.parameters();
        float[] fresh = null;
        if (unkept == WeightTreatment.REINITIALIZE) {
            try (TrainableModel init = model.copy()) {
                init.reinitialize(seed ^ REINIT_SALT);
                fresh = init.parameters();
            }
        }
        for (int i = 0; i < p.length; i++) {
            if (!kept[i]) {
                p[i] = fresh == null ? 0f : fresh[i];
            }
        }
        model.setParameters(p);
    }

    private Outcome runRbm(DjlModel original, DataSplit split, long seed, Config c) {
        try (TrainableModel working = original.copy()) {
            double[] scores = fisher(working, split, c, seed);
            boolean[] kept = keptSet(working, scores, c);
            reset(working, kept, c.unkept(), seed);
            Evaluation resetForget = working.evaluate(split.forget());
            Evaluation resetRetain = working.evaluate(split.retain());
            RecipeRunner.run("rbm", Recipe.unmasked(false, Phases.retainFineTune("rbm", c.ft(), c.schedule())),
                    working, request(original, split, seed));
            TrainingLoop.requireFinite(working, "rbm");
            Evaluation f = working.evaluate(split.forget());
            return new Outcome(100 * (1 - f.accuracy()), 100 * working.evaluate(split.retain()).accuracy(),
                    100 * working.evaluate(split.test().orElseThrow()).accuracy(), resetForget, resetRetain,
                    f.meanLoss(), keptPerTensor(working, kept), row3Kept(working, kept), bias3Kept(working, kept),
                    deadUnits(working, kept));
        }
    }

    // ---------------------------------------------------------------- diagnostics

    private static double[] keptPerTensor(TrainableModel model, boolean[] kept) {
        List<ParameterGroup> groups = model.description().groups();
        double[] share = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParameterGroup g = groups.get(gi);
            int k = 0;
            for (long j = g.offset(); j < g.offset() + g.size(); j++) {
                k += kept[(int) j] ? 1 : 0;
            }
            share[gi] = 100.0 * k / g.size();
        }
        return share;
    }

    private double row3Kept(TrainableModel model, boolean[] kept) {
        List<ParameterGroup> groups = model.description().groups();
        ParameterGroup w = groups.get(groups.size() - 2);
        int fanIn = (int) (w.size() / CLASSES);
        int k = 0;
        for (int j = 0; j < fanIn; j++) {
            k += kept[(int) w.offset() + forgetClass * fanIn + j] ? 1 : 0;
        }
        return 100.0 * k / fanIn;
    }

    private boolean bias3Kept(TrainableModel model, boolean[] kept) {
        List<ParameterGroup> groups = model.description().groups();
        return kept[(int) groups.get(groups.size() - 1).offset() + forgetClass];
    }

    /** Hidden units whose incoming weights and bias were all reset, per hidden layer. */
    private static int[] deadUnits(TrainableModel model, boolean[] kept) {
        List<ParameterGroup> groups = model.description().groups();
        int layers = groups.size() / 2 - 1;
        int[] dead = new int[layers];
        for (int l = 0; l < layers; l++) {
            ParameterGroup w = groups.get(2 * l);
            ParameterGroup b = groups.get(2 * l + 1);
            int units = (int) b.size();
            int fanIn = (int) (w.size() / units);
            for (int u = 0; u < units; u++) {
                boolean any = kept[(int) b.offset() + u];
                for (int j = 0; j < fanIn && !any; j++) {
                    any = kept[(int) w.offset() + u * fanIn + j];
                }
                dead[l] += any ? 0 : 1;
            }
        }
        return dead;
    }

    private void printGroups(TrainableModel model) {
        StringBuilder s = new StringBuilder("tensors [size, RMS of θ_o]:");
        float[] p = model.parameters();
        for (ParameterGroup g : model.description().groups()) {
            double ss = 0;
            for (long j = g.offset(); j < g.offset() + g.size(); j++) {
                ss += (double) p[(int) j] * p[(int) j];
            }
            s.append(String.format(Locale.ROOT, " %s[%d, %.4f]", g.name(), g.size(), Math.sqrt(ss / g.size())));
        }
        out.println(s);
    }

    /** Per tensor: median, mean and max of the retain Fisher, and the global cut of the top half. */
    private void printFisherStats(TrainableModel model, DataSplit split, long seed) {
        Config c = Config.base();
        double[] scores = fisher(model, split, c, seed);
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int k = (int) Math.ceil(0.5 * sorted.length - 1e-9);
        double cut = sorted[sorted.length - k];
        out.printf(Locale.ROOT, "retain Fisher (batches of 256): global cut of keep 0.5 = %.3e%n", cut);
        for (ParameterGroup g : model.description().groups()) {
            double[] v = Arrays.copyOfRange(scores, (int) g.offset(), (int) (g.offset() + g.size()));
            Arrays.sort(v);
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            int above = 0;
            for (double x : v) {
                above += x >= cut ? 1 : 0;
            }
            out.printf(Locale.ROOT, "  %-18s median %.3e  mean %.3e  p90 %.3e  max %.3e  >= cut %5.1f%%%n", g.name(),
                    v[v.length / 2], mean, v[(int) (0.9 * (v.length - 1))], v[v.length - 1], 100.0 * above / v.length);
        }
    }

    private void printOutcome(String id, long seed, Outcome o) {
        StringBuilder kept = new StringBuilder();
        for (double k : o.keptPerTensor()) {
            kept.append(String.format(Locale.ROOT, " %5.1f", k));
        }
        out.printf(Locale.ROOT,
                "%-16s seed %d: UA %6.2f RA %6.2f TA %6.2f | after reset: forget acc %6.2f loss %7.3f, retain acc %6.2f"
                        + " | after FT forget loss %6.3f | kept%% W1 b1 W2 b2 W3 b3:%s"
                        + " | W3 row %d kept %5.1f%%, b3[%d] %s"
                        + " | dead units %s%n",
                id, seed, o.ua(), o.ra(), o.ta(), 100 * o.resetForget().accuracy(), o.resetForget().meanLoss(),
                100 * o.resetRetain().accuracy(), o.ftForgetLoss(), kept, forgetClass, o.row3Kept(), forgetClass,
                o.bias3Kept() ? "kept" : "reset",
                Arrays.toString(o.deadUnits()));
    }

    private void printSummary(List<Variant> chosen, Map<String, List<Outcome>> results) {
        out.printf(Locale.ROOT, "%n| variant | UA per seed | UA | RA | TA | forget acc after reset |%n"
                + "|---|---|---|---|---|---|%n");
        for (Variant v : chosen) {
            List<Outcome> r = results.get(v.id());
            if (r == null) {
                continue;
            }
            StringBuilder per = new StringBuilder();
            for (Outcome o : r) {
                per.append(per.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", o.ua()));
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", v.id(), per,
                    stat(r, Outcome::ua), stat(r, Outcome::ra), stat(r, Outcome::ta),
                    stat(r, o -> 100 * o.resetForget().accuracy()));
        }
    }

    private static String stat(List<Outcome> r, java.util.function.ToDoubleFunction<Outcome> f) {
        double[] v = r.stream().mapToDouble(f).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, sd);
    }

    // ---------------------------------------------------------------- defect checks

    /**
     * Checks, on one seed: the retain view holds no forget row and no class-3 label; {@code auto}
     * resolves to Fisher with global ranking; this pipeline's baseline is bit-identical to the
     * registry's {@code rbm}; a recipe with the same mask and a fine-tuning that moves only the kept
     * weights leaves exactly the unkept weights at zero (the mask is computed on θ_o, before the
     * reset, and the reset zeroes what the mask says).
     */
    private void defectChecks(DjlModel original, DataSplit split, long seed) {
        out.println("--- defect checks (seed " + seed + ") ---");
        int class3 = 0;
        for (int row : split.retain().rows()) {
            class3 += split.train().label(row) == forgetClass ? 1 : 0;
        }
        out.printf(Locale.ROOT, "retain rows %d, of which class %d: %d; forget rows %d%n", split.retain().size(),
                forgetClass, class3, split.forget().size());
        SaliencyMask auto = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.AUTO, Ranking.AUTO, 0.5, 0, 256);
        out.println("auto resolves to: " + auto.resolve(original, split).describe());

        Config c = Config.base();
        float[] mine;
        boolean[] kept;
        try (TrainableModel working = original.copy()) {
            kept = keptSet(working, fisher(working, split, c, seed), c);
            float[] before = working.parameters();
            float[] theta = original.parameters();
            out.println("Fisher leaves the parameters untouched: " + Arrays.equals(before, theta));
            reset(working, kept, c.unkept(), seed);
            RecipeRunner.run("rbm", Recipe.unmasked(false, Phases.retainFineTune("rbm", c.ft(), c.schedule())),
                    working, request(original, split, seed));
            mine = working.parameters();
        }
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        Unlearner rbm = registry.create("rbm", Settings.of(Map.of("learningRate", 0.03, "saliency", "fisher",
                "keepFraction", 0.5, "variant", "reset-ft")));
        try (UnlearnResult r = rbm.unlearn(request(original, split, seed))) {
            float[] theirs = r.model().parameters();
            double maxDiff = 0;
            for (int i = 0; i < mine.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(mine[i] - theirs[i]));
            }
            Evaluation f = r.model().evaluate(split.forget());
            out.printf(Locale.ROOT, "registry rbm (settings %s): UA %.2f; max |θ_this − θ_registry| = %.3e%n",
                    r.provenance().settings(), 100 * (1 - f.accuracy()), maxDiff);
        }
        SaliencyMask mask = new SaliencyMask(SaliencyScore.RETAIN, SaliencySource.FISHER, Ranking.GLOBAL, 0.5, 0, 256);
        Recipe frozen = new Recipe(false, mask, WeightTreatment.KEEP, WeightTreatment.RESET_ZERO,
                List.of(Phases.retainFineTune("rbm", c.ft(), c.schedule()).withScope(TrainScope.SELECTED)));
        Unlearner u = new RecipeUnlearner("rbm-frozen-unkept", registry.create("rbm", Settings.of(Map.of())).settings(),
                frozen);
        try (UnlearnResult r = u.unlearn(request(original, split, seed))) {
            float[] p = r.model().parameters();
            float[] theta = original.parameters();
            int unkeptNonZero = 0;
            int keptZero = 0;
            int keptMoved = 0;
            for (int i = 0; i < p.length; i++) {
                if (!kept[i] && p[i] != 0f) {
                    unkeptNonZero++;
                }
                if (kept[i] && p[i] == 0f) {
                    keptZero++;
                }
                if (kept[i] && p[i] != theta[i]) {
                    keptMoved++;
                }
            }
            out.printf(Locale.ROOT, "mask+reset check (FT on kept weights only): unkept weights not zero: %d;"
                    + " kept weights at zero: %d; kept weights moved: %d of %d%n", unkeptNonZero, keptZero, keptMoved,
                    countTrue(kept));
        }
        out.println("---");
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
