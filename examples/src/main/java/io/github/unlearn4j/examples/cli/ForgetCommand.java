package io.github.unlearn4j.examples.cli;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.method.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.djl.DevicePreference;
import io.github.unlearn4j.djl.DjlDevices;
import io.github.unlearn4j.djl.FallbackPolicy;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.data.ForgetSets;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlArchitecture;
import io.github.unlearn4j.djl.model.DjlModel;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code forget}: trains (or loads) the original model on Fashion-MNIST, forgets a class or a
 * random fraction with each chosen method and with retrain, and prints forget, retain and test
 * accuracy and time for each. Every option is validated before any compute.
 */
final class ForgetCommand {
    static final String USAGE = "forget (--forget-class K | --forget-random F) [--method ft,rbm,...] [--model mlp|cnn]\n"
            + "         [--train-epochs N] [--train-limit N] [--test-limit N] [--seed S] [--device cpu|gpu|auto]\n"
            + "         [--gpu-fallback] [--data DIR] [--synthetic] [--set method.key=value,...] [--out DIR] [--json]";

    /** The original model's training recipe; retrain uses it too unless --set retrain.* says otherwise. */
    static final TrainingSettings ORIGINAL_RECIPE = new TrainingSettings(0.05, 5, 128, 0.9, 5e-4);

    private final UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();

    /** One row of the result table. */
    record Row(String name, double forgetAccuracy, double retainAccuracy, double testAccuracy, double seconds,
            Double speedUp, Map<String, String> settings, String savedTo, String error) {}

