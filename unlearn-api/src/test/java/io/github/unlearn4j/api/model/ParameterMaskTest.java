package io.github.unlearn4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterMaskTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 63, 64, 65, 130})
    void allLetsEveryParameterMove(long size) {
        ParameterMask mask = ParameterMask.all(size);
        assertThat(mask.size()).isEqualTo(size);
        assertThat(mask.trainableCount()).isEqualTo(size);
        assertThat(mask.isFull()).isTrue();
        if (size > 0) {
            assertThat(mask.isTrainable(0)).isTrue();
            assertThat(mask.isTrainable(size - 1)).isTrue();
        }
        if (size > 64) {
            assertThat(mask.isTrainable(63)).isTrue();
            assertThat(mask.isTrainable(64)).isTrue();
        }
        float[] floats = mask.toFloats();
        assertThat(floats).hasSize((int) size);
        for (float f : floats) {
            assertThat(f).isEqualTo(1f);
        }
        assertThat(mask).hasToString("ParameterMask[" + size + "/" + size + " trainable]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 130})
    void allEqualsOfAllTrue(int size) {
        boolean[] flags = new boolean[size];
        Arrays.fill(flags, true);
        ParameterMask fromFlags = ParameterMask.of(flags);
        ParameterMask all = ParameterMask.all(size);
        assertThat(all).isEqualTo(fromFlags);
        assertThat(all.hashCode()).isEqualTo(fromFlags.hashCode());
    }

    @Test
    void allRejectsNegativeSize() {
        assertThatThrownBy(() -> ParameterMask.all(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void ofFollowsTheFlagsAcrossWordBoundaries() {
        boolean[] flags = new boolean[70];
        int[] on = {0, 3, 62, 63, 64, 69};
        for (int i : on) {
            flags[i] = true;
        }
        ParameterMask mask = ParameterMask.of(flags);
        assertThat(mask.size()).isEqualTo(70);
        assertThat(mask.trainableCount()).isEqualTo(on.length);
        assertThat(mask.isFull()).isFalse();
        float[] floats = mask.toFloats();
        assertThat(floats).hasSize(70);
        for (int i = 0; i < 70; i++) {
            assertThat(mask.isTrainable(i)).as("index %d", i).isEqualTo(flags[i]);
            assertThat(floats[i]).as("float %d", i).isEqualTo(flags[i] ? 1f : 0f);
        }
        assertThat(mask).hasToString("ParameterMask[6/70 trainable]");
    }

    @Test
    void ofNoneTrainable() {
        ParameterMask mask = ParameterMask.of(new boolean[5]);
        assertThat(mask.trainableCount()).isZero();
        assertThat(mask.isFull()).isFalse();
        assertThat(mask.toFloats()).containsExactly(0f, 0f, 0f, 0f, 0f);
    }

    @Test
    void ofEmptyIsFull() {
        ParameterMask mask = ParameterMask.of(new boolean[0]);
        assertThat(mask.size()).isZero();
        assertThat(mask.isFull()).isTrue();
        assertThat(mask).isEqualTo(ParameterMask.all(0));
    }

    @Test
    void equalsComparesBitsAndSize() {
        ParameterMask a = ParameterMask.of(new boolean[] {true, false, true});
        ParameterMask same = ParameterMask.of(new boolean[] {true, false, true});
        ParameterMask otherBits = ParameterMask.of(new boolean[] {true, true, false});
        ParameterMask longer = ParameterMask.of(new boolean[] {true, false, true, false});
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(otherBits);
        assertThat(a).isNotEqualTo(longer);
        assertThat(a).isNotEqualTo(null);
        assertThat(a).isNotEqualTo("ParameterMask[2/3 trainable]");
        assertThat(ParameterMask.all(64)).isNotEqualTo(ParameterMask.all(63));
    }

    @Test
    void ofDoesNotKeepTheCallersArray() {
        boolean[] flags = {true, false};
        ParameterMask mask = ParameterMask.of(flags);
        flags[1] = true;
        assertThat(mask.isTrainable(1)).isFalse();
        assertThat(mask.trainableCount()).isEqualTo(1);
    }
}
