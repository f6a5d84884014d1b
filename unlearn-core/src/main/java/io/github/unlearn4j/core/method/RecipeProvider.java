package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.Unlearner;
import io.github.unlearn4j.api.UnlearnerProvider;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.api.settings.SettingsSchema;
import io.github.unlearn4j.core.recipe.Recipe;
import java.util.List;
import java.util.Objects;

/**
 * Base of a provider whose method is a {@link io.github.unlearn4j.core.recipe.Recipe} built from its settings. A subclass gives a
 * name, a description, its settings and {@link #recipe}; it stays cheap to construct.
 */
public abstract class RecipeProvider implements UnlearnerProvider {
    private final String name;
    private final String description;
    private final SettingsSchema schema;

    /**
     * Creates the provider.
     *
     * @param name the method name
     * @param description one line
     * @param settings the settings the recipe reads
     */
    protected RecipeProvider(String name, String description, List<Setting<?>> settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.schema = SettingsSchema.of(name, settings);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final SettingsSchema settingsSchema() {
        return schema;
    }

    @Override
    public final Unlearner create(ResolvedSettings settings) {
        return new RecipeUnlearner(name, settings, recipe(settings));
    }

    /**
     * Builds the recipe.
     *
     * @param settings validated settings
     * @return the recipe
     */
    protected abstract Recipe recipe(ResolvedSettings settings);
}
