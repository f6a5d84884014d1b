package io.github.unlearn4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.Verdict;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptWriter;
import io.github.unlearn4j.core.receipt.UnlearningReceipt;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Comparing methods against one retrained reference, on the paper's linear theory (distinct regime). */
class MethodComparisonTest {
    private static final long SEED = 7;
    private static LinearTheory theory;

    @BeforeAll
    static void setUp() {
        theory = new LinearTheory(LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, SEED),
                UnlearnerRegistry.loadDefault());
    }

    /** A model whose copies count how often they are re-initialized: once per retraining. */
    private static final class CountingModel extends TrackingModel {
        private final AtomicInteger retrainings;

        CountingModel(TrainableModel delegate, AtomicInteger open, AtomicInteger retrainings) {
            super(delegate, open);
            this.retrainings = retrainings;
        }

        @Override
        public TrainableModel copy() {
            return new CountingModel(super.copy(), openCounter(), retrainings);
        }

        @Override
        public void reinitialize(long seed) {
            retrainings.incrementAndGet();
            super.reinitialize(seed);
        }
    }

    private static MethodComparison.Builder strict() {
        return MethodComparison.builder()
                .optPolicy(ForgettingPolicy.strict())
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .optSeed(SEED)
                .optReferenceSettings(theory.convergentTrainingSettings());
    }

    @Test
    void theReferenceIsTrainedOnceAndEveryMethodIsJudgedAgainstIt() {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger retrainings = new AtomicInteger();
        CountingModel original = new CountingModel(theory.pretrainedModel(), open, retrainings);
        float[] before = original.parameters();
        MethodComparison comparison = strict()
                .addMethod("ft", theory.convergentTrainingSettings())
                .addMethod("rbm", theory.rbmSettings())
                .addMethod("retrain", theory.convergentTrainingSettings())
                .build();
        assertThat(comparison.methodNames()).containsExactly("retrain", "ft", "rbm");
        try (ComparisonResult r = comparison.run(original, theory.split())) {
            assertThat(retrainings).as("retrain ran once, for the reference").hasValue(1);
            assertThat(r.rows()).extracting(ComparisonRow::method).containsExactly("retrain", "ft", "rbm");
            ComparisonRow ref = r.referenceRow();
            assertThat(ref.reference()).isTrue();
            assertThat(ref.policyVerdict()).as("the reference is not judged against itself").isNull();
            assertThat(ref.verdict()).isEmpty();
            assertThat(ref.speedUp()).isEqualTo(1.0);
            assertThat(ref.optimizerSteps()).isEqualTo(LinearTheory.FT_EPOCHS);
            assertThat(r.row("ft").verdict()).contains(Verdict.FAIL);
            // the wrapper hides the linear model's feature usage, so rbm's verdict is not asserted here
            assertThat(r.row("rbm").verdict()).isPresent();
            for (ComparisonRow row : r.rows().subList(1, 3)) {
                assertThat(row.reference()).isFalse();
                assertThat(row.speedUp()).isPositive();
                assertThat(row.elapsed()).isPositive();
                assertThat(row.modelSha256()).hasSize(64).isNotEqualTo(r.originalSha256());
                assertThat(row.verdictLines()).isNotEmpty().last().asString().startsWith("negative control");
                assertThat(row.metrics()).isNotEmpty();
                assertThat(r.model(row.method())).isPresent();
            }
            assertThat(r.row("ft").policyVerdict().line("weightDistance").status().name()).isEqualTo("FAILED");
        }
        assertThat(original.parameters()).isEqualTo(before);
        assertThat(open).as("only the caller's model is open once the result is closed").hasValue(1);
    }

    @Test
    void aDivergingMethodIsARowWithItsErrorAndTheOthersStillRun() {
        MethodComparison comparison = strict()
                .addMethod("ft", theory.convergentTrainingSettings().with("learningRate", 1e6).with("momentum", 0.0))
                .addMethod("rbm", theory.rbmSettings())
                .build();
        try (ComparisonResult r = comparison.run(theory.pretrainedModel(), theory.split())) {
            assertThat(r.rows()).extracting(ComparisonRow::method).containsExactly("retrain", "ft", "rbm");
            ComparisonRow ft = r.row("ft");
            assertThat(ft.failed()).isTrue();
            assertThat(ft.error()).containsIgnoringCase("ft");
            assertThat(ft.verdict()).contains(Verdict.FAIL);
            assertThat(ft.speedUp()).isNull();
            assertThat(ft.modelSha256()).isNull();
            assertThat(r.model("ft")).isEmpty();
            assertThat(r.row("rbm").verdict()).contains(Verdict.PASS);
            UnlearningReceipt failed = r.receipt("ft", null);
            assertThat(failed.model().after()).isNull();
        }
    }

    @Test
    void anIndependentRetrainIsJudgedAgainstTheReferenceAndCanFail() {
        AtomicInteger retrainings = new AtomicInteger();
        CountingModel original = new CountingModel(theory.pretrainedModel(), new AtomicInteger(), retrainings);
        // the reference converges; the retrain being judged runs one epoch, so it is far from it
        MethodComparison comparison = strict()
                .addMethod("retrain", theory.convergentTrainingSettings().with("epochs", 1))
                .optIndependentRetrain(true)
                .build();
        try (ComparisonResult r = comparison.run(original, theory.split())) {
            assertThat(retrainings).hasValue(2);
            assertThat(r.rows()).extracting(ComparisonRow::reference).containsExactly(true, false);
            ComparisonRow judged = r.row("retrain");
            assertThat(judged.reference()).isFalse();
            assertThat(judged.seed()).isEqualTo(SEED + 1);
            assertThat(judged.verdict()).contains(Verdict.FAIL);
        }
    }

    @Test
    void withoutAPolicyRowsCarryAccuracyAndTimeButNoVerdict() {
        MethodComparison comparison = MethodComparison.builder().optSeed(SEED)
                .optReferenceSettings(theory.convergentTrainingSettings())
                .addMethod("ft", theory.convergentTrainingSettings()).build();
        assertThat(comparison.policy()).isNull();
        try (ComparisonResult r = comparison.run(theory.pretrainedModel(), theory.split())) {
            assertThat(r.policy()).isNull();
            assertThat(r.rows()).allSatisfy(row -> {
                assertThat(row.verdict()).isEmpty();
                assertThat(row.metrics()).isEmpty();
                assertThat(row.accuracy()).isNotNull();
            });
        }
    }

    @Test
    void aMethodThatCannotRunOnTheModelIsRefusedBeforeAnyTraining() {
        AtomicInteger retrainings = new AtomicInteger();
        // a linear regression model is a SecondOrderModel; the wrapper is not, so newton refuses it
        CountingModel wrapped = new CountingModel(theory.pretrainedModel(), new AtomicInteger(), retrainings);
        MethodComparison comparison = strict().addMethod("ft", Settings.empty()).addMethod("newton", Settings.empty())
                .build();
        assertThatThrownBy(() -> comparison.check(wrapped, theory.split()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("newton.model");
        assertThatThrownBy(() -> comparison.run(wrapped, theory.split()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("newton");
        assertThat(retrainings).as("nothing was trained").hasValue(0);
    }

    @Test
    void aMethodNamedTwiceIsRefused() {
        assertThatThrownBy(() -> MethodComparison.builder().addMethod("ft", Settings.empty())
                .addMethod("ft", Settings.empty()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("comparison.methods = ft");
    }

    @Test
    void eachMethodHasItsOwnReceiptNamingTheReference() throws Exception {
        ReceiptKey key = ReceiptKey.generate();
        try (ComparisonResult r = strict().addMethod("rbm", theory.rbmSettings()).build()
                .run(theory.pretrainedModel(), theory.split())) {
            UnlearningReceipt rbm = r.receipt("rbm", key);
            assertThat(rbm.method().name()).isEqualTo("rbm");
            assertThat(rbm.model().after()).isEqualTo(r.row("rbm").modelSha256());
            assertThat(rbm.model().before()).isEqualTo(r.originalSha256());
            assertThat(rbm.verdict().verdict()).isEqualTo("PASS");
            assertThat(rbm.reference().sha256()).isEqualTo(r.referenceRow().modelSha256());
            UnlearningReceipt retrain = r.receipt("retrain", key);
            assertThat(retrain.verdict()).as("the reference is not judged").isNull();
            assertThat(retrain.reference()).isNull();
            JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ReceiptWriter.toJson(rbm));
            assertThat(json.at("/method/name").asText()).isEqualTo("rbm");
            assertThatThrownBy(() -> r.receipt("ga", key)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("method = ga");
        }
    }
}
