package io.github.unlearn4j.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

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
 * Fashion-MNIST, for machines without the real data set; both sides then read that folder.
 */
public final class FtEpochMain {
    private static final String USAGE = "FtEpochMain [--data DIR] [--limit N] [--forget-class K] [--seed S]"
            + " [--warmup N] [--repeats N]\n       FtEpochMain --write-synthetic DIR [--synthetic-rows N] [--seed S]";
    private static final int BATCH = 256;

    private FtEpochMain() {}

    /**
     * Runs the timing, or writes synthetic data.
     *
     * @param args see the class description
     * @throws IOException if the data cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = parse(args);
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        if (opts.containsKey("write-synthetic")) {
            int rows = Integer.parseInt(opts.getOrDefault("synthetic-rows", "12000"));
            Path dir = Path.of(opts.get("write-synthetic"));
            writeIdx(dir, "train", SyntheticImages.generate("synthetic/train", rows, seed));
            writeIdx(dir, "t10k", SyntheticImages.generate("synthetic/test", Math.max(1, rows / 6), seed + 1));
            System.err.println("FtEpochMain: wrote " + rows + " synthetic training images to " + dir);
            return;
        }
        Path folder = Path.of(opts.getOrDefault("data", FashionMnist.DEFAULT_FOLDER.toString()));
        int limit = Integer.parseInt(opts.getOrDefault("limit", Integer.toString(Integer.MAX_VALUE)));
        int forgetClass = Integer.parseInt(opts.getOrDefault("forget-class", "3"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "1"));
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --repeats >= 1\n" + USAGE);
        }

        LabeledImages images = FashionMnist.load(folder, limit, 1, false).train();
        Device cpu = Device.cpu();
        Unlearner ft = UnlearnerRegistry.loadDefault().create(FineTuneProvider.NAME, Settings.of(Map.of(
                TrainingSettings.EPOCHS, 1,
                TrainingSettings.LEARNING_RATE, 0.01,
                TrainingSettings.BATCH_SIZE, BATCH,
                TrainingSettings.MOMENTUM, 0.9,
                TrainingSettings.WEIGHT_DECAY, 5e-4)));
        Map<String, Object> out = new LinkedHashMap<>();
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
            out.put("side", "unlearn4j-djl");
            out.put("torch", TorchThreads.engineVersion());
            out.put("engine", "DJL " + ai.djl.engine.Engine.getDjlVersion() + " PyTorch");
            out.put("intra_op_threads", TorchThreads.intraOp());
            out.put("inter_op_threads", TorchThreads.interOp());
            out.put("data", folder.toString());
            out.put("rows", train.size());
            out.put("retain", split.retain().size());
            out.put("steps", steps[0]);
            out.put("warmup_seconds", warmupSeconds);
            out.put("seconds", seconds);
            out.put("median_seconds", sorted[sorted.length / 2]);
            out.put("mean_loss", lossSum[0] / steps[0]);
            out.put("retain_accuracy", retainAccuracy);
        }
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> known = Arrays.asList("data", "limit", "forget-class", "seed", "warmup", "repeats",
                "write-synthetic", "synthetic-rows");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            }
            opts.put(a.substring(2), args[++i]);
        }
        return opts;
    }

    /** Writes images as gzipped IDX files {@code PREFIX-images-idx3-ubyte.gz} and {@code PREFIX-labels-idx1-ubyte.gz}. */
    private static void writeIdx(Path dir, String prefix, LabeledImages images) throws IOException {
        Files.createDirectories(dir);
        int n = images.size();
        float[] pixels = images.pixels();
        try (DataOutputStream out = gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(images.height());
            out.writeInt(images.width());
            byte[] bytes = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                bytes[i] = (byte) Math.round(Math.min(1f, Math.max(0f, pixels[i])) * 255f);
            }
            out.write(bytes);
        }
        try (DataOutputStream out = gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            for (int label : images.labels()) {
                out.writeByte(label);
            }
        }
    }

    private static DataOutputStream gzip(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try {
            return new DataOutputStream(new GZIPOutputStream(raw, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
