package io.github.unlearn4j.api.settings;

import io.github.unlearn4j.api.InvalidSettingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A typed, validated setting of a method or verifier: a name, a type, a default, an allowed
 * range and a one-line description. Instances are immutable; create them with the static
 * factories.
 *
 * <p>A value may be given as its own type, as a string (parsed), or, for numeric settings, as any
 * {@link Number} that converts without loss: for a real setting, a number that is a double exactly
 * or is a double's shortest decimal form ({@code new BigDecimal("0.1")}, like the string
 * {@code "0.1"}); a long above 2^53 that no double equals, or a decimal with more digits than a
 * double holds, is refused.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final Predicate<T> check;
    private final String allowed;

    private Setting(
            String name,
            Class<T> type,
            T defaultValue,
            String description,
            Predicate<T> check,
            String allowed) {
        this.name = requireName(name);
        this.type = Objects.requireNonNull(type, "type");
        this.description = Objects.requireNonNull(description, "description");
        this.check = Objects.requireNonNull(check, "check");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        if (defaultValue != null && !check.test(defaultValue)) {
            throw new IllegalArgumentException(
                    "default of setting '" + name + "' = " + defaultValue + " is not " + allowed);
        }
        this.defaultValue = defaultValue;
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9]*")) {
            throw new IllegalArgumentException("setting name must be camelCase letters and digits: " + name);
        }
        return name;
    }

    /**
     * A real-valued setting within {@code [min, max]} (use infinities for open ends).
     *
     * @param name the name
     * @param defaultValue the default
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param description one line
     * @return the setting
     */
    public static Setting<Double> real(
            String name, double defaultValue, double min, double max, String description) {
        return new Setting<>(
                name,
                Double.class,
                defaultValue,
                description,
                v -> !v.isNaN() && v >= min && v <= max,
                "in [" + min + ", " + max + "]");
    }

    /**
     * A strictly positive, finite real setting, such as a learning rate or a temperature.
     *
     * @param name the name
     * @param defaultValue the default
     * @param description one line
     * @return the setting
     */
    public static Setting<Double> positiveReal(String name, double defaultValue, String description) {
        return new Setting<>(
                name,
                Double.class,
                defaultValue,
                description,
                v -> v > 0 && Double.isFinite(v),
                "a finite number > 0");
    }

    /**
     * A fraction in {@code (0, 1]}.
     *
     * @param name the name
     * @param defaultValue the default
     * @param description one line
     * @return the setting
     */
    public static Setting<Double> fraction(String name, double defaultValue, String description) {
        return new Setting<>(
                name, Double.class, defaultValue, description, v -> v > 0 && v <= 1, "in (0, 1]");
    }

    /**
     * An integer setting within {@code [min, max]}.
     *
     * @param name the name
     * @param defaultValue the default
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param description one line
     * @return the setting
     */
    public static Setting<Integer> integer(
            String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(
                name,
                Integer.class,
                defaultValue,
                description,
                v -> v >= min && v <= max,
                "an integer in [" + min + ", " + max + "]");
    }

    /**
     * A boolean setting.
     *
     * @param name the name
     * @param defaultValue the default
     * @param description one line
     * @return the setting
     */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Setting<>(name, Boolean.class, defaultValue, description, v -> true, "true or false");
    }

    /**
     * A setting that takes one constant of an enum; strings match case-insensitively, with
     * {@code -} and {@code _} treated alike.
     *
     * @param name the name
     * @param type the enum class
     * @param defaultValue the default
     * @param description one line
     * @param <E> the enum type
     * @return the setting
     */
    public static <E extends Enum<E>> Setting<E> choice(
            String name, Class<E> type, E defaultValue, String description) {
        java.util.Objects.requireNonNull(defaultValue, "default of setting '" + name + "'");
        return new Setting<>(
                name,
                type,
                defaultValue,
                description,
                v -> true,
                "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /**
     * A setting that takes one of some constants of an enum (for example every constant but an
     * {@code AUTO} that only one method resolves); others are out of range.
     *
     * @param name the name
     * @param type the enum class
     * @param defaultValue the default, one of {@code allowed}
     * @param description one line
     * @param allowed the constants accepted, in the order the help lists them
     * @param <E> the enum type
     * @return the setting
     */
    public static <E extends Enum<E>> Setting<E> choice(
            String name, Class<E> type, E defaultValue, String description, java.util.Set<E> allowed) {
        java.util.Objects.requireNonNull(defaultValue, "default of setting '" + name + "'");
        java.util.Set<E> accepted = java.util.Set.copyOf(allowed);
        if (!accepted.contains(defaultValue)) {
            throw new IllegalArgumentException("default " + defaultValue + " of setting '" + name
                    + "' is not among its allowed values " + allowed);
        }
        return new Setting<>(
                name,
                type,
                defaultValue,
                description,
                accepted::contains,
                "one of " + allowed.stream().sorted().map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .toList());
    }

    /**
     * A text setting whose value must match a regular expression, such as a folder, a method name
     * or a fingerprint.
     *
     * @param name the name
     * @param defaultValue the default, matching {@code pattern}
     * @param pattern the regular expression a value must match in full
     * @param allowed the allowed values in words, for messages and help
     * @param description one line
     * @return the setting
     */
    public static Setting<String> text(String name, String defaultValue, String pattern, String allowed,
            String description) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
        return new Setting<>(name, String.class, defaultValue, description, v -> p.matcher(v).matches(), allowed);
    }

    /** @return the setting's name, unique within its owner */
    public String name() {
        return name;
    }

    /** @return the value type */
    public Class<T> type() {
        return type;
    }

    /** @return the default value */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return the one-line description */
    public String description() {
        return description;
    }

    /**
     * The values a choice setting accepts, in declaration order: every constant of its enum, or
     * the subset it was declared with; empty for a setting that is not a choice.
     *
     * @return the accepted constants
     */
    public java.util.List<T> choices() {
        if (!type.isEnum()) {
            return java.util.List.of();
        }
        return Arrays.stream(type.getEnumConstants()).filter(check).toList();
    }

    /** @return the allowed range, in words */
    public String allowed() {
        return allowed;
    }

    /**
     * Converts and validates a raw value.
     *
     * @param owner the method or verifier the setting belongs to, for the message
     * @param raw a value of the setting's type, a string, or a number
     * @return the validated value
     * @throws InvalidSettingException if the value has the wrong type or is out of range
     */
    public T convert(String owner, Object raw) {
        if (raw == null) {
            throw new InvalidSettingException(prefix(owner) + " = null: expected " + typeWord());
        }
        T value = coerce(owner, raw);
        if (!check.test(value)) {
            throw new InvalidSettingException(
                    prefix(owner) + " = " + raw + ": out of range, must be " + allowed);
        }
        return value;
    }

    private String prefix(String owner) {
        return "setting '" + name + "' of " + owner;
    }

    private String typeWord() {
        if (type == Double.class) {
            return "a number";
        }
        if (type == Integer.class) {
            return "an integer";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return allowed;
    }

    private InvalidSettingException wrongType(String owner, Object raw) {
        return new InvalidSettingException(
                prefix(owner)
                        + " = "
                        + raw
                        + " ("
                        + raw.getClass().getSimpleName()
                        + "): wrong type, expected "
                        + typeWord());
    }

    private T coerce(String owner, Object raw) {
        if (type.isInstance(raw)) {
            return type == String.class ? type.cast(((String) raw).trim()) : type.cast(raw);
        }
        if (raw instanceof String s) {
            return parse(owner, s.trim());
        }
        if (type == Double.class && raw instanceof Number n && !(raw instanceof Double)) {
            double d = n.doubleValue();
            if (convertsWithoutLoss(n, d)) {
                return type.cast(d);
            }
        }
        if (type == Integer.class && raw instanceof Number n) {
            double d = n.doubleValue();
            if (raw instanceof Long l && l == l.intValue()) {
                return type.cast(l.intValue());
            }
            if ((raw instanceof Short || raw instanceof Byte)
                    || ((raw instanceof Double || raw instanceof Float) && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE)) {
                return type.cast((int) d);
            }
        }
        throw wrongType(owner, raw);
    }

    /**
     * Whether a number is the double {@code d} exactly, or is its shortest decimal form (so that
     * {@code new BigDecimal("0.1")} is 0.1, as the string {@code "0.1"} is), rather than a value that
     * {@code d} only approximates: a long above 2^53, a BigDecimal with more digits than a double
     * holds, or one beyond its range.
     */
    private static boolean convertsWithoutLoss(Number n, double d) {
        if (n instanceof Float || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return true;
        }
        if (!Double.isFinite(d)) {
            return false;
        }
        BigDecimal exact;
        if (n instanceof BigDecimal b) {
            exact = b;
        } else if (n instanceof BigInteger b) {
            exact = new BigDecimal(b);
        } else if (n instanceof Long || n instanceof AtomicLong || n instanceof AtomicInteger) {
            exact = BigDecimal.valueOf(n.longValue());
        } else {
            try {
                exact = new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return exact.compareTo(new BigDecimal(d)) == 0 || exact.compareTo(new BigDecimal(Double.toString(d))) == 0;
    }

    private T parse(String owner, String s) {
        try {
            if (type == Double.class) {
                return type.cast(Double.parseDouble(s));
            }
            if (type == Integer.class) {
                return type.cast(Integer.parseInt(s));
            }
        } catch (NumberFormatException e) {
            throw wrongType(owner, s);
        }
        if (type == Boolean.class) {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return type.cast(Boolean.parseBoolean(s));
            }
            throw wrongType(owner, s);
        }
        if (type.isEnum()) {
            String wanted = s.replace('-', '_');
            for (T constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
        }
        throw wrongType(owner, s);
    }

    /**
     * Formats a value the way {@link #convert} parses it back.
     *
     * @param value a value of this setting
     * @return its string form
     */
    public String format(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return name + " (" + allowed + ", default " + format(defaultValue) + "): " + description;
    }
}
