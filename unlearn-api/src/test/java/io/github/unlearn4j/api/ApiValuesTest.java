package io.github.unlearn4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.testing.FakeModel;
import io.github.unlearn4j.api.verify.Metric;
import io.github.unlearn4j.api.verify.VerificationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiValuesTest {
    @Test
    void invalidRequestMessageFormat() {
        assertThat(InvalidRequestException.of("epochs", 0, "must be >= 1"))
                .hasMessage("epochs = 0: must be >= 1");
    }

    @Test
    void exceptionHierarchy() {
        assertThat(new InvalidSettingException("x")).isInstanceOf(InvalidRequestException.class);
        assertThat(new UnknownProviderException("unlearner", "x", List.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(new InvalidRequestException("x")).isInstanceOf(UnlearnException.class);
        assertThat(new BackendException("x")).isInstanceOf(UnlearnException.class);
        assertThat(new TrainingDivergedException("x")).isInstanceOf(UnlearnException.class);
        assertThat(new UnlearningCancelledException("x")).isInstanceOf(UnlearnException.class);
        assertThat(new UnlearnException("x")).isInstanceOf(RuntimeException.class);
        Throwable cause = new IllegalStateException("c");
        assertThat(new BackendException("b", cause)).hasCause(cause).hasMessage("b");
    }

    @Test
    void unknownProviderListsKnownNames() {
        assertThat(new UnknownProviderException("verifier", "mia", List.of("ua", "ra")))
                .hasMessage("unknown verifier 'mia'; known verifiers: [ua, ra]");
    }

    @Test
    void provenanceCopiesSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("epochs", "5");
        Provenance p = new Provenance("ft", settings, 42, 10, 90, 0, "reference", "cpu()",
                Instant.EPOCH, Duration.ofSeconds(3), 120);
        settings.put("lr", "0.1");
        assertThat(p.settings()).containsExactly(Map.entry("epochs", "5"));
        assertThatThrownBy(() -> p.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resultClosesItsModel() {
        FakeModel model = FakeModel.classifier(2, 2);
        Provenance p = new Provenance("ft", Map.of(), 1, 1, 1, 0, "reference", "cpu()",
                Instant.EPOCH, Duration.ZERO, 0);
        UnlearnResult r = new UnlearnResult(model, p);
        assertThat(r.model()).isSameAs(model);
        assertThat(r.provenance()).isSameAs(p);
        r.close();
        assertThat(model.closeCount()).isEqualTo(1);
        assertThatThrownBy(() -> new UnlearnResult(null, p)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UnlearnResult(model, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void reportFindsMetricsByNameAndCopiesList() {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("UA", 12.5, 100, "unlearning accuracy"));
        metrics.add(new Metric("TA", 91.0, 1000, "test accuracy"));
        VerificationReport report = new VerificationReport("accuracy", metrics);
        metrics.clear();
        assertThat(report.metrics()).hasSize(2);
        assertThat(report.metric("TA")).hasValueSatisfying(m -> assertThat(m.value()).isEqualTo(91.0));
        assertThat(report.metric("MIA")).isEmpty();
    }
}
