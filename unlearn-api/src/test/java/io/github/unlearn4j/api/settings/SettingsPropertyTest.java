package io.github.unlearn4j.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.api.InvalidSettingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of settings parsing and validation: whatever a caller passes, {@link SettingsSchema#resolve}
 * gives settings that satisfy every declared range, or an {@link InvalidSettingException} naming a
 * setting the caller gave; never another exception.
 */
class SettingsPropertyTest {
    enum Mode {
        RESET_FT,
        MASKED_RL,
        NONE
    }

    static final Setting<Double> MOMENTUM = Setting.real("momentum", 0.9, 0, 1, "momentum");
    static final Setting<Double> OFFSET = Setting.real("offset", 0, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY, "offset");
    static final Setting<Double> LR = Setting.positiveReal("lr", 0.01, "learning rate");
    static final Setting<Double> KEEP = Setting.fraction("keep", 0.5, "kept fraction");
    static final Setting<Integer> EPOCHS = Setting.integer("epochs", 5, 1, 1000, "epochs");
    static final Setting<Integer> SHIFT = Setting.integer("shift", 0, -3, 3, "shift");
    static final Setting<Boolean> SHUFFLE = Setting.flag("shuffle", true, "shuffle");
    static final Setting<Mode> MODE = Setting.choice("mode", Mode.class, Mode.RESET_FT, "mode");
    static final SettingsSchema SCHEMA = SettingsSchema.of("rbm", List.of(MOMENTUM, OFFSET, LR, KEEP, EPOCHS, SHIFT, SHUFFLE,
            MODE));
    static final List<String> NAMES = List.of("momentum", "offset", "lr", "keep", "epochs", "shift", "shuffle", "mode");

    @Property(tries = 400, seed = "20261130")
    void anyStringMapResolvesOrNamesAGivenSetting(@ForAll("stringMaps") Map<String, String> raw) {
        checkResolveOrNamedFailure(new LinkedHashMap<>(raw));
    }

    @Property(tries = 400, seed = "20261201")
    void anyValueOfAnyTypeResolvesOrNamesAGivenSetting(@ForAll("objectMaps") Map<String, Object> raw) {
        checkResolveOrNamedFailure(raw);
    }

    @Property(tries = 300, seed = "20261202")
    void resolvedSettingsFormatToStringsThatResolveToTheSameValues(@ForAll("stringMaps") Map<String, String> raw) {
        ResolvedSettings first;
        try {
            first = SCHEMA.resolve(Settings.of(raw));
        } catch (InvalidSettingException e) {
            return; // covered by the property above
        }
        ResolvedSettings again = SCHEMA.resolve(Settings.of(first.asStrings()));
        for (Setting<?> s : SCHEMA.settings()) {
            assertThat(again.get(s.name(), s.type())).as(s.name()).isEqualTo(first.get(s.name(), s.type()));
        }
    }

    @Property(tries = 300, seed = "20261203")
    void anIntegerAsTextResolvesExactlyWhenInRange(@ForAll int value) {
        Object result = resolveOne("shift", Integer.toString(value));
        if (value >= -3 && value <= 3) {
            assertThat(result).isEqualTo(value);
        } else {
            assertThat(result).isInstanceOf(InvalidSettingException.class);
            assertThat(((Exception) result).getMessage())
                    .startsWith("setting 'shift' of rbm = " + value + ": out of range");
        }
    }

    @Property(tries = 300, seed = "20261204")
    void aDoubleAsTextResolvesToTheSameDoubleWhenInRange(@ForAll("doubles") double value) {
        Object result = resolveOne("lr", Double.toString(value));
        if (value > 0 && Double.isFinite(value)) {
            assertThat(result).isEqualTo(value);
        } else {
            assertThat(result).isInstanceOf(InvalidSettingException.class);
            assertThat(((Exception) result).getMessage()).startsWith("setting 'lr' of rbm = ");
        }
        Object momentum = resolveOne("momentum", Double.toString(value));
        if (value >= 0 && value <= 1) {
            assertThat(momentum).isEqualTo(value);
        } else {
            assertThat(momentum).isInstanceOf(InvalidSettingException.class);
        }
    }

    @Property(tries = 400, seed = "20261205")
    void aNumberResolvesToARealOnlyWithoutLoss(@ForAll("numbers") Number value) {
        BigDecimal exact = exact(value);
        double nearest = value.doubleValue();
        boolean lossless = Double.isFinite(nearest) && (exact.compareTo(new BigDecimal(nearest)) == 0
                || exact.compareTo(new BigDecimal(Double.toString(nearest))) == 0);
        String what = value + " (" + value.getClass().getSimpleName() + ")";
        for (String name : List.of("momentum", "offset")) {
            Object result = resolveOne(name, value);
            boolean inRange = name.equals("offset") || nearest >= 0 && nearest <= 1;
            if (lossless && inRange) {
                assertThat(result).as(name + " = " + what).isEqualTo(nearest);
            } else {
                assertThat(result).as(name + " = " + what).isInstanceOf(InvalidSettingException.class);
                assertThat(((Exception) result).getMessage()).startsWith("setting '" + name + "' of rbm = ");
            }
        }
    }

    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    @Provide
    Arbitrary<Number> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(25),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(2),
                Arbitraries.of(new BigDecimal("0.1"), new BigDecimal("0.5"), new BigDecimal("1E-400"),
                        BigInteger.ONE, BigInteger.ZERO, BigInteger.TWO.pow(60).add(BigInteger.ONE)),
                Arbitraries.longs().between(-2, 2),
                Arbitraries.longs(),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, 1L << 53),
                Arbitraries.integers().between(-1, 2),
                Arbitraries.floats().between(0, 1),
                Arbitraries.doubles().between(0, 1));
    }

    private static Object resolveOne(String name, Object raw) {
        try {
            return SCHEMA.resolve(Settings.of(Map.of(name, raw))).get(name, Object.class);
        } catch (InvalidSettingException e) {
            return e;
        }
    }

    private static void checkResolveOrNamedFailure(Map<String, Object> raw) {
        Settings settings = Settings.of(raw);
        Throwable thrown = catchThrowable(() -> SCHEMA.resolve(settings));
        if (thrown == null) {
            ResolvedSettings resolved = SCHEMA.resolve(settings);
            assertThat(NAMES).containsAll(raw.keySet());
            for (String name : NAMES) {
                Setting<?> s = SCHEMA.settings().get(NAMES.indexOf(name));
                Object value = resolved.get(name, s.type());
                // every resolved value passes its own setting's validation again
                assertThat(s.convert("rbm", value)).as(name).isEqualTo(value);
                if (!raw.containsKey(name)) {
                    assertThat(value).as(name + " defaults").isEqualTo(s.defaultValue());
                }
            }
            return;
        }
        assertThat(thrown).isExactlyInstanceOf(InvalidSettingException.class);
        assertThat(raw.keySet())
                .as("the message names a setting the caller gave: %s", thrown.getMessage())
                .anySatisfy(name -> assertThat(thrown.getMessage()).contains("'" + name + "'"));
    }

    @Provide
    Arbitrary<Map<String, String>> stringMaps() {
        return Arbitraries.maps(names(), texts()).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Map<String, Object>> objectMaps() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                texts().map(v -> v),
                Arbitraries.integers().map(v -> v),
                Arbitraries.longs().map(v -> v),
                doubles().map(v -> v),
                Arbitraries.floats().map(v -> v),
                Arbitraries.shorts().map(v -> v),
                Arbitraries.bytes().map(v -> v),
                Arbitraries.of(true, false).map(v -> v),
                Arbitraries.of(Mode.class).map(v -> v),
                Arbitraries.of(Thread.State.class).map(v -> v),
                Arbitraries.bigIntegers().map(v -> v),
                Arbitraries.bigDecimals().map(v -> v),
                Arbitraries.just(List.of(1)).map(v -> v));
        return Arbitraries.maps(names(), values).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-2, 2),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, Double.MAX_VALUE, 1.0, Math.nextUp(1.0)));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of(NAMES),
                Arbitraries.of("LR", "Epochs", "epoch", "", " lr", "lr ", "mode\n", "\u0000"),
                Arbitraries.strings().ofMaxLength(8));
    }

    private static Arbitrary<String> texts() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.bigIntegers().map(BigInteger::toString),
                Arbitraries.bigDecimals().map(BigDecimal::toPlainString));
        Arbitrary<String> words = Arbitraries.of("NaN", "Infinity", "-Infinity", "+5", " 3 ", "1e400", "-1e-400",
                "0x1p3", "1d", "1f", "2.", ".5", "-0", "0.0", "1_000", "true", "TRUE", "false", "yes", "1", "0",
                "reset-ft", "RESET_FT", "masked-rl", "Masked_Rl", "none", "reset ft", "-", "", " ", "\t", "\u00a0",
                "\uD800", "٣");
        return Arbitraries.oneOf(numbers, words, Arbitraries.strings().ofMaxLength(10));
    }
}
