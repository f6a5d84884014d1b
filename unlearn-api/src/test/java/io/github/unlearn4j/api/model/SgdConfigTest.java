package io.github.unlearn4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SgdConfigTest {
    @Test
    void acceptsValidValues() {
        SgdConfig c = new SgdConfig(0.9, 5e-4);
        assertThat(c.momentum()).isEqualTo(0.9);
        assertThat(c.weightDecay()).isEqualTo(5e-4);
        assertThat(new SgdConfig(0.0, 0.0).momentum()).isZero();
        assertThat(new SgdConfig(0.999, 0.0).momentum()).isEqualTo(0.999);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, Double.NaN, 1.5, Double.POSITIVE_INFINITY})
    void rejectsMomentumOutsideHalfOpenUnitInterval(double momentum) {
        assertThatThrownBy(() -> new SgdConfig(momentum, 0.0))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("momentum = " + momentum + ": must be in [0, 1)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-4, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN})
    void rejectsNegativeOrNonFiniteWeightDecay(double weightDecay) {
        assertThatThrownBy(() -> new SgdConfig(0.5, weightDecay))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("weightDecay = " + weightDecay + ": must be a finite number >= 0");
    }
}
