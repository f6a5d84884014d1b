package io.github.unlearn4j.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.recipe.TrainingSettings;
import io.github.unlearn4j.core.testkit.ContractFixture;
import io.github.unlearn4j.core.testkit.UnlearnerChecks;
import io.github.unlearn4j.core.testkit.UnlearnerContract;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs the contract test kit over every unlearner that {@link UnlearnerRegistry#loadDefault()} finds. */
class BuiltInUnlearnersContractTest {
    private static final UnlearnerRegistry REGISTRY = UnlearnerRegistry.loadDefault();

    /**
     * Small settings for a provider: one epoch of 8-row batches (14 steps over the fixture's retain
     * set, 2 over its forget set), and two Newton steps, so that every method reports several
     * progress events and the mid-run cancellation check applies.
     */
    static Settings budget(UnlearnerProvider provider) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : provider.settingsSchema().settings()) {
            switch (s.name()) {
                case TrainingSettings.EPOCHS -> values.put(s.name(), 1);
                case TrainingSettings.BATCH_SIZE -> values.put(s.name(), 8);
                case "steps" -> values.put(s.name(), 2);
                default -> { }
            }
        }
        return Settings.of(values);
    }

    @TestFactory
    Stream<DynamicContainer> everyRegisteredUnlearnerPassesTheContract() {
        return REGISTRY.providers().stream()
                .map(p -> DynamicContainer.dynamicContainer(p.name(), UnlearnerContract.checks(p, budget(p))));
    }

    /**
     * The kit again over the settings that issue 12 added: wrong-label random labels for
     * {@code rl}, {@code salun} and {@code rbm variant=masked-rl}, and the new saliency sources.
     */
    @TestFactory
    Stream<DynamicContainer> wrongLabelsAndNewSaliencySourcesPassTheContract() {
        Map<String, Map<String, Object>> variants = new LinkedHashMap<>();
        variants.put("rl randomLabels=other", Map.of("randomLabels", "other"));
        variants.put("salun randomLabels=other saliency=per-example-fisher",
                Map.of("randomLabels", "other", "saliency", "per-example-fisher"));
        variants.put("salun saliency=activation-usage-weighted", Map.of("saliency", "activation-usage-weighted"));
        variants.put("rbm variant=masked-rl randomLabels=other saliency=activation-usage",
                Map.of("variant", "masked-rl", "randomLabels", "other", "saliency", "activation-usage"));
        variants.put("rbm saliency=per-example-fisher ranking=per-tensor saliencyRows=20",
                Map.of("saliency", "per-example-fisher", "ranking", "per-tensor", "saliencyRows", 20));
        return variants.entrySet().stream().map(e -> {
            UnlearnerProvider p = REGISTRY.provider(e.getKey().substring(0, e.getKey().indexOf(' ')));
            Settings s = budget(p);
            for (var v : e.getValue().entrySet()) {
                s = s.with(v.getKey(), v.getValue());
            }
            return DynamicContainer.dynamicContainer(e.getKey(), UnlearnerContract.checks(p, s));
        });
    }

    @Test
    void theKitRunsOverEveryBuiltInMethod() {
        assertThat(REGISTRY.names()).contains("ft", "retrain", "ga", "neggrad+", "rl", "l1-sparse", "ce-ft", "ice-ft",
                "kl-ft", "salun", "rbm", "scrub", "newton");
    }

    @Test
    void theContractClassHasOneTestPerCheck() {
        var checks = new UnlearnerChecks(new FineTuneProvider(), Settings.empty(), ContractFixture.reference()).all();
        String[] tests = Arrays.stream(UnlearnerContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName)
                .toArray(String[]::new);
        assertThat(tests).containsExactlyInAnyOrderElementsOf(checks.keySet());
    }
}
