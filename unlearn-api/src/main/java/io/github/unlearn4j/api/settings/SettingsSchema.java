package io.github.unlearn4j.api.settings;

import io.github.unlearn4j.api.InvalidSettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a method or verifier declares. {@link #resolve} turns caller-supplied
 * {@link Settings} into {@link ResolvedSettings}: it rejects unknown names (listing the known ones),
 * converts and range-checks every value, and fills in defaults.
 */
public final class SettingsSchema {
    private final String owner;
    private final Map<String, Setting<?>> settings;

    private SettingsSchema(String owner, List<Setting<?>> settings) {
        this.owner = owner;
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException(owner + " declares setting '" + s.name() + "' twice");
            }
        }
        this.settings = Collections.unmodifiableMap(byName);
    }

    /**
     * Creates a schema.
     *
     * @param owner the method or verifier name, used in messages
     * @param settings the declared settings
     * @return the schema
     */
    public static SettingsSchema of(String owner, List<Setting<?>> settings) {
        return new SettingsSchema(owner, List.copyOf(settings));
    }

    /** @return the owner's name */
    public String owner() {
        return owner;
    }

    /** @return the declared settings, in declaration order */
    public List<Setting<?>> settings() {
        return List.copyOf(settings.values());
    }

    /**
     * Returns a schema with more settings, for a method that extends another.
     *
     * @param newOwner the new owner's name
     * @param more the added settings
     * @return the extended schema
     */
    public SettingsSchema extend(String newOwner, List<Setting<?>> more) {
        List<Setting<?>> all = new ArrayList<>(settings.values());
        all.addAll(more);
        return new SettingsSchema(newOwner, all);
    }

    /**
     * Validates raw settings and fills in defaults.
     *
     * @param raw the caller's settings
     * @return every declared setting with a valid value
     * @throws InvalidSettingException on an unknown name, a wrong type or an out-of-range value
     * @throws NullPointerException if {@code raw} is null
     */
    public ResolvedSettings resolve(Settings raw) {
        Objects.requireNonNull(raw, "settings must not be null; pass Settings.empty()");
        for (String name : raw.asMap().keySet()) {
            if (!settings.containsKey(name)) {
                throw new InvalidSettingException(
                        "unknown setting '" + name + "' for " + owner + "; known settings: " + settings.keySet());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> s : settings.values()) {
            Object given = raw.raw(s.name());
            values.put(s.name(), given == null ? s.defaultValue() : s.convert(owner, given));
        }
        return new ResolvedSettings(this, values);
    }

    /**
     * Whether a setting of this name and type belongs to this schema.
     *
     * @param setting the setting
     * @return true if declared here
     */
    public boolean declares(Setting<?> setting) {
        Setting<?> own = settings.get(setting.name());
        return own != null && own.type() == setting.type();
    }
}
