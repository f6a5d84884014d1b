package io.github.unlearn4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.Provenance;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.TrackingModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.theory.FeatureRegime;
import io.github.unlearn4j.core.theory.LinearTheory;
import io.github.unlearn4j.core.theory.LinearTheoryData;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the plan does when a step fails for a reason other than forgetting. */
class UnlearningPlanFailureTest {
    private static LinearTheory theory;

    @BeforeAll
    static void setUp() {
        theory = new LinearTheory(LinearTheoryData.generate(FeatureRegime.DISTINCT, LinearTheoryData.Config.DEFAULT, 7),
                UnlearnerRegistry.loadDefault());
    }

    /** A plugin method whose run is given by a function of the request. */
    private record Plugin(String name, Function<UnlearnRequest, UnlearnResult> run) implements UnlearnerProvider {
        @Override
        public String description() {
            return "test plugin";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of(name, List.of());
        }

        @Override
        public Unlearner create(ResolvedSettings settings) {
            return new Unlearner() {
                @Override
                public String name() {
                    return Plugin.this.name;
                }

                @Override
                public ResolvedSettings settings() {
                    return settings;
                }

                @Override
                public UnlearnResult unlearn(UnlearnRequest request) {
                    return run.apply(request);
                }
            };
        }
    }

    private static UnlearningPlan plan(Plugin plugin) {
        List<UnlearnerProvider> providers = new ArrayList<>(UnlearnerRegistry.loadDefault().providers());
        providers.add(0, plugin);
        return UnlearningPlan.builder()
                .optRegistry(UnlearnerRegistry.of(providers))
                .optPolicy(ForgettingPolicy.strict())
                .optVerification(VerificationSuite.builder().optMinSamples(10))
                .addStep(plugin.name(), Settings.empty())
                .addStep("retrain", theory.convergentTrainingSettings())
                .build();
    }

    private static Provenance provenance(UnlearnRequest r, String name) {
        return new Provenance(name, Map.of(), r.seed(), r.data().forget().size(), r.data().retain().size(), 0,
                "reference", "cpu", Instant.now(), Duration.ZERO, 0);
    }

    @Test
    void anInfrastructureErrorEndsThePlanInsteadOfBecomingAVerdict() {
        AtomicInteger open = new AtomicInteger();
        TrackingModel original = new TrackingModel(theory.pretrainedModel(), open);
        UnlearningPlan plan = plan(new Plugin("flaky", r -> {
            throw new BackendException("another DJL gradient collector is open");
        }));

        assertThatThrownBy(() -> plan.run(original, theory.split()))
                .isInstanceOf(BackendException.class).hasMessageContaining("gradient collector");
        assertThat(open.get()).as("the reference the plan trained is closed; only the caller's model is open").isEqualTo(1);
        assertThat(original.isClosed()).isFalse();
    }

    @Test
    void aClosedModelInsideAMethodEndsThePlan() {
        UnlearningPlan plan = plan(new Plugin("closed", r -> {
            throw new IllegalStateException("model is closed");
        }));
        assertThatThrownBy(() -> plan.run(theory.pretrainedModel(), theory.split()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aMethodThatReturnsTheCallersModelIsRefusedAndTheCallersModelStaysOpen() {
        AtomicInteger open = new AtomicInteger();
        TrackingModel original = new TrackingModel(theory.pretrainedModel(), open);
        UnlearningPlan plan = plan(new Plugin("in-place", r -> new UnlearnResult(r.model(), provenance(r, "in-place"))));

        assertThatThrownBy(() -> plan.run(original, theory.split()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("'in-place'")
                .hasMessageContaining("returned the model it was given");
        assertThat(original.isClosed()).isFalse();
        assertThat(original.parameters()).hasSize(theory.pretrainedModel().parameters().length);
    }

    @Test
    void aNonFiniteInputWeightIsNamedBeforeAnyCompute() {
        var model = theory.pretrainedModel();
        float[] p = model.parameters();
        p[3] = Float.NaN;
        model.setParameters(p);
        AtomicInteger runs = new AtomicInteger();
        UnlearningPlan plan = plan(new Plugin("counting", r -> {
            runs.incrementAndGet();
            throw new AssertionError("must not run");
        }));

        assertThatThrownBy(() -> plan.run(model, theory.split()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("model.parameters[3]")
                .hasMessageContaining("NaN")
                .hasMessageContaining("non-finite")
                .hasMessageNotContaining("learning rate");
        assertThat(runs).hasValue(0);
        assertThatThrownBy(() -> UnlearnerRegistry.loadDefault().create("ft", Settings.empty())
                .unlearn(UnlearnRequest.builder().setModel(model).setData(theory.split()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("request.model.parameters[3]");
    }
}
