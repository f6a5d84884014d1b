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
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.Evaluation;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.method.TrainingSettings;
import io.github.unlearn4j.core.plan.Attempt;
import io.github.unlearn4j.core.plan.PlanResult;
import io.github.unlearn4j.core.plan.PlanStep;
import io.github.unlearn4j.core.plan.UnlearningPlan;
import io.github.unlearn4j.core.policy.ForgetKind;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.receipt.ReceiptBuilder;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.VerificationSuite;
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
import java.nio.file.Files;
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
 *
 * <p>With a policy, the kind of forget set is detected ({@code --forget-class}: classes,
 * {@code --forget-random}: rows) unless {@code --forget-kind} says otherwise (mislabeled rows
 * cannot be detected); the verdicts print the policy's lines and its negative control, the
 * untouched original judged on the same forgetting thresholds.
 */
final class ForgetCommand {
    static final String USAGE = "forget (--forget-class K | --forget-random F) [--method ft,rbm,...] [--model mlp|cnn]\n"
            + "         [--train-epochs N] [--train-limit N] [--test-limit N] [--seed S] [--device cpu|gpu|auto]\n"
            + "         [--gpu-fallback] [--data DIR] [--synthetic] [--set method.key=value,...] [--out DIR] [--json]\n"
            + "         [--verify] [--policy strict|lenient|THRESHOLDS] [--min-samples N] [--receipt FILE.json]\n"
            + "         [--plan ft,rbm,retrain] [--receipt-key KEY] [--forget-kind classes|rows|mislabeled]";

    /** The original model's training recipe; retrain uses it too unless --set retrain.* says otherwise. */
    static final TrainingSettings ORIGINAL_RECIPE = new TrainingSettings(0.05, 5, 128, 0.9, 5e-4);

    private final UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();

    /** One row of the result table. */
    record Row(String name, double forgetAccuracy, double retainAccuracy, double testAccuracy, double seconds,
            Double speedUp, Map<String, String> settings, String savedTo, String error, Verification verification) {}

    /** What --verify measured for one row. */
    record Verification(Map<String, Double> metrics, String verdict, List<String> lines, String receipt) {}

