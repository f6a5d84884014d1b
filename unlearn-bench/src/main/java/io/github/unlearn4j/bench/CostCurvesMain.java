package io.github.unlearn4j.bench;

import ai.djl.Device;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cost curves: how the run time of unlearning grows with its work. Times each method (default
 * {@code ft, rl, salun, rbm, retrain}, each at its provider's default settings, the mask
 * computation of {@code salun} and {@code rbm} included, since it is part of their
 * {@code unlearn} call) against the forget-set size on the first model (random forget sets of
 * 1%, 5%, 10%, 25% and 50% of the training rows), and against the model size at one forget
 * fraction (10%) on each model: the harness's MLP {@code mlp(784, 256, 256, 10)}, a wider MLP
 * {@code mlp(784, 1024, 1024, 10)} and {@link Architectures#smallCnn() the small CNN}.
 *
 * <p>Each point is the median wall time of {@code --repeats} (3) calls of
 * {@code Unlearner.unlearn} on the same original and forget set, the methods' order rotated per
 * repeat so that slow drift of the machine is spread over all of them. Each model's original is
 * trained once ({@code --original-epochs}, the harness's recipe otherwise: SGD, learning rate
 * 0.05, batch 128, momentum 0.9, weight decay 5e-4) and an untimed one-epoch {@code ft} warms up
 * the kernels and the JIT before the first timed call. The quality of the original does not
 * enter: every method's work (its epochs over its rows, its mask pass) does not depend on it.
 *
 * <p>Writes {@code costs.json} and {@code costs.md} (per point the median, its repeats and its
 * fraction of retraining's median at the same point; per method the crossover, the forget
 * fraction where its median first reaches retraining's, by linear interpolation, or none), and the
 * charts {@code costs-forget.png}, {@code costs-ratio.png} and {@code costs-models.png} to
 * {@code --out}. Progress goes to the error stream.
 */
@Command(name = "CostCurvesMain", sortOptions = false,
        description = "Times unlearning methods against the forget-set size and the model size; writes costs.json,"
                + " costs.md and charts.")
public final class CostCurvesMain implements Callable<Integer> {
    /** The model names {@code --models} takes. */
    static final List<String> MODELS = List.of("mlp", "wide-mlp", "cnn");
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's IDX files (default:"
            + " ${DEFAULT-VALUE}; FtEpochMain --write-synthetic writes a synthetic one).")
    Path data = FashionMnist.DEFAULT_FOLDER;

    @Option(names = "--limit", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE}).")
    Integer limit;

    @Option(names = "--fractions", paramLabel = "F,...", split = ",", description = "Forget fractions of the"
            + " sweep on the first model (default: 0.01,0.05,0.1,0.25,0.5).")
    List<Double> fractions;

    @Option(names = "--model-fraction", paramLabel = "F", description = "The forget fraction of the model sweep"
            + " (default: 0.1).")
    Double modelFraction;

    @Option(names = "--methods", paramLabel = "M,...", split = ",", description = "Methods, with retrain among"
            + " them (default: ft,rl,salun,rbm,retrain).")
    List<String> methods = List.of("ft", "rl", "salun", "rbm", "retrain");

    @Option(names = "--models", paramLabel = "M,...", split = ",", description = "Models, the first one swept over"
            + " the forget fractions: mlp, wide-mlp, cnn (default: mlp,wide-mlp,cnn).")
    List<String> models;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed calls per point; the median counts"
            + " (default: 3).")
    Integer repeats;

    @Option(names = "--original-epochs", paramLabel = "N", description = "Epochs of each model's original"
            + " (default: 20).")
    Integer originalEpochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the originals, the forget sets and the runs"
            + " (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--quick", description = "A smoke run: 1,000 images, fractions 0.05 and 0.25, one repeat, an"
            + " original of 2 epochs (options given explicitly still win).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("unlearn-bench/target/results/costs");

    @Option(names = "--charts-from", paramLabel = "FILE", description = "Times nothing: writes costs.md and the"
            + " charts to --out again from the costs.json of an earlier run (--model-fraction as in that run).")
    Path chartsFrom;

    CostCurvesMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the measurement and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the measurement.
     *
     * @param args see {@code --help}
     * @param out where the Markdown summary and the help go
     * @param err where progress and errors go
     * @return 0 on success, 2 on bad input, 1 on any other failure
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.execute(new CostCurvesMain(out, err), args, out, err);
    }

    /** One timed point: a method on a model at a forget fraction. */
    record Point(String model, double fraction, int forgetRows, String method, List<Double> seconds) {
        double median() {
            return CostCurvesMain.median(seconds);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (chartsFrom != null) {
            return render(chartsFrom);
        }
        int rows = limit != null ? limit : quick ? 1_000 : 10_000;
        List<Double> sweep = fractions != null ? fractions : quick ? List.of(0.05, 0.25)
                : List.of(0.01, 0.05, 0.1, 0.25, 0.5);
        double atFraction = modelFraction != null ? modelFraction : 0.1;
        List<String> modelNames = models != null ? models : MODELS;
        int reps = repeats != null ? repeats : quick ? 1 : 3;
        int epochs = originalEpochs != null ? originalEpochs : quick ? 2 : 20;
        check(rows, sweep, atFraction, modelNames, reps, epochs);

        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        for (String m : methods) {
            registry.create(m, Settings.empty()); // an unknown name fails here, with the known ones, before any data
        }
        LabeledImages images = FashionMnist.load(data, rows, 1, false).train();
        Device cpu = Device.cpu();
        TrainingSettings recipe = new TrainingSettings(0.05, epochs, 128, 0.9, 5e-4);
        List<Point> points = new ArrayList<>();
        List<Map<String, Object>> modelInfo = new ArrayList<>();
        try (DjlDataset train = images.toDataset(cpu)) {
            for (int mi = 0; mi < modelNames.size(); mi++) {
                String name = modelNames.get(mi);
                List<Double> here = mi == 0 ? withModelFraction(sweep, atFraction) : List.of(atFraction);
                try (DjlModel original = DjlModel.create(architecture(name), cpu, seed)) {
                    err.printf(Locale.ROOT, "CostCurvesMain: %s (%,d parameters): training the original, %d epochs%n",
                            name, original.description().parameterCount(), epochs);
                    long t = System.nanoTime();
                    OriginalTraining.fit(original, DataView.all(train), recipe, LearningRateSchedule.CONSTANT, seed,
                            ProgressListener.NONE, CancellationToken.none());
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("model", name);
                    info.put("architecture", architecture(name).name());
                    info.put("parameters", original.description().parameterCount());
                    info.put("original_seconds", (System.nanoTime() - t) / 1e9);
                    info.put("original_train_accuracy", original.evaluate(DataView.all(train)).accuracy());
                    modelInfo.add(info);
                    warmUp(registry, original, train);
                    for (double f : here) {
                        int[] forget = ForgetSets.random(train, f, seed);
                        DataSplit split = DataSplit.of(train, forget, null);
                        List<List<Double>> times = new ArrayList<>();
                        methods.forEach(m -> times.add(new ArrayList<>()));
                        for (int r = 0; r < reps; r++) {
                            for (int k = 0; k < methods.size(); k++) {
                                int i = (k + r) % methods.size();
                                double s = time(registry, methods.get(i), original, split);
                                times.get(i).add(s);
                                err.printf(Locale.ROOT, "CostCurvesMain: %s forget %.0f%% (%d rows) %s repeat %d: %.2f s%n",
                                        name, 100 * f, forget.length, methods.get(i), r + 1, s);
                            }
                        }
                        for (int i = 0; i < methods.size(); i++) {
                            points.add(new Point(name, f, forget.length, methods.get(i), List.copyOf(times.get(i))));
                        }
                    }
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", images.size());
        json.put("seed", seed);
        json.put("repeats", reps);
        json.put("intra_op_threads", TorchThreads.intraOp());
        json.put("methods", methods);
        json.put("models", modelInfo);
        json.put("points", points.stream().map(p -> pointJson(p, points)).toList());
        json.put("crossover", crossovers(points, modelNames.get(0)));
        Files.createDirectories(outDir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("costs.json").toFile(),
                json);
        int charts = writeReport(points, modelInfo, modelNames.get(0), atFraction, images.size(), reps);
        err.println("CostCurvesMain: wrote " + outDir.resolve("costs.json") + ", " + outDir.resolve("costs.md")
                + " and " + charts + " charts");
        return 0;
    }

    /** Writes costs.md and the charts to {@code --out} and prints the Markdown; returns the chart count. */
    private int writeReport(List<Point> points, List<Map<String, Object>> modelInfo, String swept, double atFraction,
            int rows, int reps) throws IOException {
        String markdown = markdown(points, modelInfo, swept, atFraction, rows, reps);
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("costs.md"), markdown);
        List<Path> charts = CostCharts.write(points, swept, atFraction, outDir);
        out.print(markdown);
        return charts.size();
    }

    /** Writes costs.md and the charts from an earlier run's costs.json. */
    private int render(Path json) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw InvalidRequestException.of("--charts-from", json, "is not a file");
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json.toFile());
        List<Point> points = new ArrayList<>();
        for (JsonNode p : root.path("points")) {
            List<Double> seconds = new ArrayList<>();
            p.path("seconds").forEach(s -> seconds.add(s.asDouble()));
            points.add(new Point(p.path("model").asText(), p.path("forget_fraction").asDouble(),
                    p.path("forget_rows").asInt(), p.path("method").asText(), List.copyOf(seconds)));
        }
        List<Map<String, Object>> modelInfo = mapper.convertValue(root.path("models"), new TypeReference<>() {});
        if (points.isEmpty() || modelInfo == null || modelInfo.isEmpty()) {
            throw InvalidRequestException.of("--charts-from", json, "holds no points or no models");
        }
        double atFraction = modelFraction != null ? modelFraction : 0.1;
        String swept = (String) modelInfo.get(0).get("model");
        int charts = writeReport(points, modelInfo, swept, atFraction, root.path("rows").asInt(),
                root.path("repeats").asInt());
        err.println("CostCurvesMain: wrote " + outDir.resolve("costs.md") + " and " + charts + " charts from " + json);
        return 0;
    }

    private void check(int rows, List<Double> sweep, double atFraction, List<String> modelNames, int reps, int epochs) {
        if (rows < 100) {
            throw InvalidRequestException.of("--limit", rows, "must be at least 100");
        }
        for (double f : sweep) {
            fraction("--fractions", f);
        }
        fraction("--model-fraction", atFraction);
        if (modelNames.isEmpty()) {
            throw InvalidRequestException.of("--models", modelNames, "name at least one model");
        }
        for (String m : modelNames) {
            if (!MODELS.contains(m)) {
                throw InvalidRequestException.of("--models", m, "known models: " + String.join(", ", MODELS));
            }
        }
        if (!methods.contains("retrain")) {
            throw InvalidRequestException.of("--methods", String.join(",", methods),
                    "include retrain: every point is also stated as a fraction of retraining's time");
        }
        if (reps < 1) {
            throw InvalidRequestException.of("--repeats", reps, "must be at least 1");
        }
        if (epochs < 1) {
            throw InvalidRequestException.of("--original-epochs", epochs, "must be at least 1");
        }
    }

    private static void fraction(String option, double f) {
        if (!(f > 0 && f < 1)) {
            throw InvalidRequestException.of(option, f, "a forget fraction lies strictly between 0 and 1");
        }
    }

    private static List<Double> withModelFraction(List<Double> sweep, double atFraction) {
        List<Double> all = new ArrayList<>(sweep);
        if (!all.contains(atFraction)) {
            all.add(atFraction);
        }
        all.sort(Double::compare);
        return all;
    }

    static DjlArchitecture architecture(String name) {
        return switch (name) {
            case "mlp" -> Architectures.mlp(784, 256, 256, 10);
            case "wide-mlp" -> Architectures.mlp(784, 1024, 1024, 10);
            case "cnn" -> Architectures.smallCnn();
            default -> throw InvalidRequestException.of("--models", name, "known models: " + String.join(", ", MODELS));
        };
    }

    private void warmUp(UnlearnerRegistry registry, DjlModel original, DjlDataset train) {
        DataSplit split = DataSplit.of(train, ForgetSets.random(train, 0.1, seed), null);
        try (UnlearnResult r = registry.create("ft", Settings.of(Map.of(TrainingSettings.EPOCHS, 1)))
                .unlearn(request(original, split))) {
            r.model();
        }
    }

    private double time(UnlearnerRegistry registry, String method, DjlModel original, DataSplit split) {
        long t = System.nanoTime();
        try (UnlearnResult r = registry.create(method, Settings.empty()).unlearn(request(original, split))) {
            return (System.nanoTime() - t) / 1e9;
        }
    }

    private UnlearnRequest request(DjlModel original, DataSplit split) {
        return UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed).build();
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * A point's median over retraining's median on the same model and forget set.
     *
     * @param p the point
     * @param all every point
     * @return the ratio, NaN without a retrain point
     */
    static double ratioToRetrain(Point p, List<Point> all) {
        return all.stream().filter(q -> q.method().equals("retrain") && q.model().equals(p.model())
                        && q.fraction() == p.fraction())
                .findFirst().map(q -> p.median() / q.median()).orElse(Double.NaN);
    }

    /**
     * Per method, the forget fraction at which its median time on the swept model first reaches
     * retraining's, interpolated linearly between the two points around it; null where it stays
     * below (or above) over the whole sweep.
     *
     * @param points every point
     * @param model the swept model
     * @return method to crossover fraction, or null
     */
    static Map<String, Double> crossovers(List<Point> points, String model) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Point> swept = points.stream().filter(p -> p.model().equals(model)).toList();
        for (String method : swept.stream().map(Point::method).distinct().filter(m -> !m.equals("retrain")).toList()) {
            List<Point> mine = swept.stream().filter(p -> p.method().equals(method))
                    .sorted((a, b) -> Double.compare(a.fraction(), b.fraction())).toList();
            Double at = null;
            for (int i = 0; i < mine.size() && at == null; i++) {
                double d = ratioToRetrain(mine.get(i), points) - 1;
                if (d >= 0) {
                    if (i == 0) {
                        at = mine.get(0).fraction();
                    } else {
                        double prev = ratioToRetrain(mine.get(i - 1), points) - 1;
                        double f0 = mine.get(i - 1).fraction();
                        double f1 = mine.get(i).fraction();
                        at = f0 + (f1 - f0) * (-prev) / (d - prev);
                    }
                }
            }
            out.put(method, at);
        }
        return out;
    }

    private static Map<String, Object> pointJson(Point p, List<Point> all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", p.model());
        m.put("forget_fraction", p.fraction());
        m.put("forget_rows", p.forgetRows());
        m.put("method", p.method());
        m.put("seconds", p.seconds());
        m.put("median_seconds", p.median());
        m.put("fraction_of_retrain", ratioToRetrain(p, all));
        return m;
    }

    static String markdown(List<Point> points, List<Map<String, Object>> models, String swept, double atFraction,
            int rows, int reps) {
        List<String> methodNames = points.stream().map(Point::method).distinct().toList();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Median wall seconds of %d run(s) per point, and in brackets the fraction"
                + " of retraining's median at the same point; %,d training images.%n%n", reps, rows));
        b.append("Forget-set size, model `").append(swept).append("`:\n\n");
        header(b, "forget", methodNames);
        List<Double> fs = points.stream().filter(p -> p.model().equals(swept)).map(Point::fraction).distinct().sorted()
                .toList();
        for (double f : fs) {
            Point any = points.stream().filter(p -> p.model().equals(swept) && p.fraction() == f).findFirst()
                    .orElseThrow();
            b.append(String.format(Locale.ROOT, "| %s%% (%d rows) |", pct(f), any.forgetRows()));
            for (String m : methodNames) {
                b.append(' ').append(cell(points, swept, f, m)).append(" |");
            }
            b.append('\n');
        }
        b.append(String.format(Locale.ROOT, "%nModel size, forget %s%%:%n%n", pct(atFraction)));
        header(b, "model (parameters)", methodNames);
        for (Map<String, Object> info : models) {
            String model = (String) info.get("model");
            b.append(String.format(Locale.ROOT, "| %s (%,d) |", model, ((Number) info.get("parameters")).longValue()));
            for (String m : methodNames) {
                b.append(' ').append(cell(points, model, atFraction, m)).append(" |");
            }
            b.append('\n');
        }
        b.append("\nCrossover with retraining on `").append(swept).append("` (the forget fraction where a method's"
                + " time first reaches retraining's):");
        crossovers(points, swept).forEach((m, at) -> b.append(' ').append(m).append(' ')
                .append(at == null ? "none" : pct(at) + "%").append(';'));
        b.setLength(b.length() - 1);
        b.append(".\n");
        return b.toString();
    }

    private static void header(StringBuilder b, String first, List<String> methodNames) {
        b.append("| ").append(first).append(" |");
        methodNames.forEach(m -> b.append(' ').append(m).append(" |"));
        b.append("\n|---|");
        methodNames.forEach(m -> b.append("---|"));
        b.append('\n');
    }

    private static String cell(List<Point> points, String model, double f, String method) {
        return points.stream().filter(p -> p.model().equals(model) && p.fraction() == f && p.method().equals(method))
                .findFirst().map(p -> String.format(Locale.ROOT, "%.2f s (%.2f)", p.median(),
                        ratioToRetrain(p, points)))
                .orElse("–");
    }

    private static String pct(double f) {
        double p = 100 * f;
        return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }

    @Override
    public String toString() {
        return "CostCurvesMain" + Arrays.asList(methods);
    }
}
