package io.github.unlearn4j.core.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.api.verify.ForgetVerifier;
import io.github.unlearn4j.api.verify.ForgetVerifierProvider;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import io.github.unlearn4j.api.verify.VerificationRequest;
import io.github.unlearn4j.core.verify.AbstractVerifier;
import io.github.unlearn4j.core.verify.MetricDeclaring;
import io.github.unlearn4j.core.verify.MetricSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The verifier contract catches broken verifiers, and passes a sound one. */
class VerifierContractSelfTest {
    /** What the test verifier gets wrong. */
    enum Fault { NONE, UNDECLARED_METRIC, NO_SAMPLE_COUNT, TOUCHES_MODEL, NOT_DETERMINISTIC, SKIPS_COMPATIBILITY }

    /** A verifier of the mean forget-set confidence, with one fault. */
    static final class TestProvider implements ForgetVerifierProvider, MetricDeclaring {
        private final Fault fault;
        private final AtomicInteger runs = new AtomicInteger();

        TestProvider(Fault fault) {
            this.fault = fault;
        }

        @Override
        public String name() {
            return "contract-probe";
        }

        @Override
        public String description() {
            return "mean forget-set confidence, percent";
        }

        @Override
        public SettingsSchema settingsSchema() {
            return SettingsSchema.of(name(), List.of());
        }

        @Override
        public List<MetricSpec> metricSpecs() {
            return List.of(new MetricSpec("probeConfidence", name(), 0, 100, MetricSpec.CLASSIFICATION, false, false,
                    null, "mean forget-set confidence, percent"));
        }

        @Override
        public ForgetVerifier create(ResolvedSettings settings) {
            if (fault == Fault.SKIPS_COMPATIBILITY) {
                return new ForgetVerifier() {
                    @Override
                    public String name() {
                        return "contract-probe";
                    }

                    @Override
                    public VerificationReport verify(VerificationRequest request) {
                        request.model().predict(request.data().forget());
                        return new VerificationReport(name(), List.of(new Metric("probeConfidence", 50, 1, "probe")));
                    }
                };
            }
            return new AbstractVerifier(name(), 1) {
                @Override
                protected List<Metric> measure(VerificationRequest request) {
                    var forget = request.data().forget();
                    double value = io.github.unlearn4j.core.verify.Outputs.meanConfidencePercent(
                            io.github.unlearn4j.core.verify.Outputs.probabilities(request.model(), forget, "forget"),
                            io.github.unlearn4j.core.verify.Outputs.labels(forget));
                    String name = "probeConfidence";
                    long count = forget.size();
                    switch (fault) {
                        case UNDECLARED_METRIC -> name = "probeUndeclared";
                        case NO_SAMPLE_COUNT -> count = 0;
                        case TOUCHES_MODEL -> {
                            float[] p = request.model().parameters();
                            p[0] += 1;
                            request.model().setParameters(p);
                        }
                        case NOT_DETERMINISTIC -> value = runs.incrementAndGet() % 2 == 0 ? value / 2 : value;
                        default -> { }
                    }
                    return List.of(new Metric(name, value, count, "probe"));
                }
            };
        }
    }

    private static VerifierChecks kit(Fault fault) {
        return new VerifierChecks(new TestProvider(fault), Settings.empty(), ContractFixture.reference());
    }

    @Test
    void aSoundVerifierPassesEveryCheck() {
        kit(Fault.NONE).all().forEach((name, check) -> assertThatCode(check::execute).as(name)
                .doesNotThrowAnyException());
    }

    @Test
    void anUndeclaredMetricIsCaught() {
        assertThatThrownBy(() -> kit(Fault.UNDECLARED_METRIC).everyProducedMetricIsDeclaredAndCounted())
                .isInstanceOf(AssertionError.class).hasMessageContaining("'probeUndeclared' is not declared");
    }

    @Test
    void aMissingSampleCountIsCaught() {
        assertThatThrownBy(() -> kit(Fault.NO_SAMPLE_COUNT).everyProducedMetricIsDeclaredAndCounted())
                .isInstanceOf(AssertionError.class).hasMessageContaining("sample count 0");
    }

    @Test
    void aVerifierThatChangesTheModelIsCaught() {
        assertThatThrownBy(() -> kit(Fault.TOUCHES_MODEL).inputModelsAreLeftUntouched())
                .isInstanceOf(AssertionError.class).hasMessageContaining("model's parameters changed at index 0");
    }

    @Test
    void aVerifierThatDiffersBetweenRunsIsCaught() {
        assertThatThrownBy(() -> kit(Fault.NOT_DETERMINISTIC).sameInputGivesTheSameMetrics())
                .isInstanceOf(AssertionError.class).hasMessageContaining("on the same input");
    }

    @Test
    void aVerifierThatComputesOnAMismatchedModelIsCaught() {
        assertThatThrownBy(() -> kit(Fault.SKIPS_COMPATIBILITY).mismatchedModelIsRejectedBeforeAnyCompute())
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aProviderThatDeclaresNothingIsCaught() {
        ForgetVerifierProvider undeclared = new ForgetVerifierProvider() {
            private final TestProvider inner = new TestProvider(Fault.NONE);

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public String description() {
                return inner.description();
            }

            @Override
            public SettingsSchema settingsSchema() {
                return inner.settingsSchema();
            }

            @Override
            public ForgetVerifier create(ResolvedSettings settings) {
                return inner.create(settings);
            }
        };
        assertThatThrownBy(() -> new VerifierChecks(undeclared, Settings.empty(), ContractFixture.reference())
                .metricsAreDeclared()).isInstanceOf(AssertionError.class).hasMessageContaining("MetricDeclaring");
    }
}
