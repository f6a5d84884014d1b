package io.github.unlearn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantIsOne() {
        assertThat(LearningRateSchedule.CONSTANT.factor(0, 10)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.CONSTANT.factor(9, 10)).isEqualTo(1.0);
    }

    @Test
    void stepDecaysTenfoldAtHalfAndThreeQuarters() {
        assertThat(LearningRateSchedule.STEP.factor(49, 100)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.STEP.factor(50, 100)).isEqualTo(0.1);
        assertThat(LearningRateSchedule.STEP.factor(74, 100)).isEqualTo(0.1);
        assertThat(LearningRateSchedule.STEP.factor(75, 100)).isEqualTo(0.01);
    }

    @Test
    void cosineGoesFromOneToZero() {
        assertThat(LearningRateSchedule.COSINE.factor(0, 100)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.COSINE.factor(50, 100)).isCloseTo(0.5, within(1e-12));
        assertThat(LearningRateSchedule.COSINE.factor(100, 100)).isCloseTo(0.0, within(1e-12));
    }
}
