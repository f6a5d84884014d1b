package io.github.unlearn4j.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdAttackTest {

    @Test
    void picksTheCutOfBestBalancedAccuracyFirstInAscendingOrder() {
        // sorted: 0.3 n, 0.5 n, 0.8 m, 0.85 n, 0.9 m, 0.95 m
        // cut 0.65: TPR 3/3, TNR 2/3 -> 5/6; cut 0.875: TPR 2/3, TNR 3/3 -> 5/6 (tie, the first wins)
        ThresholdAttack a = ThresholdAttack.fit(new double[] {0.9, 0.8, 0.95}, new double[] {0.3, 0.5, 0.85});
        assertThat(a.membersAbove()).isTrue();
        assertThat(a.threshold()).isCloseTo(0.65, within(1e-12));
        assertThat(a.balancedAccuracy()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(a.isMember(0.7)).isTrue();
        assertThat(a.isMember(0.6)).isFalse();
    }

    @Test
    void learnsThatMembersHaveLowValuesForEntropyLikeFeatures() {
        ThresholdAttack a = ThresholdAttack.fit(new double[] {0.1, 0.2}, new double[] {1.0, 2.0, 3.0});
        assertThat(a.membersAbove()).isFalse();
        assertThat(a.threshold()).isCloseTo(0.6, within(1e-12));
        assertThat(a.balancedAccuracy()).isEqualTo(1.0);
        assertThat(a.score(0.1)).isGreaterThan(a.score(2.0));
    }

    @Test
    void withNoSignalCallsEverySampleAMember() {
        ThresholdAttack a = ThresholdAttack.fit(new double[] {0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
        assertThat(a.balancedAccuracy()).isEqualTo(0.5);
        assertThat(a.isMember(0.5)).isTrue();
        assertThat(a.isMember(-1e300)).isTrue();
    }

    @Test
    void balancesUnequalGroupSizes() {
        // 1 member at 1.0, 9 non-members at 0: plain accuracy would favour "all non-member" (90%)
        ThresholdAttack a = ThresholdAttack.fit(new double[] {1.0}, new double[9]);
        assertThat(a.balancedAccuracy()).isEqualTo(1.0);
        assertThat(a.isMember(1.0)).isTrue();
        assertThat(a.isMember(0.0)).isFalse();
    }

    @Test
    void aucCountsTiesAsHalf() {
        // pairs: (3,1) 1, (3,2) 1, (2,1) 1, (2,2) 0.5 -> 3.5 / 4
        assertThat(ThresholdAttack.auc(new double[] {3, 2}, new double[] {1, 2})).isEqualTo(0.875);
        assertThat(ThresholdAttack.auc(new double[] {1, 1}, new double[] {1})).isEqualTo(0.5);
        assertThat(ThresholdAttack.auc(new double[] {0}, new double[] {1, 2})).isEqualTo(0.0);
    }

    @Test
    void rejectsEmptyGroupsAndNaN() {
        assertThatThrownBy(() -> ThresholdAttack.fit(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("members (0)");
        assertThatThrownBy(() -> ThresholdAttack.fit(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ThresholdAttack.auc(new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
