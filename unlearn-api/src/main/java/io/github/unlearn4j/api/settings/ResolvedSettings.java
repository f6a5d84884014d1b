package io.github.unlearn4j.api.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings after validation: every declared setting has a value of its type, within range.
 * Obtained from {@link SettingsSchema#resolve}; immutable.
 */
public final class ResolvedSettings {
    private final SettingsSchema schema;
    private final Map<String, Object> values;

    ResolvedSettings(SettingsSchema schema, Map<String, Object> values) {
        this.schema = schema;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The value of a setting.
     *
     * @param setting a setting declared by this schema
     * @param <T> the value type
     * @return its value
     * @throws IllegalArgumentException if the setting is not part of the schema
     */
    public <T> T get(Setting<T> setting) {
        if (!schema.declares(setting)) {
            throw new IllegalArgumentException(
                    "setting '" + setting.name() + "' is not declared by " + schema.owner());
        }
        return setting.type().cast(values.get(setting.name()));
    }

    /**
     * The value of a setting, by name.
     *
     * @param name a declared setting's name
     * @param type its value type
     * @param <T> the value type
     * @return its value
     * @throws IllegalArgumentException if no such setting of that type is declared
     */
    public <T> T get(String name, Class<T> type) {
        Object v = values.get(name);
        if (!values.containsKey(name) || !type.isInstance(v)) {
            throw new IllegalArgumentException(
                    schema.owner() + " declares no " + type.getSimpleName() + " setting '" + name + "'");
        }
        return type.cast(v);
    }

    /** @return the schema these were resolved against */
    public SettingsSchema schema() {
        return schema;
    }

    /** @return every value, formatted as strings that parse back, in declaration order */
    public Map<String, String> asStrings() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : schema.settings()) {
            out.put(s.name(), s.format(values.get(s.name())));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return asStrings().toString();
    }
}
