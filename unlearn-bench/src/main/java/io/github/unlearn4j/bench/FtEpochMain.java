package io.github.unlearn4j.bench;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.FineTuneProvider;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.IdxFiles;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The unlearn4j half of {@code unlearn-bench/compare-pytorch}: times one {@code ft} epoch on DJL,
 * through the method registry, as {@code src/main/python/ft_epoch.py} times it in PyTorch.
 *
 * <p>The workload, identical on both sides: the first {@code --limit} Fashion-MNIST training
 * images (all 60,000 by default) read from the IDX files, pixels scaled to [0, 1]; the forget set is
 * every image of class {@code --forget-class} (3), the retain set every other image; the model
 * {@code mlp(784, 256, 256, 10)} freshly initialized from {@code --seed} (nothing is trained before
 * fine-tuning); {@code ft} with 1 epoch, batch 256 (the last batch smaller), SGD learning rate 0.01,
 * momentum 0.9, weight decay 5e-4, constant schedule; the retain set reshuffled with a seeded
 * generator. {@code --warmup} untimed epochs (1 by default) run first, each from the same
 * initial model, then {@code --repeats} timed epochs (1 by default), each again from that model.
 * A timed epoch is the wall time of {@code Unlearner.unlearn}, which includes copying the input
 * model and checking at the end that every parameter is finite; the Python side does the same.
 *
 * <p>libtorch's thread counts come from {@code -Dai.djl.pytorch.num_threads} and
 * {@code num_interop_threads}; the program reports the counts libtorch actually uses.
 *
 * <p>Prints one JSON object on standard output: the engine's version, thread counts, sizes, the
 * warm-up and timed seconds, the mean training loss over the last timed epoch and the retain
 * accuracy after it (a check that both sides trained alike, not part of the timing).
 *
 * <p>With {@code --write-synthetic DIR [--synthetic-rows N]} it instead writes seeded synthetic
 * images ({@link SyntheticImages}, quantized to bytes) as the four gzipped IDX files of
 * Fashion-MNIST ({@link IdxFiles}), for machines without the real data set; both sides then read
 * that folder.
 *
 * <p>The command line is parsed by picocli ({@code --help} prints it); bad input (an unknown option,
 * a stray argument, a bad number, an option given twice) exits with status 2, see
 * {@link CommandLines}.
 */
@Command(name = "FtEpochMain", sortOptions = false,
        description = "Times one ft epoch on DJL (unlearn4j's half of unlearn-bench/compare-pytorch), and prints"
                + " one JSON object; or, with --write-synthetic, writes synthetic images as Fashion-MNIST's IDX"
                + " files.")
