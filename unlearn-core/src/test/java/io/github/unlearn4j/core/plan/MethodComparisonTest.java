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

    /** A model that counts its own evaluations of the forget rows; its copies register in a shared list. */
    private static final class EvaluationCountingModel extends TrackingModel {
        private final io.github.unlearn4j.api.data.Dataset forgetSource;
        private final int[] forgetRows;
        private final java.util.List<EvaluationCountingModel> family;
        private final AtomicInteger forgetEvaluations = new AtomicInteger();
        private boolean reinitialized;

        EvaluationCountingModel(TrainableModel delegate, io.github.unlearn4j.api.data.Dataset forgetSource,
                int[] forgetRows, java.util.List<EvaluationCountingModel> family) {
            super(delegate, new AtomicInteger());
            this.forgetSource = forgetSource;
            this.forgetRows = forgetRows;
            this.family = family;
            family.add(this);
        }

        @Override
        public TrainableModel copy() {
            return new EvaluationCountingModel(super.copy(), forgetSource, forgetRows, family);
        }

        @Override
        public void reinitialize(long seed) {
            reinitialized = true;
            super.reinitialize(seed);
        }

        @Override
        public io.github.unlearn4j.api.model.Evaluation evaluate(io.github.unlearn4j.api.data.DataView view) {
            if (view.source() == forgetSource && java.util.Arrays.equals(view.rows(), forgetRows)) {
                forgetEvaluations.incrementAndGet();
            }
            return super.evaluate(view);
        }
    }

    @Test
    void theReferenceIsEvaluatedOnceAndRowsReadTheVerifiersAccuracies() {
        var train = io.github.unlearn4j.core.TestData.classification(300, 6, 3, 11);
        var test = io.github.unlearn4j.core.TestData.classification(90, 6, 3, 12);
        int[] forget = new int[30];
        for (int i = 0; i < forget.length; i++) {
            forget[i] = 3 * i;
        }
        var split = io.github.unlearn4j.api.data.DataSplit.of(train, forget, test);
        var model = new io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel(6, 3);
        model.reinitialize(1);
        java.util.List<EvaluationCountingModel> family = new java.util.ArrayList<>();
        TrainableModel original = new EvaluationCountingModel(model, train, split.forget().rows(), family);
        Settings small = Settings.of(java.util.Map.of("epochs", 2, "learningRate", 0.05));
        MethodComparison comparison = MethodComparison.builder().optSeed(SEED)
                .optPolicy(ForgettingPolicy.lenient())
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .optReferenceSettings(small).addMethod("ft", small).addMethod("rl", small).build();
        try (ComparisonResult r = comparison.run(original, split)) {
            for (ComparisonRow row : r.rows()) {
                double ua = row.measurements().get("UA").orElseThrow().value();
                assertThat(row.accuracy().forget()).as(row.method()).isEqualTo(100 - ua);
                assertThat(row.accuracy().retain()).isEqualTo(row.measurements().get("RA").orElseThrow().value());
                assertThat(row.accuracy().test()).isEqualTo(row.measurements().get("TA").orElseThrow().value());
            }
            var reference = family.stream().filter(m -> m.reinitialized).toList();
            assertThat(reference).hasSize(1);
            assertThat(reference.get(0).forgetEvaluations).as("reference, for its row and both methods").hasValue(1);
            // each method's model: once, by the accuracy verifier; the row reads its numbers
            var methods = family.stream().filter(m -> !m.reinitialized && m != original
                    && m.forgetEvaluations.get() > 0).toList();
            assertThat(methods).hasSize(2).allSatisfy(m -> assertThat(m.forgetEvaluations).hasValue(1));
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
