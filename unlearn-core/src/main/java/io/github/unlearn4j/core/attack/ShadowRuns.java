package io.github.unlearn4j.core.attack;

import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.progress.CancellationToken;
import io.github.unlearn4j.api.progress.ProgressListener;
import io.github.unlearn4j.core.checkpoint.Checkpoint;
import io.github.unlearn4j.core.checkpoint.CheckpointKey;
import io.github.unlearn4j.core.checkpoint.CheckpointStore;
import io.github.unlearn4j.core.checkpoint.DataFingerprint;
import io.github.unlearn4j.core.method.OriginalTraining;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs (or loads) the shadow runs of a {@link ShadowDesign} and collects their observations: per
 * shadow run {@code k}, an original trained on its rows, the method under test applied to it with
 * its forget set, and a model retrained without that forget set. The "unlearned" observations of a
 * target are the unlearned models' φ where it was in the forget set; its "never seen" observations
 * are every retrained model's φ (no retrained shadow saw any target).
 *
 * <p>Each model is a checkpoint in the {@link CheckpointStore}, keyed by the data fingerprint and the
 * rows it trained on, the architecture, the training recipe, and (for unlearned models) the method,
 * its settings and the original it started from: a second call with the same inputs loads them, and
 * the cost reported is the training time recorded when each was made.
 *
 * <p>With {@code threads} above 1 the runs are made on a pool of that many threads; every run has its
 * own model copies and seeds and writes only its own slots, so the observations are those of the
 * sequential loop, bit for bit. How much it gains depends on the backend: the DJL backend's gradient
 * steps take turns under one process-wide lock (DJL allows one gradient collector per process), so
 * only the rest of a run (updates, evaluation, data) overlaps.
 */
