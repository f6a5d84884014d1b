package io.github.unlearn4j.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyScenarios;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import io.github.unlearn4j.core.verify.MetricCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U-LiRA on the memorizing scenario of the policy tests (softmax regression, 60 features, 160
 * rows, 40 random rows forgotten): strong against the untouched original, at chance for retraining.
 */
class UliraVerifierTest {
    private static final PolicyScenarios.Fixture F = PolicyScenarios.ROWS_MEMORIZING.fixture();
    /** The scenario's recipe: how its original and retrained models were trained. */
    private static final TrainingSettings RECIPE = new TrainingSettings(0.5, 300, 160, 0.9, 0);

    @TempDir
    Path cache;

    private UliraVerifier.Builder attack(String method) {
        return UliraVerifier.builder().optMethod(method).optShadows(16).optTraining(RECIPE, LearningRateSchedule.CONSTANT)
                .optCache(cache).optMinSamples(10);
    }

    private static double metric(VerificationReport r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow();
    }

    @Test
    void theUntouchedOriginalIsFarFromChanceAndRetrainingIsAtChance() {
        UliraVerifier lira = attack("none").build();
        VerificationReport original = lira.verify(new VerificationRequest(F.original(), F.split(), F.reference()));
        VerificationReport retrained = lira.verify(new VerificationRequest(F.retrained(), F.split(), F.reference()));
        double auc = metric(original, "uliraAuc");
        double chance = metric(retrained, "uliraAuc");
        double se = metric(retrained, "uliraAucStdErr");
        System.out.printf("ulira (none): original AUC %.3f (TPR@1%%FPR %.1f%%), retrain vs retrain AUC %.3f ± %.3f%n", auc,
                metric(original, "uliraTprAt1PctFpr"), chance, se);
        assertThat(auc).as("original against retraining").isGreaterThan(0.85);
        assertThat(metric(original, "uliraTprAt1PctFpr")).isGreaterThan(10);
        assertThat(Math.abs(chance - 0.5)).as("retrain against retrain, within 2 standard errors of 0.5")
                .isLessThanOrEqualTo(2 * se);
        assertThat(metric(original, "uliraShadows")).isEqualTo(16);
        assertThat(metric(original, "uliraSeconds")).isPositive();
    }

