package io.github.unlearn4j.bench;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.attack.UliraVerifier;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of U-LiRA's shadow models on DJL: the wall time of one {@code ulira} verification
 * whose shadow runs are all trained now (no cache), for each {@code --threads} value, and the
 * shadow models made per minute.
 *
 * <p>The workload is the results harness's: the first {@code --limit} (10,000) Fashion-MNIST
 * training images, {@code mlp(784, 256, 256, 10)}, the harness's original recipe (SGD, learning
 * rate 0.05, batch 128, momentum 0.9, weight decay 5e-4, constant schedule) for {@code --epochs}
 * epochs (35, as the harness), a random 10% forget set. The attack runs with method {@code none}
 * (plain LiRA: each shadow run is an original on half of the other rows and a model retrained
 * without its forget set, 2 models), {@code --shadows} runs (4) and at most 500 targets. The model
 * under test and the reference are fresh models: their scores are not the point here. Every
 * {@code --threads} value trains the same shadow models (the design and seeds do not depend on it),
 * so their metrics agree, and the program checks that they do.
 *
 * <p>An untimed warm-up (2 shadow runs of 1 epoch) comes first. Prints one JSON object: libtorch's intra-op threads, and per {@code --threads} value the wall
 * seconds, the models made, models per minute, the recorded training seconds of the models (which
 * grow when threads share cores) and the speed-up against the first value.
 */
@Command(name = "ShadowThroughputMain", sortOptions = false,
        description = "Times U-LiRA's shadow training on DJL at several --threads values and prints one JSON object.")
public final class ShadowThroughputMain implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default:"
            + " ${DEFAULT-VALUE}; FtEpochMain --write-synthetic writes a synthetic one).")
    Path data = FashionMnist.DEFAULT_FOLDER;

    @Option(names = "--limit", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE}).")
    int limit = 10_000;

    @Option(names = "--shadows", paramLabel = "N", description = "Shadow runs (default: ${DEFAULT-VALUE}).")
    int shadows = 4;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of each shadow model (default:"
            + " ${DEFAULT-VALUE}).")
    int epochs = 35;

    @Option(names = "--threads", paramLabel = "T,...", split = ",", description = "ulira.threads values, in order"
            + " (default: 1,2).")
    List<Integer> threads = List.of(1, 2);

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the forget set, the models and the design"
            + " (default: ${DEFAULT-VALUE}).")
    int seed = 7;

    ShadowThroughputMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the timing and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the timing.
     *
     * @param args see {@code --help}
     * @param out where the JSON result and the help go
     * @param err where progress and errors go
     * @return 0 on success, 2 on bad input, 1 on any other failure
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new ShadowThroughputMain(out, err), args, out, err);
    }

    @Override
    public Integer call() {
        atLeast("--limit", limit, 20);
        atLeast("--shadows", shadows, 2);
        atLeast("--epochs", epochs, 1);
        for (int t : threads) {
            atLeast("--threads", t, 1);
        }
        LabeledImages images = FashionMnist.load(data, limit, 1, false).train();
        TrainingSettings recipe = new TrainingSettings(0.05, epochs, 128, 0.9, 5e-4);
        Device cpu = Device.cpu();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", images.size());
        json.put("shadows", shadows);
        json.put("epochs", epochs);
        List<Map<String, Object>> runs = new java.util.ArrayList<>();
        try (DjlDataset train = images.toDataset(cpu);
                DjlModel model = DjlModel.create(Architectures.mlp(784, 256, 256, 10), cpu, seed);
                DjlModel reference = DjlModel.create(Architectures.mlp(784, 256, 256, 10), cpu, seed + 1L)) {
            json.put("intra_op_threads", TorchThreads.intraOp());
            DataSplit split = DataSplit.of(train, ForgetSets.random(train, 0.1, seed), null);
            // warm-up, untimed: loads libtorch's kernels and lets the JIT compile the training loop
            err.println("ShadowThroughputMain: warm-up (2 shadow runs of 1 epoch)");
            UliraVerifier.builder().optMethod("none").optShadows(2).optCache(null)
                    .optTraining(new TrainingSettings(0.05, 1, 128, 0.9, 5e-4), LearningRateSchedule.CONSTANT)
                    .optSeed(seed + 1).optThreads(threads.get(0)).optMinSamples(1).build()
                    .verify(new VerificationRequest(model, split, reference));
            double firstSeconds = Double.NaN;
            Double firstAuc = null;
            for (int t : threads) {
                UliraVerifier ulira = UliraVerifier.builder().optMethod("none").optShadows(shadows).optCache(null)
                        .optTraining(recipe, LearningRateSchedule.CONSTANT).optSeed(seed).optThreads(t)
                        .optMinSamples(1).build();
                err.printf("ShadowThroughputMain: %d shadow runs on %d thread(s)...%n", shadows, t);
                long t0 = System.nanoTime();
                VerificationReport report = ulira.verify(new VerificationRequest(model, split, reference));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double auc = metric(report, "uliraAuc");
                if (firstAuc != null && auc != firstAuc) {
                    throw new UnlearnException("threads " + t + " gave uliraAuc " + auc + ", threads " + threads.get(0)
                            + " gave " + firstAuc + ": the shadow runs should not depend on the thread count");
                }
                if (firstAuc == null) {
                    firstAuc = auc;
                    firstSeconds = seconds;
                }
                int models = 2 * shadows;
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("threads", t);
                run.put("seconds", seconds);
                run.put("models", models);
                run.put("models_per_minute", 60 * models / seconds);
                run.put("recorded_training_seconds", metric(report, "uliraSeconds"));
                run.put("speedup", firstSeconds / seconds);
                run.put("ulira_auc", auc);
                runs.add(run);
                err.printf("ShadowThroughputMain: threads %d: %.1f s, %.1f models/min%n", t, seconds,
                        60 * models / seconds);
            }
        }
        json.put("runs", runs);
        try {
            out.println(new ObjectMapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new UnlearnException("cannot write the JSON result: " + e.getMessage(), e);
        }
        return 0;
    }

    private static double metric(VerificationReport report, String name) {
        return report.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow(() -> new UnlearnException("ulira reported no " + name));
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw InvalidRequestException.of(option, value, "must be at least " + min);
        }
    }
}
