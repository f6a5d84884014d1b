package io.github.unlearn4j.api.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable bag of named setting values, as a caller supplies them. Values are raw until a
 * {@link SettingsSchema} resolves them against a method's declared settings, which checks names,
 * types and ranges and fills in defaults.
 */
public final class Settings {
    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, Object> values;

    private Settings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return settings with no values, so every default applies */
    public static Settings empty() {
        return EMPTY;
    }

    /**
     * Settings from a map of raw values (strings, numbers, booleans, enum constants).
     *
     * @param values name to value; no null keys or values
     * @return the settings
     * @throws NullPointerException if the map, a name or a value is null, naming it
     */
    public static Settings of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values must not be null; pass Map.of() or use Settings.empty()");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(requireName(k), requireValue(k, v)));
        return new Settings(copy);
    }

    private static String requireName(String name) {
        return Objects.requireNonNull(name, "setting name must not be null");
    }

    private static Object requireValue(String name, Object value) {
        return Objects.requireNonNull(value, () -> "value of setting '" + name
                + "' must not be null; leave the setting out to use its default");
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the raw values, in insertion order, unmodifiable */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * The raw value under a name.
     *
     * @param name the setting name
     * @return the raw value, or null when absent
     */
    public Object raw(String name) {
        return values.get(name);
    }

    /**
     * Returns these settings with one value replaced or added.
     *
     * @param name the setting name
     * @param value the raw value
     * @return new settings
     * @throws NullPointerException if the name or the value is null, naming it
     */
    public Settings with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(requireName(name), requireValue(name, value));
        return new Settings(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Builds {@link Settings}. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets a raw value.
         *
         * @param name the setting name
         * @param value the raw value
         * @return this builder
         * @throws NullPointerException if the name or the value is null, naming it
         */
        public Builder set(String name, Object value) {
            values.put(requireName(name), requireValue(name, value));
            return this;
        }

        /**
         * Sets a typed value.
         *
         * @param setting the setting
         * @param value the value
         * @param <T> the value type
         * @return this builder
         */
        public <T> Builder set(Setting<T> setting, T value) {
            return set(Objects.requireNonNull(setting, "setting must not be null").name(), value);
        }

        /** @return the settings */
        public Settings build() {
            return new Settings(values);
        }
    }
}
