package io.github.unlearn4j.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.InvalidSettingException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {
    enum Schedule { CONSTANT, STEP_DECAY, COSINE }

    enum Other { CONSTANT }

    private static final String OWNER = "ft";

    @Nested
    class Real {
        private final Setting<Double> lr = Setting.real("lr", 0.1, 0.0, 1.0, "learning rate");

        @Test
        void acceptsOwnType() {
            assertThat(lr.convert(OWNER, 0.25)).isEqualTo(0.25);
        }

        @Test
        void acceptsRangeEndsInclusive() {
            assertThat(lr.convert(OWNER, 0.0)).isEqualTo(0.0);
            assertThat(lr.convert(OWNER, 1.0)).isEqualTo(1.0);
        }

        @Test
        void parsesStringsAndTrims() {
            assertThat(lr.convert(OWNER, "0.5")).isEqualTo(0.5);
            assertThat(lr.convert(OWNER, " 0.75 ")).isEqualTo(0.75);
            assertThat(lr.convert(OWNER, "1e-3")).isEqualTo(0.001);
        }

        @Test
        void widensIntegerAndOtherNumbers() {
            assertThat(lr.convert(OWNER, 1)).isInstanceOf(Double.class).isEqualTo(1.0);
            assertThat(lr.convert(OWNER, 0L)).isEqualTo(0.0);
            assertThat(lr.convert(OWNER, 0.5f)).isEqualTo(0.5);
        }

        @Test
        void rejectsUnparsableStringNamingSettingOwnerAndValue() {
            assertThatThrownBy(() -> lr.convert(OWNER, "abc"))
                    .isInstanceOf(InvalidSettingException.class)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'lr'")
                    .hasMessageContaining(OWNER)
                    .hasMessageContaining("abc")
                    .hasMessageContaining("wrong type")
                    .hasMessageContaining("a number");
        }

        @Test
        void rejectsBooleanAsWrongType() {
            assertThatThrownBy(() -> lr.convert(OWNER, Boolean.TRUE))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'lr' of ft = true (Boolean): wrong type, expected a number");
        }

        @Test
        void rejectsOutOfRangeNamingTheRange() {
            assertThatThrownBy(() -> lr.convert(OWNER, 1.5))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'lr' of ft = 1.5: out of range, must be in [0.0, 1.0]");
            assertThatThrownBy(() -> lr.convert(OWNER, "-0.01"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("-0.01")
                    .hasMessageContaining("in [0.0, 1.0]");
        }

        @Test
        void rejectsNaN() {
            assertThatThrownBy(() -> lr.convert(OWNER, Double.NaN))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("NaN")
                    .hasMessageContaining("out of range");
            assertThatThrownBy(() -> lr.convert(OWNER, "NaN")).isInstanceOf(InvalidSettingException.class);
        }

        @Test
        void rejectsNull() {
            assertThatThrownBy(() -> lr.convert(OWNER, null))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'lr' of ft = null: expected a number");
        }

        @Test
        void openEndsAcceptInfinity() {
            Setting<Double> any = Setting.real(
                    "shift", 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "shift");
            assertThat(any.convert(OWNER, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(any.convert(OWNER, -1e300)).isEqualTo(-1e300);
            assertThatThrownBy(() -> any.convert(OWNER, Double.NaN)).isInstanceOf(InvalidSettingException.class);
        }

        @Test
        void describesItself() {
            assertThat(lr.name()).isEqualTo("lr");
            assertThat(lr.type()).isEqualTo(Double.class);
            assertThat(lr.defaultValue()).isEqualTo(0.1);
            assertThat(lr.description()).isEqualTo("learning rate");
            assertThat(lr.allowed()).isEqualTo("in [0.0, 1.0]");
            assertThat(lr).hasToString("lr (in [0.0, 1.0], default 0.1): learning rate");
        }
    }

    @Nested
    class PositiveReal {
        private final Setting<Double> temperature = Setting.positiveReal("temperature", 2.0, "softmax T");

        @Test
        void acceptsPositiveFinite() {
            assertThat(temperature.convert(OWNER, 1e-9)).isEqualTo(1e-9);
            assertThat(temperature.convert(OWNER, "3.5")).isEqualTo(3.5);
            assertThat(temperature.convert(OWNER, 4)).isEqualTo(4.0);
        }

        @Test
        void rejectsZeroNegativeInfiniteAndNaN() {
            for (Object bad : new Object[] {0.0, -1.0, "-1", Double.POSITIVE_INFINITY, Double.NaN, 0}) {
                assertThatThrownBy(() -> temperature.convert(OWNER, bad))
                        .as("value %s", bad)
                        .isInstanceOf(InvalidSettingException.class)
                        .hasMessageContaining("'temperature'")
                        .hasMessageContaining("a finite number > 0");
            }
        }

        @Test
        void rejectsNonPositiveDefault() {
            assertThatThrownBy(() -> Setting.positiveReal("lr", 0.0, "lr"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'lr'");
        }
    }

    @Nested
    class Fraction {
        private final Setting<Double> keep = Setting.fraction("keep", 0.5, "kept fraction");

        @Test
        void acceptsHalfOpenUnitInterval() {
            assertThat(keep.convert(OWNER, 1.0)).isEqualTo(1.0);
            assertThat(keep.convert(OWNER, 1)).isEqualTo(1.0);
            assertThat(keep.convert(OWNER, "0.001")).isEqualTo(0.001);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0, -0.5, 1.0000001, Double.NaN})
        void rejectsOutside(double bad) {
            assertThatThrownBy(() -> keep.convert(OWNER, bad))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("'keep'")
                    .hasMessageContaining(String.valueOf(bad))
                    .hasMessageContaining("in (0, 1]");
        }

        @Test
        void rejectsDefaultOutside() {
            assertThatThrownBy(() -> Setting.fraction("keep", 0.0, "kept"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("in (0, 1]");
        }
    }

    @Nested
    class IntegerSetting {
        private final Setting<Integer> epochs = Setting.integer("epochs", 5, 1, 100, "passes over the data");

        @Test
        void acceptsOwnTypeAndString() {
            assertThat(epochs.convert(OWNER, 7)).isEqualTo(7);
            assertThat(epochs.convert(OWNER, "12")).isEqualTo(12);
            assertThat(epochs.convert(OWNER, " 100 ")).isEqualTo(100);
        }

        @Test
        void narrowsLosslessLongShortByte() {
            assertThat(epochs.convert(OWNER, 20L)).isInstanceOf(Integer.class).isEqualTo(20);
            assertThat(epochs.convert(OWNER, (short) 3)).isEqualTo(3);
            assertThat(epochs.convert(OWNER, (byte) 4)).isEqualTo(4);
        }

        @Test
        void rejectsLossyLong() {
            assertThatThrownBy(() -> epochs.convert(OWNER, 3_000_000_000L))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'epochs' of ft = 3000000000 (Long): wrong type, expected an integer");
        }

        @Test
        void rejectsLosslessLongOutOfRange() {
            assertThatThrownBy(() -> epochs.convert(OWNER, 200L))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'epochs' of ft = 200: out of range, must be an integer in [1, 100]");
        }

        @Test
        void rejectsBoolean() {
            assertThatThrownBy(() -> epochs.convert(OWNER, Boolean.FALSE))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'epochs' of ft = false (Boolean): wrong type, expected an integer");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "2.5", "", "1e2"})
        void rejectsNonIntegerStrings(String bad) {
            assertThatThrownBy(() -> epochs.convert(OWNER, bad))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("'epochs'")
                    .hasMessageContaining(OWNER)
                    .hasMessageContaining("= " + bad + " (String)")
                    .hasMessageContaining("expected an integer");
        }

        @Test
        void rejectsFractionalDouble() {
            assertThatThrownBy(() -> epochs.convert(OWNER, 2.5))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("2.5 (Double)");
        }

        @Test
        void rejectsOutOfRange() {
            assertThatThrownBy(() -> epochs.convert(OWNER, 0))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("'epochs' of ft = 0")
                    .hasMessageContaining("an integer in [1, 100]");
            assertThatThrownBy(() -> epochs.convert(OWNER, "101"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("= 101")
                    .hasMessageContaining("an integer in [1, 100]");
        }
    }

    @Nested
    class Flag {
        private final Setting<Boolean> shuffle = Setting.flag("shuffle", true, "shuffle each epoch");

        @Test
        void acceptsBooleansAndStringsIgnoringCase() {
            assertThat(shuffle.convert(OWNER, false)).isFalse();
            assertThat(shuffle.convert(OWNER, "TRUE")).isTrue();
            assertThat(shuffle.convert(OWNER, "False")).isFalse();
            assertThat(shuffle.convert(OWNER, " true ")).isTrue();
        }

        @Test
        void rejectsOtherStringsAndNumbers() {
            assertThatThrownBy(() -> shuffle.convert(OWNER, "yes"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("setting 'shuffle' of ft = yes (String): wrong type, expected true or false");
            assertThatThrownBy(() -> shuffle.convert(OWNER, 1))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("1 (Integer)");
        }
    }

    @Nested
    class Choice {
        private final Setting<Schedule> schedule =
                Setting.choice("schedule", Schedule.class, Schedule.CONSTANT, "lr schedule");

        @Test
        void acceptsConstant() {
            assertThat(schedule.convert(OWNER, Schedule.COSINE)).isEqualTo(Schedule.COSINE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"step-decay", "step_decay", "STEP-DECAY", "Step_Decay", " step-decay "})
        void matchesStringsIgnoringCaseAndDashVersusUnderscore(String s) {
            assertThat(schedule.convert(OWNER, s)).isEqualTo(Schedule.STEP_DECAY);
        }

        @Test
        void rejectsUnknownNameListingChoices() {
            assertThatThrownBy(() -> schedule.convert(OWNER, "linear"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("'schedule'")
                    .hasMessageContaining(OWNER)
                    .hasMessageContaining("linear")
                    .hasMessageContaining("one of [constant, step-decay, cosine]");
        }

        @Test
        void rejectsConstantOfAnotherEnum() {
            assertThatThrownBy(() -> schedule.convert(OWNER, Other.CONSTANT))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("(Other)");
        }

        @Test
        void formatsAsLowerCaseWithDashesThatParseBack() {
            assertThat(schedule.format(Schedule.STEP_DECAY)).isEqualTo("step-decay");
            for (Schedule s : Schedule.values()) {
                assertThat(schedule.convert(OWNER, schedule.format(s))).isEqualTo(s);
            }
        }
    }

    @Nested
    class ChoiceOfSome {
        private final Setting<Schedule> schedule = Setting.choice("schedule", Schedule.class, Schedule.CONSTANT,
                "lr schedule", java.util.EnumSet.of(Schedule.CONSTANT, Schedule.COSINE));

        @Test
        void acceptsAllowedConstants() {
            assertThat(schedule.convert(OWNER, "cosine")).isEqualTo(Schedule.COSINE);
        }

        @Test
        void rejectsConstantOutsideTheSubsetListingTheAllowedOnes() {
            assertThatThrownBy(() -> schedule.convert(OWNER, "step-decay"))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("'schedule'")
                    .hasMessageContaining("out of range")
                    .hasMessageContaining("one of [constant, cosine]");
        }

        @Test
        void listsOnlyTheAcceptedChoices() {
            assertThat(schedule.choices()).containsExactly(Schedule.CONSTANT, Schedule.COSINE);
            assertThat(Setting.choice("s", Schedule.class, Schedule.CONSTANT, "x").choices())
                    .containsExactly(Schedule.values());
            assertThat(Setting.flag("f", true, "x").choices()).isEmpty();
        }

        @Test
        void rejectsDefaultOutsideTheSubset() {
            assertThatThrownBy(() -> Setting.choice("schedule", Schedule.class, Schedule.STEP_DECAY, "x",
                            java.util.EnumSet.of(Schedule.CONSTANT)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("STEP_DECAY");
        }
    }

    @Test
    void rejectsNamesThatAreNotCamelCase() {
        assertThatThrownBy(() -> Setting.flag("learning-rate", true, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning-rate");
        assertThatThrownBy(() -> Setting.flag("1st", true, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Setting.flag("", true, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDefaultOutOfRange() {
        assertThatThrownBy(() -> Setting.integer("epochs", 0, 1, 10, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default of setting 'epochs' = 0 is not an integer in [1, 10]");
    }
}
