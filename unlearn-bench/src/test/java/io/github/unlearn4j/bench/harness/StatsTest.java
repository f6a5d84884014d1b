package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interval and noise-floor arithmetic of the results table, checked by hand. */
class StatsTest {
    @Test
    void studentQuantilesMatchTheTable() {
        assertThat(Stats.t975(1)).isEqualTo(12.706);
        assertThat(Stats.t975(4)).isEqualTo(2.776);
        assertThat(Stats.t975(30)).isEqualTo(2.042);
        assertThat(Stats.t975(100)).isEqualTo(2.0);
        assertThatThrownBy(() -> Stats.t975(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theIntervalOfAMeanIsMeanPlusMinusTTimesTheStandardError() {
        // values 1..5: mean 3, sample sd sqrt(2.5), se sqrt(0.5); t(4) = 2.776
        Stats.Interval i = Stats.interval(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        double half = 2.776 * Math.sqrt(2.5) / Math.sqrt(5);
        assertThat(i.mean()).isEqualTo(3.0);
        assertThat(i.low()).isCloseTo(3 - half, within(1e-12));
        assertThat(i.high()).isCloseTo(3 + half, within(1e-12));
        assertThat(i.excludesZero()).isTrue();
        assertThat(Stats.interval(List.of(-1.0, 1.0, 0.5)).excludesZero()).isFalse();
        assertThat(Stats.interval(List.of(2.0)).excludesZero()).as("one seed gives no interval").isFalse();
        assertThat(Stats.interval(List.of(2.0)).format(2)).contains("one seed");
    }

    @Test
    void pairedDifferencesRemoveTheSharedSeedEffect() {
        // a and b move together across seeds; a is always 0.5 below b
        List<Double> a = List.of(1.0, 5.0, 9.0, 3.0, 7.0);
        List<Double> b = List.of(1.5, 5.5, 9.5, 3.5, 7.5);
        Stats.Interval paired = Stats.paired(a, b);
        assertThat(paired.mean()).isCloseTo(-0.5, within(1e-12));
        assertThat(paired.low()).isCloseTo(-0.5, within(1e-12));
        assertThat(paired.excludesZero()).isTrue();
        // unpaired, the seeds' spread would swamp the difference
        Stats.Interval unpairedA = Stats.interval(a);
        assertThat(unpairedA.high() - unpairedA.low()).isGreaterThan(5);
        assertThatThrownBy(() -> Stats.paired(a, List.of(1.0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void correlationIsPearsons() {
        assertThat(Stats.correlation(List.of(1.0, 2.0, 3.0), List.of(2.0, 4.0, 6.0))).isCloseTo(1, within(1e-12));
        assertThat(Stats.correlation(List.of(1.0, 2.0, 3.0), List.of(3.0, 2.0, 1.0))).isCloseTo(-1, within(1e-12));
        assertThat(Stats.correlation(List.of(1.0, 2.0, 3.0, 4.0), List.of(1.0, 3.0, 2.0, 4.0)))
                .isCloseTo(0.8, within(1e-12));
        assertThat(Stats.correlation(List.of(1.0, 2.0), List.of(1.0, 2.0))).isNaN();
    }
}
