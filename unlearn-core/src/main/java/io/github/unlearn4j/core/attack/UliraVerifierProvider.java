package io.github.unlearn4j.core.attack;

import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.core.method.RetrainProvider;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.MetricDeclaring;
import io.github.unlearn4j.core.verify.MetricSpec;
import io.github.unlearn4j.core.verify.VerifierSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link UliraVerifier} as {@code ulira}. Settings:
 * <ul>
 *   <li>{@code method} ({@code auto}): the method under test; {@code auto} reads it and its settings
 *       from the request's provenance (without one: {@code none}); {@code none} runs plain LiRA (no
 *       unlearning in the shadows);
 *   <li>{@code shadows} (16): shadow runs, each an original, its unlearned version and a retrained
 *       model. 16 keeps the harness's MLP (10,000 Fashion-MNIST rows) to a few minutes on 2 cores per
 *       forget set, and gives every target 8 "unlearned" and 16 "never seen" observations;
 *   <li>{@code poolFraction} (0.5): share of the other rows each shadow original trains on (LiRA's half);
 *   <li>{@code targets} (500): the most forget rows tested;
 *   <li>{@code seed} (0); {@code variance} ({@code pooled}, see {@link UliraVariance});
 *   <li>{@code cache} ({@code default}: {@code <java.io.tmpdir>/unlearn4j-shadows}; {@code none}; or a folder);
 *   <li>{@code trainLearningRate}, {@code trainEpochs}, {@code trainBatchSize}, {@code trainMomentum},
 *       {@code trainWeightDecay}, {@code trainSchedule}: how the model under test's original was
 *       trained (default: {@code retrain}'s defaults), used for every shadow original and retrained model;
 *   <li>{@code threads} ({@value #DEFAULT_THREADS}): shadow runs made at once; the metrics do not depend on it;
 *   <li>{@code dataFingerprint} ({@code auto}, see {@link UliraVerifier}); {@code minSamples}.
 * </ul>
 */
public final class UliraVerifierProvider implements ForgetVerifierProvider, MetricDeclaring {
    /** Default number of shadow runs. */
    public static final int DEFAULT_SHADOWS = 16;
    /** Default share of the non-target rows per shadow original. */
    public static final double DEFAULT_POOL_FRACTION = 0.5;
    /** Default most targets. */
    public static final int DEFAULT_TARGETS = 500;
    /** Default number of shadow runs made at once. */
    public static final int DEFAULT_THREADS = 1;
    /** Default training recipe of the shadow originals: retrain's. */
    public static final TrainingSettings DEFAULT_TRAINING = RetrainProvider.DEFAULTS;

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9+._-]*";
    private static final Setting<String> METHOD = Setting.text("method", UliraVerifier.AUTO, NAME_PATTERN,
            "auto, none, or a registered method", "the method under test (auto: from the request's provenance)");
    private static final Setting<Integer> SHADOWS = Setting.integer("shadows", DEFAULT_SHADOWS, 2, 4096,
            "shadow runs (original, unlearned, retrained each)");
    private static final Setting<Double> POOL = Setting.real("poolFraction", DEFAULT_POOL_FRACTION, 0.01, 0.99,
            "share of the other rows each shadow original trains on");
    private static final Setting<Integer> TARGETS = Setting.integer("targets", DEFAULT_TARGETS, 4, 1 << 24,
            "most forget rows tested");
    private static final Setting<Integer> SEED = Setting.integer("seed", 0, 0, Integer.MAX_VALUE,
            "seed of the design and of every shadow run");
    private static final Setting<UliraVariance> VARIANCE = Setting.choice("variance", UliraVariance.class,
            UliraVariance.POOLED, "variance of the per-example Gaussians");
    private static final Setting<String> CACHE = Setting.text("cache", "default", ".+",
            "default, none, or a folder", "where shadow models are cached (default: <java.io.tmpdir>/unlearn4j-shadows)");
    private static final Setting<Double> LR = Setting.positiveReal("trainLearningRate", DEFAULT_TRAINING.learningRate(),
            "learning rate of the shadow originals and retrained models");
    private static final Setting<Integer> EPOCHS = Setting.integer("trainEpochs", DEFAULT_TRAINING.epochs(), 1,
            1_000_000, "their epochs");
    private static final Setting<Integer> BATCH = Setting.integer("trainBatchSize", DEFAULT_TRAINING.batchSize(), 1,
            1 << 24, "their batch size");
    private static final Setting<Double> MOMENTUM = Setting.real("trainMomentum", DEFAULT_TRAINING.momentum(), 0,
            0.999, "their SGD momentum");
    private static final Setting<Double> DECAY = Setting.real("trainWeightDecay", DEFAULT_TRAINING.weightDecay(), 0, 1,
            "their L2 weight decay");
    private static final Setting<LearningRateSchedule> SCHEDULE = Setting.choice("trainSchedule",
            LearningRateSchedule.class, LearningRateSchedule.CONSTANT, "their learning-rate schedule");
    private static final Setting<String> FINGERPRINT = Setting.text("dataFingerprint", UliraVerifier.AUTO,
            "auto|[0-9a-f]{64}", "auto or 64 lower-case hex digits", "what the training set holds, for the cache key");
    private static final Setting<Integer> THREADS = Setting.integer("threads", DEFAULT_THREADS, 1, 256,
            "shadow runs made at once (the metrics do not depend on it)");
    private static final SettingsSchema SCHEMA = SettingsSchema.of(UliraVerifier.NAME, List.of(METHOD, SHADOWS, POOL,
            TARGETS, SEED, VARIANCE, CACHE, LR, EPOCHS, BATCH, MOMENTUM, DECAY, SCHEDULE, FINGERPRINT, THREADS,
            VerifierSettings.MIN_SAMPLES_SETTING));

    /** Creates the provider; cheap. */
    public UliraVerifierProvider() {}

    /** @return {@code <java.io.tmpdir>/unlearn4j-shadows} */
    public static Path defaultCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "unlearn4j-shadows");
    }

    /**
     * The settings that train the shadow models like a given original: its recipe and schedule as
     * {@code trainLearningRate}, {@code trainEpochs}, {@code trainBatchSize}, {@code trainMomentum},
     * {@code trainWeightDecay} and {@code trainSchedule}.
     *
     * @param recipe how the original was trained
     * @param schedule its learning-rate schedule
     * @return the settings, by name
     */
    public static java.util.Map<String, Object> shadowTraining(TrainingSettings recipe, LearningRateSchedule schedule) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(LR.name(), recipe.learningRate());
        m.put(EPOCHS.name(), recipe.epochs());
        m.put(BATCH.name(), recipe.batchSize());
        m.put(MOMENTUM.name(), recipe.momentum());
        m.put(DECAY.name(), recipe.weightDecay());
        m.put(SCHEDULE.name(), schedule.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    @Override
    public String name() {
        return UliraVerifier.NAME;
    }

    @Override
    public String description() {
        return "per-example likelihood-ratio attack (U-LiRA) with shadow runs of the method: can it tell the model from"
                + " retraining on forget rows";
    }

    @Override
    public SettingsSchema settingsSchema() {
        return SCHEMA;
    }

    @Override
    public ForgetVerifier create(ResolvedSettings s) {
        String cache = s.get(CACHE);
        return UliraVerifier.builder()
                .optMethod(s.get(METHOD))
                .optShadows(s.get(SHADOWS))
                .optPoolFraction(s.get(POOL))
                .optTargets(s.get(TARGETS))
                .optSeed(s.get(SEED))
                .optVariance(s.get(VARIANCE))
                .optCache(cache.equals("none") ? null : cache.equals("default") ? defaultCache() : Path.of(cache))
                .optTraining(new TrainingSettings(s.get(LR), s.get(EPOCHS), s.get(BATCH), s.get(MOMENTUM), s.get(DECAY)),
                        s.get(SCHEDULE))
                .optDataFingerprint(s.get(FINGERPRINT))
                .optThreads(s.get(THREADS))
                .optMinSamples(s.get(VerifierSettings.MIN_SAMPLES_SETTING))
                .build();
    }

    @Override
    public List<MetricSpec> metricSpecs() {
        Set<TaskType> c = MetricSpec.CLASSIFICATION;
        String v = UliraVerifier.NAME;
        return List.of(
                new MetricSpec("uliraAuc", v, 0, 1, c, false, true, null, true,
                        "AUC of the likelihood-ratio test telling the model from retraining on forget rows (0.5 = cannot)"),
                new MetricSpec("uliraAucStdErr", v, 0, 1, c, false, true, null, false, "standard error of uliraAuc"),
                new MetricSpec("uliraAccuracy", v, 0, 100, c, false, true, null, true,
                        "accuracy of the likelihood-ratio test at ratio 1, %"),
                new MetricSpec("uliraTprAt1PctFpr", v, 0, 100, c, false, true, null, true,
                        "true-positive rate at 1% false positives, %"),
                new MetricSpec("uliraTprAt0p1PctFpr", v, 0, 100, c, false, true, null, true,
                        "true-positive rate at 0.1% false positives, %"),
                new MetricSpec("uliraShadows", v, 0, Double.POSITIVE_INFINITY, c, false, true, null, false,
                        "shadow runs behind the attack"),
                new MetricSpec("uliraSeconds", v, 0, Double.POSITIVE_INFINITY, c, false, true, null, false,
                        "recorded training time of the shadow models, s"),
                new MetricSpec("uliraSecondsNow", v, 0, Double.POSITIVE_INFINITY, c, false, true, null, false,
                        "time this call spent on shadow runs, s"));
    }
}
