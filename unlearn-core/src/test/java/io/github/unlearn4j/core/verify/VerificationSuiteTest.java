package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.UnknownProviderException;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.core.MembershipData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VerificationSuiteTest {
    private static MembershipData data;

    @BeforeAll
    static void train() {
        data = MembershipData.create(5);
    }

    @Test
    void skipsVerifiersWhoseInputsAreMissingAndSaysWhy() {
        VerificationSuite suite = VerificationSuite.builder()
                .addVerifiers(List.of("accuracy", "mia", "retrain-gap", "weight-distance")).build();
        Measurements m = suite.measure(data.memorized, data.split, null);
        assertThat(m.get("UA")).isPresent();
        assertThat(m.get("MIA")).isPresent();
        assertThat(m.get("gapUA")).isEmpty();
        assertThat(m.skipped()).containsOnlyKeys("retrain-gap", "weight-distance");
        assertThat(m.skipped().get("retrain-gap")).startsWith("reference = null");
        Measurements withRef = suite.measure(data.memorized, data.split, data.neverSaw);
        assertThat(withRef.skipped()).isEmpty();
        assertThat(withRef.get("weightDistance").orElseThrow().solid()).isTrue();
    }

    @Test
    void minSamplesReachesEveryVerifierThatDeclaresIt() {
        Measurements m = VerificationSuite.builder().addVerifiers(List.of("accuracy", "mia")).optMinSamples(50)
                .optSettings("mia", Settings.of(Map.of("feature", "entropy"))).build()
                .measure(data.memorized, data.split, null);
        // UA on 40 rows < 50: flagged; RA on 80 rows: solid
        assertThat(m.get("UA").orElseThrow().solid()).isFalse();
        assertThat(m.get("UA").orElseThrow().minSamples()).isEqualTo(50);
        assertThat(m.get("RA").orElseThrow().solid()).isTrue();
        assertThat(m.get("MIA").orElseThrow().minSamples()).isEqualTo(50);
        assertThat(m.get("MIA").orElseThrow().description()).contains("entropy");
        // a verifier's own setting wins
        Measurements own = VerificationSuite.builder().addVerifiers(List.of("accuracy")).optMinSamples(50)
                .optSettings("accuracy", Settings.of(Map.of("minSamples", 10))).build()
                .measure(data.memorized, data.split, null);
        assertThat(own.get("UA").orElseThrow().solid()).isTrue();
    }

    @Test
    void unknownVerifiersAndSettingsFailWhenBuilt() {
        assertThatThrownBy(() -> VerificationSuite.builder().addVerifiers(List.of("mia", "lira")).build())
                .isInstanceOf(UnknownProviderException.class).hasMessageContaining("weight-distance");
        assertThatThrownBy(() -> VerificationSuite.builder().addVerifiers(List.of("mia"))
                .optSettings("mia", Settings.of(Map.of("feture", "entropy"))).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("feture");
        assertThatThrownBy(() -> VerificationSuite.builder().optMinSamples(0))
                .isInstanceOf(io.github.unlearn4j.api.InvalidRequestException.class).hasMessageStartingWith("minSamples = 0");
    }

    @Test
    void aThirdPartyVerifierGetsTheSuiteMinimumAndItsFailuresAreWrapped() {
        ForgetVerifierProvider third = provider("third", r -> new VerificationReport("third",
                List.of(new Metric("thirdScore", 1.0, 12, "a third-party metric"))));
        ForgetVerifierProvider broken = provider("broken", r -> {
            throw new IllegalStateException("boom");
        });
        VerifierRegistry reg = VerifierRegistry.of(List.of(third, broken));
        Measurement m = VerificationSuite.builder().addVerifiers(List.of("third")).optMinSamples(20).optRegistry(reg)
                .build().measure(data.memorized, data.split, null).get("thirdScore").orElseThrow();
        assertThat(m.minSamples()).isEqualTo(20);
        assertThat(m.solid()).isFalse();
        assertThatThrownBy(() -> VerificationSuite.builder().addVerifiers(List.of("broken")).optRegistry(reg).build()
                .measure(data.memorized, data.split, null))
                .isInstanceOf(BackendException.class).hasMessageContaining("verifier 'broken'").hasMessageContaining("boom");
    }

    private static ForgetVerifierProvider provider(String name,
            java.util.function.Function<io.github.unlearn4j.api.verify.VerificationRequest, VerificationReport> f) {
        return new ForgetVerifierProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public SettingsSchema settingsSchema() {
                return SettingsSchema.of(name, List.of());
            }

            @Override
            public ForgetVerifier create(io.github.unlearn4j.api.settings.ResolvedSettings settings) {
                return new ForgetVerifier() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public VerificationReport verify(io.github.unlearn4j.api.verify.VerificationRequest request) {
                        return f.apply(request);
                    }
                };
            }
        };
    }
}
