package io.github.unlearn4j.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSchemaTest {
    enum Schedule { CONSTANT, STEP_DECAY }

    static final Setting<Double> LR = Setting.positiveReal("lr", 0.01, "learning rate");
    static final Setting<Integer> EPOCHS = Setting.integer("epochs", 5, 1, 100, "epochs");
    static final Setting<Boolean> SHUFFLE = Setting.flag("shuffle", true, "shuffle");
    static final Setting<Schedule> SCHEDULE =
            Setting.choice("schedule", Schedule.class, Schedule.CONSTANT, "schedule");
    static final SettingsSchema SCHEMA = SettingsSchema.of("ft", List.of(LR, EPOCHS, SHUFFLE, SCHEDULE));

    @Test
    void describesItself() {
        assertThat(SCHEMA.owner()).isEqualTo("ft");
        assertThat(SCHEMA.settings()).containsExactly(LR, EPOCHS, SHUFFLE, SCHEDULE);
    }

    @Test
    void resolveFillsEveryDefault() {
        ResolvedSettings r = SCHEMA.resolve(Settings.empty());
        assertThat(r.get(LR)).isEqualTo(0.01);
        assertThat(r.get(EPOCHS)).isEqualTo(5);
        assertThat(r.get(SHUFFLE)).isTrue();
        assertThat(r.get(SCHEDULE)).isEqualTo(Schedule.CONSTANT);
        assertThat(r.schema()).isSameAs(SCHEMA);
    }

    @Test
    void resolveConvertsGivenValuesAndDefaultsTheRest() {
        ResolvedSettings r = SCHEMA.resolve(Settings.builder()
                .set("epochs", "10")
                .set("schedule", "step-decay")
                .build());
        assertThat(r.get(EPOCHS)).isEqualTo(10);
        assertThat(r.get(SCHEDULE)).isEqualTo(Schedule.STEP_DECAY);
        assertThat(r.get(LR)).isEqualTo(0.01);
        assertThat(r.get(SHUFFLE)).isTrue();
    }

    @Test
    void resolveRejectsUnknownNameListingKnownNames() {
        assertThatThrownBy(() -> SCHEMA.resolve(Settings.of(Map.of("epoch", 3))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown setting 'epoch' for ft; known settings: [lr, epochs, shuffle, schedule]");
    }

    @Test
    void resolveRejectsWrongTypeNamingSettingOwnerAndValue() {
        assertThatThrownBy(() -> SCHEMA.resolve(Settings.of(Map.of("epochs", "ten"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'epochs'")
                .hasMessageContaining("ft")
                .hasMessageContaining("ten");
    }

    @Test
    void resolveRejectsOutOfRange() {
        assertThatThrownBy(() -> SCHEMA.resolve(Settings.of(Map.of("lr", -0.5))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("setting 'lr' of ft = -0.5: out of range, must be a finite number > 0");
    }

    @Test
    void rejectsDuplicateDeclaration() {
        Setting<Integer> epochsAgain = Setting.integer("epochs", 1, 1, 2, "dup");
        assertThatThrownBy(() -> SettingsSchema.of("ft", List.of(EPOCHS, epochsAgain)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ft declares setting 'epochs' twice");
    }

    @Test
    void extendAddsSettingsUnderNewOwner() {
        Setting<Double> alpha = Setting.fraction("alpha", 0.5, "mix");
        SettingsSchema extended = SCHEMA.extend("ft-l1", List.of(alpha));
        assertThat(extended.owner()).isEqualTo("ft-l1");
        assertThat(extended.settings()).containsExactly(LR, EPOCHS, SHUFFLE, SCHEDULE, alpha);
        assertThat(SCHEMA.settings()).hasSize(4);
        assertThat(extended.declares(alpha)).isTrue();
        assertThat(SCHEMA.declares(alpha)).isFalse();
        assertThatThrownBy(() -> SCHEMA.extend("x", List.of(LR))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> extended.resolve(Settings.of(Map.of("alpha", 2))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("of ft-l1");
    }

    @Test
    void declaresComparesNameAndType() {
        assertThat(SCHEMA.declares(EPOCHS)).isTrue();
        assertThat(SCHEMA.declares(Setting.real("epochs", 1, 0, 2, "same name, other type"))).isFalse();
        assertThat(SCHEMA.declares(Setting.integer("steps", 1, 0, 2, "other name"))).isFalse();
    }

    @Test
    void resolveOfNullSaysToPassEmpty() {
        assertThatThrownBy(() -> SCHEMA.resolve(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("settings must not be null; pass Settings.empty()");
    }
}
