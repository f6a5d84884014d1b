package io.github.unlearn4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.data.TaskType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDescriptionTest {
    private static ModelDescription describe(List<ParameterGroup> groups) {
        return new ModelDescription("reference", "cpu()", "mlp(4->8->3)", TaskType.CLASSIFICATION, 4, 3, groups);
    }

    @Test
    void parameterCountSumsGroups() {
        ModelDescription d = describe(List.of(
                new ParameterGroup("0.weight", 0, 32),
                new ParameterGroup("0.bias", 32, 8),
                new ParameterGroup("1.weight", 40, 24),
                new ParameterGroup("1.bias", 64, 3)));
        assertThat(d.parameterCount()).isEqualTo(67L);
    }

    @Test
    void parameterCountBeyondIntRange() {
        ModelDescription d = describe(List.of(
                new ParameterGroup("a", 0, 3_000_000_000L),
                new ParameterGroup("b", 3_000_000_000L, 2)));
        assertThat(d.parameterCount()).isEqualTo(3_000_000_002L);
    }

    @Test
    void noGroupsMeansNoParameters() {
        assertThat(describe(List.of()).parameterCount()).isZero();
    }

    @Test
    void groupsAreCopied() {
        List<ParameterGroup> groups = new ArrayList<>();
        groups.add(new ParameterGroup("w", 0, 10));
        ModelDescription d = describe(groups);
        groups.add(new ParameterGroup("b", 10, 5));
        assertThat(d.groups()).hasSize(1);
        assertThat(d.parameterCount()).isEqualTo(10);
        assertThatThrownBy(() -> d.groups().add(new ParameterGroup("x", 0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
