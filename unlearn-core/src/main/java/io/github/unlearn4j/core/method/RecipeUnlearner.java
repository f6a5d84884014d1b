package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.TrainableModel;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.RecipeRunner;
import java.util.Objects;

/**
 * An {@link io.github.unlearn4j.api.Unlearner} that runs a {@link Recipe}. Every built-in method
 * except {@code newton} is one; a third party assembles a new method the same way, from the public
 * parts of {@code io.github.unlearn4j.core.recipe} (see {@link RecipeProvider}).
 */
public class RecipeUnlearner extends AbstractUnlearner {
    private final Recipe recipe;

    /**
     * Creates the method.
     *
     * @param name the registered name
     * @param settings its validated settings (recorded in provenance)
     * @param recipe what it computes
     */
    public RecipeUnlearner(String name, ResolvedSettings settings, Recipe recipe) {
        super(name, settings);
        this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    /** @return the recipe */
    public Recipe recipe() {
        return recipe;
    }

    /** Rejects classification-only recipes on regression data, and masks the model cannot run. */
    @Override
    protected void validate(UnlearnRequest request) {
        if (recipe.mask() != null) {
            recipe.mask().check(request.model());
        }
        if (recipe.needsClassification() && request.data().train().task() != TaskType.CLASSIFICATION) {
            throw InvalidRequestException.of(name() + ".model", request.model().description().architecture(),
                    "this method needs a classification model (class probabilities or labels); the data is "
                            + request.data().train().task());
        }
    }

    @Override
    protected long execute(TrainableModel working, UnlearnRequest request) {
        return RecipeRunner.run(name(), recipe, working, request);
    }
}
