package io.github.unlearn4j.core.attack;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.Dataset;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.AbstractVerifier;
import io.github.unlearn4j.core.verify.Outputs;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ulira}: the per-example likelihood-ratio test of an unlearned model against retraining
 * (U-LiRA, Hayes et al. 2024). It asks, for each target row of the forget set, whether the model's
 * confidence on it looks like that of a model that was trained on the row and then unlearned it
 * with the method under test, or like that of a model that never saw it.
 *
 * <p><b>Order of work in one call.</b>
 * <ol>
 *   <li>Resolve the method under test: the {@code method} setting, or the request's
 *       {@link Provenance} (its method and settings) when the setting is {@code auto}. A request
 *       without provenance (an untouched original, as in a policy's negative control, or a model
 *       whose making is unknown) is attacked with {@code none}: shadows that do not unlearn, which
 *       is plain LiRA ("was the row trained on?").
 *   <li>Draw a {@link ShadowDesign} from the seed: up to {@code targets} forget rows as targets, each
 *       in a random half of the {@code shadows} runs.
 *   <li>Run or load each shadow run (an original on {@code poolFraction} of the other rows plus its
 *       targets, the method applied to it, a retrained model without its forget set), trained with
 *       the {@code train*} recipe; cached on disk in the {@code cache} folder.
 *   <li>Fit per-example Gaussians to the logit-scaled confidence {@code φ = log(p_y / (1 − p_y))}
 *       under "unlearned" and "never seen" ({@link UliraVariance}).
 *   <li>Score the model under test and the retrained reference on every target by the
 *       log-likelihood ratio; the AUC of the model's scores against the reference's is
 *       {@code uliraAuc}. A model indistinguishable from retraining reads 0.5; the untouched
 *       original of a memorizing model reads far above.
 * </ol>
 *
 * <p>Metrics: {@code uliraAuc} and its Hanley–McNeil standard error {@code uliraAucStdErr};
 * {@code uliraAccuracy} (percent, at the likelihood-ratio threshold 0); {@code uliraTprAt1PctFpr}
 * and {@code uliraTprAt0p1PctFpr} (percent; with fewer than 1,000 targets the second is the TPR at
 * zero false positives); {@code uliraShadows} (runs); {@code uliraSeconds} (the recorded training
 * time of every shadow model, cached ones included: what the attack costs) and
 * {@code uliraSecondsNow} (what this call took). Sample count: the targets.
 *
 * <p>Needs a classification model, a retrained reference and at least 4 forget rows. It is made for
 * forget sets of rows (random or mislabeled); on a whole class it still runs, but its shadow runs
 * forget half a class, not the class. {@code threads} shadow runs are made at once (the result does
 * not depend on it); on the DJL backend their gradient steps take turns under the process-wide
 * {@code autogradLock}, like any other training in the process.
 */
public final class UliraVerifier extends AbstractVerifier {
    /** The registered name. */
    public static final String NAME = "ulira";
    /** The {@code method} value that reads the method from the request's provenance. */
    public static final String AUTO = "auto";
    private static final Logger LOG = LoggerFactory.getLogger(UliraVerifier.class);
    private static final long PROBE_SEED = 0x5EED_F1A9L;