    @Test
    void theMethodComesFromTheProvenance() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        Settings ft = Settings.of(Map.of(TrainingSettings.LEARNING_RATE, 0.1, TrainingSettings.EPOCHS, 30,
                TrainingSettings.BATCH_SIZE, 120, TrainingSettings.MOMENTUM, 0.9));
        try (UnlearnResult r = registry.create("ft", ft).unlearn(UnlearnRequest.builder().setModel(F.original())
                .setData(F.split()).optSeed(3).build())) {
            UliraVerifier u = attack(UliraVerifier.AUTO).build();
            VerificationReport unlearned = u.verify(new VerificationRequest(r.model(), F.split(), F.reference(),
                    r.provenance()));
            VerificationReport original = u.verify(new VerificationRequest(F.original(), F.split(), F.reference(),
                    r.provenance()));
            double ftAuc = metric(unlearned, "uliraAuc");
            double originalAuc = metric(original, "uliraAuc");
            System.out.printf("ulira (ft shadows): ft AUC %.3f, original AUC %.3f%n", ftAuc, originalAuc);
            assertThat(originalAuc).as("the original is the no-op: the test still tells it from retraining")
                    .isGreaterThan(ftAuc);
            // the shadows ran ft: plain LiRA (shadows that do not unlearn) scores the same model otherwise
            double lira = metric(attack("none").build().verify(new VerificationRequest(r.model(), F.split(),
                    F.reference())), "uliraAuc");
            assertThat(ftAuc).as("ft shadows against plain LiRA").isNotEqualTo(lira);
        }
    }

    @Test
    void shadowModelsAreCachedAndReusedAcrossVerifiers() throws IOException {
        VerificationRequest request = new VerificationRequest(F.original(), F.split(), F.reference());
        VerificationReport first = attack("none").optShadows(4).build().verify(request);
        long files = count(cache);
        assertThat(files).as("an original and a retrained model per run").isEqualTo(8);
        VerificationReport second = attack("none").optShadows(4).build().verify(request);
        assertThat(count(cache)).isEqualTo(files);
        assertThat(metric(second, "uliraAuc")).isEqualTo(metric(first, "uliraAuc"));
        assertThat(metric(second, "uliraSeconds")).as("the recorded cost").isEqualTo(metric(first, "uliraSeconds"));
        VerificationReport otherSeed = attack("none").optShadows(4).optSeed(9).build().verify(request);
        assertThat(count(cache)).as("another seed trains other models").isEqualTo(16);
        assertThat(metric(otherSeed, "uliraAuc")).as("other shadows, another score").isNotEqualTo(
                metric(first, "uliraAuc"));
    }

    @Test
    void shadowRunsOnSeveralThreadsGiveTheSameObservationsAsOneAfterTheOther() {
        UnlearnerRegistry registry = UnlearnerRegistry.loadDefault();
        Settings ft = Settings.of(Map.of(TrainingSettings.LEARNING_RATE, 0.1, TrainingSettings.EPOCHS, 5,
                TrainingSettings.BATCH_SIZE, 60, TrainingSettings.MOMENTUM, 0.9));
        try (UnlearnResult r = registry.create("ft", ft).unlearn(UnlearnRequest.builder().setModel(F.original())
                .setData(F.split()).optSeed(3).build())) {
            VerificationRequest request = new VerificationRequest(r.model(), F.split(), F.reference(), r.provenance());
            ShadowDesign design = ShadowDesign.draw(F.split(), 6, 0.5, 500, 0);
            ShadowRuns.Spec oneThread = spec(r, 1);
            ShadowRuns.Observations sequential = ShadowRuns.run(F.original(), F.split(), design, oneThread);
            ShadowRuns.Observations parallel = ShadowRuns.run(F.original(), F.split(), design, spec(r, 4));
            assertThat(parallel.shadows()).isEqualTo(6);
            for (int j = 0; j < design.targets().length; j++) {
                assertThat(parallel.in()[j]).as("unlearned observations of target %d, in run order", j)
                        .containsExactly(sequential.in()[j]);
                assertThat(parallel.out()[j]).as("retrained observations of target %d", j)
                        .containsExactly(sequential.out()[j]);
            }
            VerificationReport viaThreads = attack(UliraVerifier.AUTO).optShadows(6).optCache(null).optThreads(3)
                    .build().verify(request);
            VerificationReport viaOne = attack(UliraVerifier.AUTO).optShadows(6).optCache(null).build().verify(request);
            assertThat(metric(viaThreads, "uliraAuc")).isEqualTo(metric(viaOne, "uliraAuc"));
            assertThat(metric(viaThreads, "uliraTprAt1PctFpr")).isEqualTo(metric(viaOne, "uliraTprAt1PctFpr"));
        }
        assertThatThrownBy(() -> UliraVerifier.builder().optThreads(0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ulira.threads").hasMessageContaining("0");
    }

    private static ShadowRuns.Spec spec(UnlearnResult r, int threads) {
        return new ShadowRuns.Spec(r.provenance().method(), r.provenance().settings(),
                UnlearnerRegistry.loadDefault().create(r.provenance().method(), Settings.of(r.provenance().settings())),
                RECIPE, LearningRateSchedule.CONSTANT, 0, "fixture", null, threads);
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void withoutProvenanceItIsPlainLiraAndAnUnknownMethodIsNamed() {
        VerificationRequest noProvenance = new VerificationRequest(F.original(), F.split(), F.reference());
        VerificationReport auto = attack(UliraVerifier.AUTO).optShadows(4).build().verify(noProvenance);
        VerificationReport none = attack("none").optShadows(4).build().verify(noProvenance);
        assertThat(metric(auto, "uliraAuc")).isEqualTo(metric(none, "uliraAuc"));
        assertThatThrownBy(() -> attack("no-such-method").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no-such-method")
                .hasMessageContaining("ft");
        assertThat(attack("none").build().checkInputs(new VerificationRequest(F.original(), F.split(), null))).get()
                .extracting(Throwable::getMessage).asString().contains("reference");
        assertThatThrownBy(() -> UliraVerifier.builder().optShadows(1)).hasMessageContaining("ulira.shadows");
        assertThatThrownBy(() -> UliraVerifier.builder().optDataFingerprint("abc"))
                .hasMessageContaining("dataFingerprint");
    }

    @Test
    void isDiscoveredWithItsSettingsAndAPolicyCanNameItsMetrics() {
        var v = (UliraVerifier) VerifierRegistry.loadDefault().create("ulira",
                Settings.of(Map.of("shadows", 8, "cache", "none", "method", "ft")));
        assertThat(v.shadows()).isEqualTo(8);
        assertThat(v.cache()).isEmpty();
        assertThat(((UliraVerifier) VerifierRegistry.loadDefault().create("ulira", Settings.empty())).cache())
                .contains(UliraVerifierProvider.defaultCache());
        assertThatThrownBy(() -> VerifierRegistry.loadDefault().create("ulira", Settings.of(Map.of("variance", "x"))))
                .hasMessageContaining("variance");
        ForgettingPolicy p = ForgettingPolicy.parse("uliraAuc <= 0.55; uliraTprAt1PctFpr <= 5",
                MetricCatalog.of(VerifierRegistry.loadDefault()));
        assertThat(p.verifierNames()).containsExactly("ulira");
    }
}