public final class FtEpochMain implements Callable<Integer> {
    private static final int BATCH = 256;
    /** The options of the timing run, which --write-synthetic does not take. */
    private static final List<String> TIMING_OPTIONS = List.of("--data", "--limit", "--forget-class", "--warmup",
            "--repeats");

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default:"
            + " ${DEFAULT-VALUE}).")
    Path data = FashionMnist.DEFAULT_FOLDER;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images (default:"
            + " all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--forget-class", paramLabel = "K", description = "The class forgotten (default:"
            + " ${DEFAULT-VALUE}).")
    int forgetClass = 3;

    @Option(names = "--seed", paramLabel = "S", description = "Initialization and shuffling seed; with"
            + " --write-synthetic, the images' seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed epochs first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed epochs (default: ${DEFAULT-VALUE}).")
    int repeats = 1;

    @Option(names = "--write-synthetic", paramLabel = "DIR", description = "Instead of timing: write seeded"
            + " synthetic images as Fashion-MNIST's four gzipped IDX files to DIR.")
    Path writeSynthetic;

    @Option(names = "--synthetic-rows", paramLabel = "N", description = "With --write-synthetic: training images"
            + " (default: ${DEFAULT-VALUE}; test images: N / 6).")
    int syntheticRows = 12_000;

    FtEpochMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the timing, or writes synthetic data, and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the timing, or writes synthetic data.
     *
     * @param args see {@code --help}
     * @param out where the JSON result and the help go
     * @param err where progress and errors go
     * @return 0 on success, 2 on bad input, 1 on any other failure
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new FtEpochMain(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        var parsed = spec.commandLine().getParseResult();
        if (writeSynthetic != null) {
            for (String option : TIMING_OPTIONS) {
                if (parsed.hasMatchedOption(option)) {
                    throw InvalidRequestException.of(option, parsed.matchedOptionValue(option, null),
                            "applies to the timing run, not to --write-synthetic");
                }
            }
            atLeast("--synthetic-rows", syntheticRows, 1);
            IdxFiles.write(writeSynthetic, SyntheticImages.generate("synthetic/train", syntheticRows, seed),
                    SyntheticImages.generate("synthetic/test", Math.max(1, syntheticRows / 6), seed + 1));
            err.println("FtEpochMain: wrote " + syntheticRows + " synthetic training images to " + writeSynthetic);
            return 0;
        }
        if (parsed.hasMatchedOption("--synthetic-rows")) {
            throw InvalidRequestException.of("--synthetic-rows", syntheticRows, "applies to --write-synthetic only");
        }
        atLeast("--limit", limit, 1);
        atLeast("--warmup", warmup, 0);
        atLeast("--repeats", repeats, 1);
        time();
        return 0;
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw InvalidRequestException.of(option, value, "must be at least " + min);
        }
    }

    /** The timing run: prints the JSON object. */
    private void time() {
        LabeledImages images = FashionMnist.load(data, limit, 1, false).train();
        Device cpu = Device.cpu();
        Unlearner ft = UnlearnerRegistry.loadDefault().create(FineTuneProvider.NAME, Settings.of(Map.of(
                TrainingSettings.EPOCHS, 1,
                TrainingSettings.LEARNING_RATE, 0.01,
                TrainingSettings.BATCH_SIZE, BATCH,
                TrainingSettings.MOMENTUM, 0.9,
                TrainingSettings.WEIGHT_DECAY, 5e-4)));
        Map<String, Object> json = new LinkedHashMap<>();
        try (DjlDataset train = images.toDataset(cpu);
                DjlModel initial = DjlModel.create(Architectures.mlp(784, 256, 256, 10), cpu, seed)) {
            DataSplit split = DataSplit.of(train, ForgetSets.classWise(train, forgetClass), null);
            double[] lossSum = new double[1];
            long[] steps = new long[1];
            ProgressListener listener = p -> {
                lossSum[0] += p.loss();
                steps[0]++;
            };
            UnlearnRequest request = UnlearnRequest.builder().setModel(initial).setData(split).optSeed(seed)
                    .optProgress(listener).build();
            List<Double> warmupSeconds = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            double retainAccuracy = Double.NaN;
            for (int run = 0; run < warmup + repeats; run++) {
                lossSum[0] = 0;
                steps[0] = 0;
                long t0 = System.nanoTime();
                try (UnlearnResult result = ft.unlearn(request)) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    (run < warmup ? warmupSeconds : seconds).add(s);
                    if (run == warmup + repeats - 1) {
                        retainAccuracy = result.model().evaluate(split.retain()).accuracy();
                    }
                }
            }
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            json.put("side", "unlearn4j-djl");
            json.put("torch", TorchThreads.engineVersion());
            json.put("engine", "DJL " + ai.djl.engine.Engine.getDjlVersion() + " PyTorch");
            json.put("intra_op_threads", TorchThreads.intraOp());
            json.put("inter_op_threads", TorchThreads.interOp());
            json.put("data", data.toString());
            json.put("rows", train.size());
            json.put("retain", split.retain().size());
            json.put("steps", steps[0]);
            json.put("warmup_seconds", warmupSeconds);
            json.put("seconds", seconds);
            json.put("median_seconds", sorted[sorted.length / 2]);
            json.put("mean_loss", lossSum[0] / steps[0]);
            json.put("retain_accuracy", retainAccuracy);
        }
        try {
            out.println(new ObjectMapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new UnlearnException("cannot write the JSON result: " + e.getMessage(), e);
        }
    }
}
