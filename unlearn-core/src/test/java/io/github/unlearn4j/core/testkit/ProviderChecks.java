package io.github.unlearn4j.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.unlearn4j.api.InvalidSettingException;
import io.github.unlearn4j.api.registry.NamedProvider;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.Settings;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** The checks every provider kind shares (unlearners and verifiers): its name, description and settings. */
final class ProviderChecks {
    private ProviderChecks() {}

    /**
     * The name is non-blank, lower case and usable on the command line (no whitespace, {@code .},
     * {@code ,} or {@code =}); the description is one non-blank line; the schema is there; what
     * the provider creates reports the provider's name.
     */
    static void nameAndDescription(NamedProvider provider, String who, String option, Supplier<String> createdName) {
        String name = provider.name();
        assertNotNull(name, () -> provider.getClass().getName() + ".name() returned null");
        assertFalse(name.isBlank(), () -> provider.getClass().getName() + ".name() is blank");
        assertEquals(name.toLowerCase(Locale.ROOT), name, () -> who + ": the name must be lower case");
        assertTrue(name.chars().noneMatch(c -> Character.isWhitespace(c) || ".,=".indexOf(c) >= 0),
                () -> who + ": the name must not contain whitespace or any of . , = (the command line's "
                        + "--" + option + " a,b and --set " + option + ".key=value split on them)");
        String description = provider.description();
        assertNotNull(description, () -> who + ": description() returned null");
        assertFalse(description.isBlank(), () -> who + ": the description is blank");
        assertFalse(description.contains("\n"), () -> who + ": the description must be one line");
        assertNotNull(provider.settingsSchema(), () -> who + ": settingsSchema() returned null");
        assertEquals(name, createdName.get(), () -> who + ": the created " + option + "'s name() differs");
    }

    /** An unknown setting fails with {@link InvalidSettingException} naming it and listing the known ones. */
    static void unknownSettingIsRejectedListingKnownNames(NamedProvider provider, String who, Settings base,
            Function<Settings, Object> create) {
        String unknown = "noSuchSettingForTheContract";
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> create.apply(base.with(unknown, 1)),
                () -> who + ": an unknown setting must fail with InvalidSettingException");
        assertTrue(e.getMessage().contains(unknown),
                () -> who + ": the message must name the unknown setting: " + e.getMessage());
        for (Setting<?> s : provider.settingsSchema().settings()) {
            assertTrue(e.getMessage().contains(s.name()), () -> who + ": the message must list the known setting '"
                    + s.name() + "': " + e.getMessage());
        }
    }
}