    private final String method;
    private final int shadows;
    private final double poolFraction;
    private final int targets;
    private final long seed;
    private final UliraVariance variance;
    private final Path cache;
    private final TrainingSettings training;
    private final LearningRateSchedule schedule;
    private final String dataFingerprint;
    private final UnlearnerRegistry registry;
    private final int threads;
    /** The probe fingerprint of each training set and architecture seen, so that it is computed once. */
    private final Map<Dataset, Map<String, String>> probes = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, ShadowRuns.Observations> recent = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShadowRuns.Observations> eldest) {
            return size() > 4;
        }
    };

    private UliraVerifier(Builder b) {
        super(NAME, b.minSamples);
        this.method = b.method;
        this.shadows = b.shadows;
        this.poolFraction = b.poolFraction;
        this.targets = b.targets;
        this.seed = b.seed;
        this.variance = b.variance;
        this.cache = b.cache;
        this.training = b.training;
        this.schedule = b.schedule;
        this.dataFingerprint = b.dataFingerprint;
        this.registry = b.registry;
        this.threads = b.threads;
    }

    /** @return a builder with the provider's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the number of shadow runs */
    public int shadows() {
        return shadows;
    }

    /** @return the cache folder, if any */
    public Optional<Path> cache() {
        return Optional.ofNullable(cache);
    }

    @Override
    public Optional<InvalidRequestException> checkInputs(VerificationRequest request) {
        Optional<InvalidRequestException> reference = Outputs.requireDistinctReference(request, NAME);
        if (reference.isPresent()) {
            return reference;
        }
        if (request.data().train().task() != TaskType.CLASSIFICATION) {
            return Optional.of(InvalidRequestException.of("task", request.data().train().task(),
                    NAME + " reads the true-class confidence; it needs a classification model"));
        }
        if (request.data().forget().size() < 4) {
            return Optional.of(InvalidRequestException.of("forget", request.data().forget().size() + " rows",
                    NAME + " needs at least 4 forget rows as targets"));
        }
        try {
            methodOf(request);
        } catch (InvalidRequestException e) {
            return Optional.of(e);
        }
        return Optional.empty();
    }

    /** The method's name and settings: the setting, or the provenance when it is {@code auto}. */
    private Map.Entry<String, Map<String, String>> methodOf(VerificationRequest request) {
        if (!method.equals(AUTO)) {
            Map<String, String> settings = request.optProvenance().filter(p -> p.method().equals(method))
                    .map(Provenance::settings).orElse(Map.of());
            return Map.entry(method, settings);
        }
        Optional<Provenance> given = request.optProvenance();
        if (given.isEmpty()) {
            // an untouched original, or a model whose making is unknown: the shadows do not unlearn (plain LiRA)
            return Map.entry(ShadowRuns.NONE, Map.of());
        }
        Provenance p = given.get();
        if (!registry.names().contains(p.method())) {
            throw InvalidRequestException.of("provenance.method", p.method(), "is not a registered method; known: "
                    + registry.names());
        }
        return Map.entry(p.method(), p.settings());
    }

    @Override
    protected List<Metric> measure(VerificationRequest request) {
        DataSplit split = request.data();
        Map.Entry<String, Map<String, String>> m = methodOf(request);
        ShadowDesign design = ShadowDesign.draw(split, shadows, poolFraction, targets, seed);
        String fingerprint = dataFingerprint.equals(AUTO) ? probes.computeIfAbsent(split.train(),
                d -> new ConcurrentHashMap<>()).computeIfAbsent(request.model().description().architecture(),
                        a -> probe(request.model(), split)) : dataFingerprint;
        String memo = fingerprint + "|" + m.getKey() + "|" + new java.util.TreeMap<>(m.getValue()) + "|"
                + DataFingerprint.builder().add(split.forgetIds()).add(split.removedIds()).hex() + "|"
                + request.model().description().architecture();
        ShadowRuns.Observations obs;
        synchronized (recent) {
            obs = recent.get(memo);
        }
        if (obs == null) {
            Unlearner unlearner = m.getKey().equals(ShadowRuns.NONE) ? null
                    : registry.create(m.getKey(), Settings.of(m.getValue()));
            LOG.info("ulira: {} shadow runs of {} on {} targets{}", shadows, m.getKey(), design.targets().length,
                    cache == null ? " (no cache)" : ", cache " + cache);
            obs = ShadowRuns.run(request.model(), split, design, new ShadowRuns.Spec(m.getKey(), m.getValue(),
                    unlearner, training, schedule, seed, fingerprint, cache == null ? null : new CheckpointStore(cache),
                    threads));
            synchronized (recent) {
                recent.put(memo, obs);
            }
        }
        LikelihoodRatio test = LikelihoodRatio.fit(obs.in(), obs.out(), variance);
        DataView targetView = new DataView(split.train(), design.targets());
        int[] labels = Outputs.labels(targetView);
        double[] model = ShadowRuns.phi(request.model(), targetView, labels);
        double[] reference = ShadowRuns.phi(request.reference(), targetView, labels);
        double[] pos = new double[model.length];
        double[] neg = new double[model.length];
        for (int j = 0; j < model.length; j++) {
            pos[j] = test.score(j, model[j]);
            neg[j] = test.score(j, reference[j]);
        }
        LikelihoodRatio.Roc roc = LikelihoodRatio.roc(pos, neg);
        long n = model.length;
        LOG.info(String.format(java.util.Locale.ROOT, "ulira (%s, %d shadow runs, %d loaded): AUC %.3f ± %.3f, TPR@1%%FPR"
                + " %.1f%%, cost %.1f s of shadow training (%.1f s now)", m.getKey(), obs.shadows(), obs.loaded(),
                roc.auc(), roc.aucStdErr(), roc.tprAt1PctFpr(), obs.recordedSeconds(), obs.secondsNow()));
        return List.of(
                new Metric("uliraAuc", roc.auc(), n, "AUC of the likelihood-ratio test telling the model from the"
                        + " retrained reference on forget rows (0.5 = cannot)"),
                new Metric("uliraAucStdErr", roc.aucStdErr(), n, "Hanley-McNeil standard error of uliraAuc"),
                new Metric("uliraAccuracy", roc.accuracyPercent(), n, "accuracy of the test at likelihood ratio 1, %"),
                new Metric("uliraTprAt1PctFpr", roc.tprAt1PctFpr(), n, "true-positive rate at 1% false positives, %"),
                new Metric("uliraTprAt0p1PctFpr", roc.tprAt01PctFpr(), n, "true-positive rate at 0.1% false positives"
                        + " (at zero false positives below 1,000 targets), %"),
                new Metric("uliraShadows", obs.shadows(), n, "shadow runs (original, unlearned, retrained each)"),
                new Metric("uliraSeconds", obs.recordedSeconds(), n, "recorded training time of every shadow model,"
                        + " cached ones included, s"),
                new Metric("uliraSecondsNow", obs.secondsNow(), n, "time this call spent on shadow runs, s"));
    }

    @Override
    public int minSamplesFor(String metric) {
        return metric.equals("uliraShadows") || metric.startsWith("uliraSeconds") ? 0 : minSamples();
    }

    /**
     * A fingerprint of the training set read through the engine-neutral API: its name, size, shape,
     * labels, and the outputs of a copy of the model re-initialized from a fixed seed on every row (a
     * random projection of the features). A backend whose outputs differ in their last bits from run
     * to run only misses the cache; set {@code dataFingerprint} to a hash of the features to be exact.
     */
    static String probe(TrainableModel model, DataSplit split) {
        DataView all = DataView.all(split.train());
        DataFingerprint.Builder b = DataFingerprint.builder().add(split.train().name()).add(split.train().size())
                .add(split.train().featureCount()).add(split.train().classCount()).add(Outputs.labels(all));
        try (TrainableModel probe = model.copy()) {
            probe.reinitialize(PROBE_SEED);
            double[][] p = probe.predict(all);
            float[] flat = new float[p.length * (p.length == 0 ? 0 : p[0].length)];
            for (int i = 0, k = 0; i < p.length; i++) {
                for (double v : p[i]) {
                    flat[k++] = (float) v;
                }
            }
            b.add(flat);
        }
        return b.hex();
    }

    /** Builds a {@link UliraVerifier}; the defaults are {@link UliraVerifierProvider}'s. */
    public static final class Builder {
        private String method = AUTO;
        private int shadows = UliraVerifierProvider.DEFAULT_SHADOWS;
        private double poolFraction = UliraVerifierProvider.DEFAULT_POOL_FRACTION;
        private int targets = UliraVerifierProvider.DEFAULT_TARGETS;
        private long seed;
        private UliraVariance variance = UliraVariance.POOLED;
        private Path cache = UliraVerifierProvider.defaultCache();
        private TrainingSettings training = UliraVerifierProvider.DEFAULT_TRAINING;
        private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
        private String dataFingerprint = AUTO;
        private UnlearnerRegistry registry;
        private int minSamples = io.github.unlearn4j.core.verify.VerifierSettings.DEFAULT_MIN_SAMPLES;
        private int threads = UliraVerifierProvider.DEFAULT_THREADS;

        private Builder() {}

        /**
         * @param value shadow runs made at once, at least 1; the observations, and so every metric,
         *     are the same for every value
         * @return this builder
         */
        public Builder optThreads(int value) {
            if (value < 1) {
                throw InvalidRequestException.of(NAME + ".threads", value, "must be at least 1");
            }
            this.threads = value;
            return this;
        }

        /**
         * @param value a registered method, {@code none} (no unlearning: plain LiRA against the
         *     original), or {@code auto} (the request's provenance)
         * @return this builder
         */
        public Builder optMethod(String value) {
            this.method = Objects.requireNonNull(value, "method").trim();
            return this;
        }

        /**
         * @param value shadow runs, at least 2
         * @return this builder
         */
        public Builder optShadows(int value) {
            if (value < 2) {
                throw InvalidRequestException.of(NAME + ".shadows", value, "must be at least 2");
            }
            this.shadows = value;
            return this;
        }

        /**
         * @param value share of the non-target rows each shadow original trains on, in (0, 1)
         * @return this builder
         */
        public Builder optPoolFraction(double value) {
            if (!(value > 0 && value < 1)) {
                throw InvalidRequestException.of(NAME + ".poolFraction", value, "must be in (0, 1)");
            }
            this.poolFraction = value;
            return this;
        }

        /**
         * @param value most forget rows used as targets, at least 4
         * @return this builder
         */
        public Builder optTargets(int value) {
            if (value < 4) {
                throw InvalidRequestException.of(NAME + ".targets", value, "must be at least 4");
            }
            this.targets = value;
            return this;
        }

        /**
         * @param value the seed of the design and of every shadow run
         * @return this builder
         */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param value how the Gaussians' variances are estimated
         * @return this builder
         */
        public Builder optVariance(UliraVariance value) {
            this.variance = Objects.requireNonNull(value, "variance");
            return this;
        }

        /**
         * @param value the cache folder, or null for no cache
         * @return this builder
         */
        public Builder optCache(Path value) {
            this.cache = value;
            return this;
        }

        /**
         * @param value how shadow originals and retrained models are trained: the recipe of the
         *     model under test's original
         * @param valueSchedule its learning-rate schedule
         * @return this builder
         */
        public Builder optTraining(TrainingSettings value, LearningRateSchedule valueSchedule) {
            this.training = Objects.requireNonNull(value, "training");
            this.schedule = Objects.requireNonNull(valueSchedule, "schedule");
            return this;
        }

        /**
         * @param value 64 hex digits that identify the training set's content, or {@code auto}
         * @return this builder
         */
        public Builder optDataFingerprint(String value) {
            String v = Objects.requireNonNull(value, "dataFingerprint").trim();
            if (!v.equals(AUTO) && !DataFingerprint.isValid(v)) {
                throw InvalidRequestException.of(NAME + ".dataFingerprint", value, "must be auto or 64 lower-case hex"
                        + " digits (DataFingerprint)");
            }
            this.dataFingerprint = v;
            return this;
        }

        /**
         * @param value where methods are found (default: the default registry)
         * @return this builder
         */
        public Builder optRegistry(UnlearnerRegistry value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /**
         * @param value the minimum number of targets for a solid metric
         * @return this builder
         */
        public Builder optMinSamples(int value) {
            this.minSamples = value;
            return this;
        }

        /**
         * @return the verifier
         * @throws InvalidRequestException naming {@code ulira.method} when it is not auto, none or a
         *     registered method
         */
        public UliraVerifier build() {
            if (registry == null) {
                registry = UnlearnerRegistry.loadDefault();
            }
            if (!method.equals(AUTO) && !method.equals(ShadowRuns.NONE) && !registry.names().contains(method)) {
                throw InvalidRequestException.of(NAME + ".method", method, "unknown method; known: " + registry.names()
                        + ", none, or auto");
            }
            return new UliraVerifier(this);
        }
    }
}
