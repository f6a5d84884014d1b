package io.github.unlearn4j.api.registry;

import io.github.unlearn4j.api.settings.SettingsSchema;

/** What every provider says about itself: a unique name, a one-line description, its settings. */
public interface NamedProvider {
    /** @return the unique name users ask for, lower case, e.g. {@code "ft"} */
    String name();

    /** @return one line that says what the method or verifier does */
    String description();

    /** @return the settings it accepts */
    SettingsSchema settingsSchema();
}
