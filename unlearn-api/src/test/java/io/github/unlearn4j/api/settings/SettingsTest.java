package io.github.unlearn4j.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void emptyHasNoValues() {
        assertThat(Settings.empty().asMap()).isEmpty();
        assertThat(Settings.empty().raw("lr")).isNull();
    }

    @Test
    void ofCopiesTheMap() {
        Map<String, Object> source = new HashMap<>();
        source.put("lr", 0.1);
        Settings s = Settings.of(source);
        source.put("epochs", 3);
        assertThat(s.asMap()).containsOnlyKeys("lr");
        assertThatThrownBy(() -> s.asMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofRejectsNullValueNamingTheSetting() {
        Map<String, Object> source = new HashMap<>();
        source.put("lr", null);
        assertThatThrownBy(() -> Settings.of(source))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value of setting 'lr' must not be null; leave the setting out to use its default");
    }

    @Test
    void nullMapNullNameAndNullValueNameTheArgument() {
        assertThatThrownBy(() -> Settings.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("values must not be null; pass Map.of() or use Settings.empty()");
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, 1);
        assertThatThrownBy(() -> Settings.of(nullName))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("setting name must not be null");
        assertThatThrownBy(() -> Settings.empty().with(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("setting name must not be null");
        assertThatThrownBy(() -> Settings.empty().with("epochs", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("value of setting 'epochs' must not be null");
        assertThatThrownBy(() -> Settings.builder().set("lr", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("value of setting 'lr' must not be null");
        assertThatThrownBy(() -> Settings.builder().set((Setting<Integer>) null, 3))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("setting must not be null");
    }

    @Test
    void withReturnsNewSettingsAndLeavesOriginal() {
        Settings a = Settings.builder().set("lr", 0.1).build();
        Settings b = a.with("lr", 0.2).with("epochs", 3);
        assertThat(a.raw("lr")).isEqualTo(0.1);
        assertThat(b.asMap()).containsExactly(Map.entry("lr", 0.2), Map.entry("epochs", 3));
    }

    @Test
    void equalityByValues() {
        Settings a = Settings.builder().set("lr", 0.1).build();
        Settings b = Settings.of(Map.of("lr", 0.1));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Settings.of(Map.of("lr", "0.1")));
    }
}