    int run(String[] args, PrintStream out, PrintStream err) {
        Args a = new Args(args, 0,
                Set.of("data", "forget-class", "forget-random", "method", "model", "train-epochs", "train-limit",
                        "test-limit", "seed", "device", "out", "set"),
                Set.of("json", "synthetic", "gpu-fallback", "quiet"));
        // ---- validate everything before any compute ----
        if (a.has("forget-class") == a.has("forget-random")) {
            throw InvalidRequestException.of("--forget-class/--forget-random",
                    a.has("forget-class") ? "both" : "neither", "choose exactly one scenario");
        }
        double fraction = a.getDouble("forget-random", 0.1);
        if (a.has("forget-random") && !(fraction > 0 && fraction < 1)) {
            throw InvalidRequestException.of("--forget-random", a.get("forget-random", ""), "must be in (0, 1)");
        }
        int forgetClass = a.getInt("forget-class", -1);
        long seed = a.getLong("seed", 42);
        int trainEpochs = a.getInt("train-epochs", ORIGINAL_RECIPE.epochs());
        if (trainEpochs < 1) {
            throw InvalidRequestException.of("--train-epochs", trainEpochs, "must be at least 1");
        }
        int trainLimit = a.getInt("train-limit", Integer.MAX_VALUE);
        int testLimit = a.getInt("test-limit", Integer.MAX_VALUE);
        String modelName = a.get("model", "mlp").toLowerCase(Locale.ROOT);
        DjlArchitecture architecture = switch (modelName) {
            case "mlp" -> Architectures.mlp(784, 256, 256, 10);
            case "cnn" -> Architectures.smallCnn();
            default -> throw InvalidRequestException.of("--model", modelName, "must be mlp or cnn");
        };
        List<String> methods = new ArrayList<>();
        for (String m : a.get("method", "ft,rbm").split(",")) {
            String name = m.trim();
            if (!name.isEmpty() && !name.equals("retrain") && !methods.contains(name)) {
                registry.provider(name);
                methods.add(name);
            }
        }
        Map<String, Map<String, Object>> settings = parseSettings(a.get("set", ""));
        TrainingSettings recipe = new TrainingSettings(ORIGINAL_RECIPE.learningRate(), trainEpochs,
                ORIGINAL_RECIPE.batchSize(), ORIGINAL_RECIPE.momentum(), ORIGINAL_RECIPE.weightDecay());
        Map<String, Object> retrainSettings = new LinkedHashMap<>(Map.of(
                TrainingSettings.LEARNING_RATE, recipe.learningRate(), TrainingSettings.EPOCHS, recipe.epochs(),
                TrainingSettings.BATCH_SIZE, recipe.batchSize(), TrainingSettings.MOMENTUM, recipe.momentum(),
                TrainingSettings.WEIGHT_DECAY, recipe.weightDecay()));
        retrainSettings.putAll(settings.getOrDefault("retrain", Map.of()));
        settings.put("retrain", retrainSettings);
        for (var e : settings.entrySet()) {
            registry.create(e.getKey(), Settings.of(e.getValue()));
        }
        DevicePreference preference = switch (a.get("device", "auto").toLowerCase(Locale.ROOT)) {
            case "cpu" -> DevicePreference.CPU;
            case "gpu" -> DevicePreference.GPU;
            case "auto" -> DevicePreference.AUTO;
            default -> throw InvalidRequestException.of("--device", a.get("device", ""), "must be cpu, gpu or auto");
        };
        Device device = DjlDevices.resolve(preference,
                a.flag("gpu-fallback") ? FallbackPolicy.FALLBACK_TO_CPU : FallbackPolicy.FAIL);
        Path outDir = Path.of(a.get("out", "unlearn4j-out"));

        // ---- data ----
        Path folder = Path.of(a.get("data", FashionMnist.DEFAULT_FOLDER.toString()));
        LabeledImages trainImages;
        LabeledImages testImages;
        String dataName;
        if (!a.flag("synthetic") && FashionMnist.isAvailable(folder)) {
            FashionMnist f = FashionMnist.load(folder, trainLimit, testLimit, false);
            trainImages = f.train();
            testImages = f.test();
            dataName = "fashion-mnist";
        } else {
            if (!a.flag("synthetic")) {
                err.println("unlearn4j: Fashion-MNIST not found in " + folder
                        + ": install it with `apt-get install dataset-fashion-mnist` (or pass --data DIR);"
                        + " running on built-in synthetic data instead.");
            }
            trainImages = SyntheticImages.generate("synthetic/train", Math.min(trainLimit, 12_000), seed);
            testImages = SyntheticImages.generate("synthetic/test", Math.min(testLimit, 2_000), seed + 1);
            dataName = "synthetic";
        }
        ProgressBar progress = new ProgressBar(err, !a.flag("quiet"));
        List<Row> rows = new ArrayList<>();
        String scenario;
        int forgetCount;
        try (DjlDataset train = trainImages.toDataset(device);
                DjlDataset test = testImages.toDataset(device);
                DjlModel original = DjlModel.create(architecture, device, seed)) {
            int[] forgetIds = a.has("forget-class")
                    ? ForgetSets.classWise(train, forgetClass)
                    : ForgetSets.random(train, fraction, seed);
            forgetCount = forgetIds.length;
            scenario = a.has("forget-class") ? "class " + forgetClass : "random " + fraction;
            DataSplit split = DataSplit.of(train, forgetIds, test);

            // ---- the original model: load it, or train and save it ----
            String stem = "original-" + modelName + "-" + ParameterFiles.sha((dataName + "|" + train.size() + "|"
                    + test.size() + "|" + recipe + "|" + seed + "|" + original.description().architecture())
                    .getBytes(StandardCharsets.UTF_8)).substring(0, 8);
            Path modelDir = outDir.resolve("models");
            long t0 = System.nanoTime();
            Optional<Path> loaded = ParameterFiles.loadInto(original, modelDir, stem);
            double trainSeconds;
            if (loaded.isPresent()) {
                err.println("unlearn4j: loaded the original model from " + loaded.get());
                trainSeconds = Double.NaN;
            } else {
                OriginalTraining.fit(original, io.github.unlearn4j.api.data.DataView.all(train), recipe,
                        LearningRateSchedule.CONSTANT, seed, progress, CancellationToken.none());
                trainSeconds = (System.nanoTime() - t0) / 1e9;
                Path saved = ParameterFiles.save(original, modelDir, stem);
                err.println("unlearn4j: saved the original model to " + saved);
            }
            rows.add(row("original", original, split, trainSeconds, null, Map.of(), loaded.map(Path::toString).orElse(
                    null), null));

            List<String> order = new ArrayList<>();
            order.add("retrain");
            order.addAll(methods);
            double retrainSeconds = Double.NaN;
            for (String method : order) {
                Unlearner unlearner = registry.create(method, Settings.of(settings.getOrDefault(method, Map.of())));
                UnlearnRequest request = UnlearnRequest.builder().setModel(original).setData(split).optSeed(seed)
                        .optProgress(progress).build();
                try (UnlearnResult result = unlearner.unlearn(request)) {
                    double seconds = result.provenance().elapsed().toNanos() / 1e9;
                    if (method.equals("retrain")) {
                        retrainSeconds = seconds;
                    }
                    Path saved = ParameterFiles.save(result.model(), outDir, method);
                    rows.add(row(method, result.model(), split, seconds, retrainSeconds / seconds,
                            result.provenance().settings(), saved.toString(), null));
                } catch (InvalidRequestException e) {
                    err.println("unlearn4j: " + method + " skipped: " + e.getMessage());
                    rows.add(new Row(method, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Map.of(), null,
                            e.getMessage()));
                }
            }
        } catch (UncheckedIOException e) {
            throw new UnlearnException(e.getMessage(), e);
        }
        String title = String.format(Locale.ROOT, "%s (%d train, %d test), forgetting %s (%d rows), %s, %s, seed %d",
                dataName, trainImages.size(), testImages.size(), scenario, forgetCount,
                architecture.name(), device, seed);
        if (a.flag("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dataset", dataName);
            json.put("trainSize", trainImages.size());
            json.put("testSize", testImages.size());
            json.put("scenario", scenario);
            json.put("forgetSize", forgetCount);
            json.put("model", architecture.name());
            json.put("device", device.toString());
            json.put("seed", seed);
            json.put("rows", rows);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new UnlearnException("cannot write JSON: " + e.getMessage(), e);
            }
        } else {
            out.println(title);
            out.println(String.format(Locale.ROOT, "%-10s %10s %10s %10s %10s %9s", "model", "forget %", "retain %",
                    "test %", "time (s)", "speed-up"));
            for (Row r : rows) {
                if (r.error() != null) {
                    out.println(String.format(Locale.ROOT, "%-10s %s", r.name(), "skipped: " + r.error()));
                    continue;
                }
                out.println(String.format(Locale.ROOT, "%-10s %10.2f %10.2f %10.2f %10s %9s", r.name(),
                        r.forgetAccuracy(), r.retainAccuracy(), r.testAccuracy(),
                        Double.isNaN(r.seconds()) ? "cached" : String.format(Locale.ROOT, "%.1f", r.seconds()),
                        r.speedUp() == null ? "" : String.format(Locale.ROOT, "%.1fx", r.speedUp())));
            }
            out.println("time: original = training; methods = unlearning run. Models saved under " + outDir + ".");
        }
        return rows.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
    }

    private static Row row(String name, TrainableModel model, DataSplit split, double seconds, Double speedUp,
            Map<String, String> settings, String saved, String error) {
        Evaluation f = model.evaluate(split.forget());
        Evaluation r = model.evaluate(split.retain());
        Evaluation t = model.evaluate(split.test().orElseThrow());
        return new Row(name, 100 * f.accuracy(), 100 * r.accuracy(), 100 * t.accuracy(), seconds, speedUp, settings,
                saved, error);
    }

    /** Parses {@code method.key=value,...}. */
    static Map<String, Map<String, Object>> parseSettings(String spec) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
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
            out.computeIfAbsent(p.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(p.substring(dot + 1, eq), p.substring(eq + 1));
        }
        return out;
    }
}