    int run(String[] args, PrintStream out, PrintStream err) {
        Args a = new Args(args, 0,
                Set.of("data", "forget-class", "forget-random", "method", "model", "train-epochs", "train-limit",
                        "test-limit", "seed", "device", "out", "set", "policy", "receipt", "plan", "min-samples",
                        "receipt-key", "forget-kind"),
                Set.of("json", "synthetic", "gpu-fallback", "quiet", "verify"));
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
        boolean planMode = a.has("plan");
        ForgetKind forgetKind = null;
        if (a.has("forget-kind")) {
            String k = a.get("forget-kind", "").trim().toLowerCase(Locale.ROOT);
            if (!ForgetKind.words().contains(k)) {
                throw InvalidRequestException.of("--forget-kind", a.get("forget-kind", ""), "must be one of "
                        + String.join(", ", ForgetKind.words()));
            }
            forgetKind = ForgetKind.parse(k);
            if (forgetKind == ForgetKind.CLASSES && a.has("forget-random")) {
                throw InvalidRequestException.of("--forget-kind", "classes", "--forget-random forgets random rows, so"
                        + " every class keeps rows in the retain set; use --forget-class");
            }
        }
        boolean verify = a.flag("verify") || a.has("policy") || a.has("receipt") || planMode || forgetKind != null;
        ForgettingPolicy policy = verify
                ? ForgettingPolicy.parse(a.get("policy", "strict")).withForgetKind(forgetKind) : null;
        int minSamples = a.getInt("min-samples", 30);
        if (minSamples < 1) {
            throw InvalidRequestException.of("--min-samples", minSamples, "must be at least 1");
        }
        List<PlanStep> planSteps = new ArrayList<>();
        if (planMode) {
            for (PlanStep step : PlanStep.parse(a.get("plan", ""))) {
                registry.provider(step.method());
                planSteps.add(step);
            }
        }
        List<String> receiptFor = planMode ? List.of("plan") : methodsWithRetrain(methods);
        Map<String, Path> receipts = new LinkedHashMap<>();
        if (a.has("receipt")) {
            Path base = Path.of(a.get("receipt", ""));
            for (String m : receiptFor) {
                Path p = receiptFor.size() == 1 ? base : suffixed(base, m);
                ReceiptWriter.checkWritable(p);
                receipts.put(m, p);
            }
        }
        ReceiptKey receiptKey = receiptKey(a, err);

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
        String planText = null;
        String scenario;
        String kindWord;
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
            kindWord = (policy != null ? policy.forgetKind(TaskType.CLASSIFICATION, split)
                    : ForgetKind.detect(split)).word();

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
                    null), null, null));

            if (planMode) {
                UnlearningPlan.Builder plan = UnlearningPlan.builder().optPolicy(policy)
                        .optVerification(VerificationSuite.builder().optMinSamples(minSamples)).optSeed(seed)
                        .optReferenceSettings(Settings.of(settings.get("retrain"))).optProgress(progress);
                for (PlanStep step : planSteps) {
                    plan.addStep(step.method(), Settings.of(settings.getOrDefault(step.method(), Map.of())));
                }
                try (PlanResult result = plan.build().run(original, split)) {
                    StringBuilder text = new StringBuilder(result.text());
                    for (Attempt attempt : result.attempts()) {
                        if (attempt.policyVerdict() != null) {
                            text.append("\n  #").append(attempt.index()).append(' ').append(attempt.method())
                                    .append(": ").append(attempt.policyVerdict().text().replace("\n", "\n  "));
                        }
                    }
                    planText = text.toString();
                    String receiptPath = null;
                    if (receipts.containsKey("plan")) {
                        ReceiptWriter.write(result.receipt(receiptKey), receipts.get("plan"));
                        receiptPath = receipts.get("plan").toString();
                    }
                    if (result.model().isPresent()) {
                        TrainableModel chosen = result.model().get();
                        String name = result.accepted().map(Attempt::method).orElse("plan");
                        Path saved = ParameterFiles.save(chosen, outDir, "plan-" + name);
                        rows.add(row("plan:" + name, chosen, split, result.totalElapsed().toNanos() / 1e9, null,
                                Map.of(), saved.toString(), null,
                                new Verification(Map.of(), result.outcome().name(), List.of(), receiptPath)));
                    }
                }
            } else {
                PolicyCheck check = verify
                        ? PolicyCheck.of(policy, VerificationSuite.builder().optMinSamples(minSamples)) : null;
                double retrainSeconds = Double.NaN;
                UnlearnResult reference = null;
                try {
                    for (String method : methodsWithRetrain(methods)) {
                        Unlearner unlearner = registry.create(method,
                                Settings.of(settings.getOrDefault(method, Map.of())));
                        UnlearnRequest request = UnlearnRequest.builder().setModel(original).setData(split)
                                .optSeed(seed).optProgress(progress).build();
                        UnlearnResult result;
                        try {
                            result = unlearner.unlearn(request);
                        } catch (InvalidRequestException e) {
                            err.println("unlearn4j: " + method + " skipped: " + e.getMessage());
                            rows.add(new Row(method, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Map.of(),
                                    null, e.getMessage(), null));
                            continue;
                        }
                        try {
                            double seconds = result.provenance().elapsed().toNanos() / 1e9;
                            if (method.equals("retrain")) {
                                retrainSeconds = seconds;
                            }
                            Path saved = ParameterFiles.save(result.model(), outDir, method);
                            Verification v = null;
                            if (check != null) {
                                v = verify(check, method, result, original, split,
                                        reference == null ? result.model() : reference.model(), receipts.get(method),
                                        receiptKey);
                            }
                            rows.add(row(method, result.model(), split, seconds, retrainSeconds / seconds,
                                    result.provenance().settings(), saved.toString(), null, v));
                        } finally {
                            if (method.equals("retrain")) {
                                reference = result;
                            } else {
                                result.close();
                            }
                        }
                    }
                } finally {
                    if (reference != null) {
                        reference.close();
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw new UnlearnException(e.getMessage(), e);
        }
        String title = String.format(Locale.ROOT,
                "%s (%d train, %d test), forgetting %s (%d rows, forget set: %s), %s, %s, seed %d",
                dataName, trainImages.size(), testImages.size(), scenario, forgetCount, kindWord,
                architecture.name(), device, seed);
        if (a.flag("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dataset", dataName);
            json.put("trainSize", trainImages.size());
            json.put("testSize", testImages.size());
            json.put("scenario", scenario);
            json.put("forgetSize", forgetCount);
            json.put("forgetKind", kindWord);
            json.put("model", architecture.name());
            json.put("device", device.toString());
            json.put("seed", seed);
            json.put("rows", rows);
            if (policy != null) {
                json.put("policy", policy.toString());
            }
            if (planText != null) {
                json.put("plan", planText);
            }
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
            for (Row r : rows) {
                if (r.verification() != null && !r.verification().lines().isEmpty()) {
                    out.println();
                    out.println(r.name() + ": " + r.verification().verdict() + " (" + policy.name() + ")");
                    r.verification().lines().forEach(l -> out.println("  " + l));
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
        return rows.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
    }

    private static Row row(String name, TrainableModel model, DataSplit split, double seconds, Double speedUp,
            Map<String, String> settings, String saved, String error, Verification verification) {
        Evaluation f = model.evaluate(split.forget());
        Evaluation r = model.evaluate(split.retain());
        Evaluation t = model.evaluate(split.test().orElseThrow());
        return new Row(name, 100 * f.accuracy(), 100 * r.accuracy(), 100 * t.accuracy(), seconds, speedUp, settings,
                saved, error, verification);
    }

    private static Verification verify(PolicyCheck check, String method, UnlearnResult result, TrainableModel original,
            DataSplit split, TrainableModel reference, Path receipt, ReceiptKey receiptKey) {
        PolicyCheck.Result checked = check.check(result.model(), split, reference, original);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Measurement m : checked.measurements().all()) {
            metrics.put(m.name(), m.value());
        }
        List<String> lines = new ArrayList<>();
        checked.verdict().lines().forEach(l -> lines.add(l.text()));
        lines.add("negative control (" + checked.verdict().control().status() + "): "
                + checked.verdict().control().note());
        String written = null;
        if (receipt != null) {
            ReceiptWriter.write(ReceiptBuilder.forRun(result, original, split).key(receiptKey)
                    .metrics(checked.measurements())
                    .verdict(checked.verdict()).verifyTime(checked.elapsed()).build(), receipt);
            written = receipt.toString();
        }
        return new Verification(metrics, checked.verdict().verdict().name(), lines, written);
    }

    /**
     * The key for --receipt-key: read from the file, or generated into it when there is no file yet
     * (said on stderr, with the key's id). Without --receipt-key, receipts carry no forget-set
     * commitment and no MAC, and a warning says so.
     */
    private static ReceiptKey receiptKey(Args a, PrintStream err) {
        if (!a.has("receipt-key")) {
            if (a.has("receipt")) {
                err.println("unlearn4j: --receipt without --receipt-key: the receipt will hold no forget-set commitment"
                        + " and no MAC, so it cannot be checked later; pass --receipt-key FILE (created if missing)");
            }
            return null;
        }
        Path file = Path.of(a.get("receipt-key", ""));
        if (!a.has("receipt")) {
            throw InvalidRequestException.of("--receipt-key", file, "only makes sense with --receipt FILE.json");
        }
        if (Files.exists(file)) {
            return ReceiptKey.read(file);
        }
        ReceiptKey key = ReceiptKey.generate();
        key.write(file);
        err.println("unlearn4j: generated a new receipt key in " + file + " (id " + key.id() + "); keep it secret and"
                + " safe: verify-receipt needs it, and it shows which rows a receipt was for");
        return key;
    }

    private static List<String> methodsWithRetrain(List<String> methods) {
        List<String> order = new ArrayList<>();
        order.add("retrain");
        order.addAll(methods);
        return order;
    }

    private static Path suffixed(Path base, String method) {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return base.resolveSibling(stem + "-" + method.replaceAll("[^A-Za-z0-9_.-]", "_") + ext);
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