final class ShadowRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowRuns.class);
    /** The method word that means "no unlearning": the unlearned shadow is the shadow original. */
    static final String NONE = "none";

    private ShadowRuns() {}

    /**
     * What the shadow runs depend on besides the design.
     *
     * @param method the method under test's registered name, or {@link #NONE}
     * @param methodSettings its settings, as strings
     * @param unlearner the method, or null for {@link #NONE}
     * @param training how originals and retrained models are trained
     * @param schedule their learning-rate schedule
     * @param seed the seed every shadow run's seeds derive from
     * @param dataFingerprint what the training set holds
     * @param store the cache, or null for none
     * @param threads shadow runs made at once (1: one after the other); the result does not depend on it
     */
    record Spec(String method, Map<String, String> methodSettings, Unlearner unlearner, TrainingSettings training,
            LearningRateSchedule schedule, long seed, String dataFingerprint, CheckpointStore store, int threads) {}

    /**
     * The shadow observations.
     *
     * @param in per target, φ of the unlearned shadows that trained on it and then forgot it
     * @param out per target, φ of every retrained shadow
     * @param shadows the number of shadow runs
     * @param recordedSeconds the training and unlearning time of every shadow model, as recorded when
     *     it was made (loaded ones included): the attack's cost
     * @param secondsNow the time this call took
     * @param loaded how many shadow models came from the cache (3 per run; 2 with the method {@code none})
     */
    record Observations(double[][] in, double[][] out, int shadows, double recordedSeconds, double secondsNow,
            int loaded) {}

    static Observations run(TrainableModel template, DataSplit split, ShadowDesign design, Spec spec) {
        long t0 = System.nanoTime();
        int targets = design.targets().length;
        int shadows = design.shadows();
        DataView targetView = new DataView(split.train(), design.targets());
        int[] labels = Outputs.labels(targetView);
        Made[] runs = new Made[shadows];
        double[][] unlearnedPhi = new double[shadows][];
        double[][] retrainedPhi = new double[shadows][];
        int threads = Math.min(spec.threads(), shadows);
        if (threads <= 1) {
            for (int k = 0; k < shadows; k++) {
                runs[k] = runOne(template, split, design, spec, targetView, labels, k, unlearnedPhi, retrainedPhi);
            }
        } else {
            runInParallel(template, split, design, spec, targetView, labels, threads, runs, unlearnedPhi, retrainedPhi);
        }
        List<List<Double>> in = new ArrayList<>();
        double[][] out = new double[targets][shadows];
        for (int j = 0; j < targets; j++) {
            in.add(new ArrayList<>());
        }
        double recorded = 0;
        int loaded = 0;
        for (int k = 0; k < shadows; k++) {
            recorded += runs[k].seconds();
            loaded += runs[k].count();
            for (int j = 0; j < targets; j++) {
                if (design.in()[k][j]) {
                    in.get(j).add(unlearnedPhi[k][j]);
                }
                out[j][k] = retrainedPhi[k][j];
            }
        }
        double[][] inArrays = new double[targets][];
        for (int j = 0; j < targets; j++) {
            inArrays[j] = in.get(j).stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Observations(inArrays, out, shadows, recorded, (System.nanoTime() - t0) / 1e9, loaded);
    }

    /**
     * Runs the shadow runs on {@code threads} threads of a pool of its own; each run writes only its
     * own slots, so the result is that of the sequential loop. The first failure cancels the rest and
     * is rethrown.
     */
    private static void runInParallel(TrainableModel template, DataSplit split, ShadowDesign design, Spec spec,
            DataView targetView, int[] labels, int threads, Made[] runs, double[][] unlearnedPhi,
            double[][] retrainedPhi) {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ulira-shadow-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Made>> futures = new ArrayList<>();
            for (int run = 0; run < runs.length; run++) {
                final int k = run;
                futures.add(pool.submit(
                        () -> runOne(template, split, design, spec, targetView, labels, k, unlearnedPhi, retrainedPhi)));
            }
            for (int k = 0; k < runs.length; k++) {
                runs[k] = await(futures.get(k));
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Made await(Future<Made> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ulira: interrupted while waiting for a shadow run", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("ulira: a shadow run failed: " + cause, cause);
        }
    }

    /**
     * Shadow run {@code k}: its original, unlearned and retrained models (made or loaded), with φ on
     * the targets written to {@code unlearnedPhi[k]} and {@code retrainedPhi[k]}.
     *
     * @return the recorded seconds of its models, and how many were loaded (in {@link Made#count})
     */
    private static Made runOne(TrainableModel template, DataSplit split, ShadowDesign design, Spec spec,
            DataView targetView, int[] labels, int k, double[][] unlearnedPhi, double[][] retrainedPhi) {
        long shadowStart = System.nanoTime();
        String recipe = spec.training() + " schedule " + spec.schedule().name().toLowerCase(Locale.ROOT);
        long originalSeed = spec.seed() * 1_000_003L + 2L * k + 1;
        long retrainSeed = originalSeed + 1;
        DataSplit shadowSplit = DataSplit.of(split.train(), design.forgetRows()[k],
                design.removedRows(k, split.train().size()), split.test().map(DataView::source).orElse(null));
        double recorded = 0;
        int loaded = 0;
        try (TrainableModel original = template.copy()) {
            CheckpointKey originalKey = CheckpointKey.of("shadow-original", original,
                    DataFingerprint.builder().add(spec.dataFingerprint()).add(design.trainRows()[k]).hex(), recipe,
                    originalSeed);
            Made o = loadOrTrain(spec.store(), originalKey, original,
                    () -> OriginalTraining.fit(original, new DataView(split.train(), design.trainRows()[k]),
                            spec.training(), spec.schedule(), originalSeed, ProgressListener.NONE,
                            CancellationToken.none()));
            recorded += o.seconds();
            loaded += o.count();
            double unlearnSeconds = 0;
            if (spec.unlearner() == null) {
                unlearnedPhi[k] = phi(original, targetView, labels);
            } else {
                try (TrainableModel unlearned = template.copy()) {
                    CheckpointKey key = CheckpointKey.of("shadow-unlearned", unlearned,
                            DataFingerprint.builder().add(spec.dataFingerprint()).add(design.trainRows()[k])
                                    .add(design.forgetRows()[k]).hex(),
                            spec.method() + " " + new TreeMap<>(spec.methodSettings()) + " from "
                                    + originalKey.fileName(), originalSeed);
                    Made u = loadOrTrain(spec.store(), key, unlearned, () -> {
                        UnlearnRequest request = UnlearnRequest.builder().setModel(original).setData(shadowSplit)
                                .optSeed(originalSeed).build();
                        try (UnlearnResult r = spec.unlearner().unlearn(request)) {
                            unlearned.setParameters(r.model().parameters());
                            return r.provenance().optimizerSteps();
                        }
                    });
                    recorded += u.seconds();
                    unlearnSeconds = u.seconds();
                    loaded += u.count();
                    unlearnedPhi[k] = phi(unlearned, targetView, labels);
                }
            }
            try (TrainableModel retrained = template.copy()) {
                CheckpointKey key = CheckpointKey.of("shadow-retrain", retrained,
                        DataFingerprint.builder().add(spec.dataFingerprint()).add(shadowSplit.retain().rows()).hex(),
                        recipe, retrainSeed);
                Made r = loadOrTrain(spec.store(), key, retrained,
                        () -> OriginalTraining.fit(retrained, shadowSplit.retain(), spec.training(), spec.schedule(),
                                retrainSeed, ProgressListener.NONE, CancellationToken.none()));
                recorded += r.seconds();
                loaded += r.count();
                retrainedPhi[k] = phi(retrained, targetView, labels);
                LOG.info(String.format(Locale.ROOT,
                        "ulira: shadow run %d/%d (%d rows, forgets %d): original %.1f s%s, %s %.1f s, retrain %.1f s%s;"
                                + " %.1f s now",
                        k + 1, design.shadows(), design.trainRows()[k].length, design.forgetRows()[k].length,
                        o.seconds(), o.count() > 0 ? " (cached)" : "", spec.method(), unlearnSeconds, r.seconds(),
                        r.count() > 0 ? " (cached)" : "", (System.nanoTime() - shadowStart) / 1e9));
            }
        }
        return new Made(recorded, loaded);
    }

    /** φ of a model on the target rows. */
    static double[] phi(TrainableModel model, DataView targets, int[] labels) {
        double[][] p = Outputs.probabilities(model, targets, "target");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = LikelihoodRatio.logitConfidence(p[i], labels[i]);
        }
        return out;
    }

    /** Recorded training seconds, and how many models were loaded from the cache (0 or 1 for one model). */
    private record Made(double seconds, int count) {}

    private interface Training {
        long run();
    }

    private static Made loadOrTrain(CheckpointStore store, CheckpointKey key, TrainableModel model, Training training) {
        if (store != null) {
            Optional<Checkpoint> cached = store.find(key).filter(c -> Double.isFinite(c.header().trainingSeconds()));
            if (cached.isPresent()) {
                cached.get().applyTo(model);
                return new Made(cached.get().header().trainingSeconds(), 1);
            }
        }
        long t = System.nanoTime();
        training.run();
        double seconds = (System.nanoTime() - t) / 1e9;
        if (store != null) {
            store.save(Checkpoint.of(key, model, seconds, Map.of()));
        }
        return new Made(seconds, 0);
    }
}
