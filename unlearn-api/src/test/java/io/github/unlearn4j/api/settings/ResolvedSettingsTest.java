package io.github.unlearn4j.api.settings;

import static io.github.unlearn4j.api.settings.SettingsSchemaTest.EPOCHS;
import static io.github.unlearn4j.api.settings.SettingsSchemaTest.LR;
import static io.github.unlearn4j.api.settings.SettingsSchemaTest.SCHEDULE;
import static io.github.unlearn4j.api.settings.SettingsSchemaTest.SCHEMA;
import static io.github.unlearn4j.api.settings.SettingsSchemaTest.SHUFFLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.settings.SettingsSchemaTest.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedSettingsTest {
    private final ResolvedSettings resolved = SCHEMA.resolve(Settings.builder()
            .set(LR, 1e-4)
            .set(EPOCHS, 12)
            .set(SHUFFLE, false)
            .set(SCHEDULE, Schedule.STEP_DECAY)
            .build());

    @Test
    void getBySetting() {
        assertThat(resolved.get(LR)).isEqualTo(1e-4);
        assertThat(resolved.get(EPOCHS)).isEqualTo(12);
        assertThat(resolved.get(SHUFFLE)).isFalse();
        assertThat(resolved.get(SCHEDULE)).isEqualTo(Schedule.STEP_DECAY);
    }

    @Test
    void getBySettingRejectsUndeclared() {
        Setting<Integer> steps = Setting.integer("steps", 1, 1, 10, "not in schema");
        assertThatThrownBy(() -> resolved.get(steps))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting 'steps' is not declared by ft");
        Setting<Double> epochsAsReal = Setting.real("epochs", 1, 0, 100, "wrong type");
        assertThatThrownBy(() -> resolved.get(epochsAsReal)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getByNameAndType() {
        assertThat(resolved.get("lr", Double.class)).isEqualTo(1e-4);
        assertThat(resolved.get("epochs", Integer.class)).isEqualTo(12);
        assertThat(resolved.get("shuffle", Boolean.class)).isFalse();
        assertThat(resolved.get("schedule", Schedule.class)).isEqualTo(Schedule.STEP_DECAY);
        assertThat(resolved.get("epochs", Number.class)).isEqualTo(12);
    }

    @Test
    void getByNameRejectsUnknownNameOrWrongType() {
        assertThatThrownBy(() -> resolved.get("epochs", Double.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ft declares no Double setting 'epochs'");
        assertThatThrownBy(() -> resolved.get("momentum", Double.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'momentum'");
    }

    @Test
    void asStringsInDeclarationOrder() {
        assertThat(resolved.asStrings()).containsExactly(
                Map.entry("lr", "1.0E-4"),
                Map.entry("epochs", "12"),
                Map.entry("shuffle", "false"),
                Map.entry("schedule", "step-decay"));
        assertThat(resolved).hasToString("{lr=1.0E-4, epochs=12, shuffle=false, schedule=step-decay}");
    }

    @Test
    void asStringsIsUnmodifiable() {
        Map<String, String> strings = resolved.asStrings();
        assertThatThrownBy(() -> strings.put("lr", "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void asStringsRoundTripsThroughResolve() {
        ResolvedSettings again = SCHEMA.resolve(Settings.of(resolved.asStrings()));
        assertThat(again.asStrings()).isEqualTo(resolved.asStrings());
        assertThat(again.get(LR)).isEqualTo(resolved.get(LR));
        assertThat(again.get(EPOCHS)).isEqualTo(resolved.get(EPOCHS));
        assertThat(again.get(SHUFFLE)).isEqualTo(resolved.get(SHUFFLE));
        assertThat(again.get(SCHEDULE)).isEqualTo(resolved.get(SCHEDULE));
    }

    @Test
    void defaultsRoundTripToo() {
        ResolvedSettings defaults = SCHEMA.resolve(Settings.empty());
        assertThat(defaults.asStrings())
                .containsEntry("lr", "0.01")
                .containsEntry("schedule", "constant");
        assertThat(SCHEMA.resolve(Settings.of(defaults.asStrings())).asStrings())
                .isEqualTo(defaults.asStrings());
    }
}
