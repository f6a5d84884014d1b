package io.github.unlearn4j.core.method;

import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.recipe.Phases;
import io.github.unlearn4j.core.recipe.RandomLabels;
import io.github.unlearn4j.core.recipe.Recipe;
import io.github.unlearn4j.core.recipe.TrainingSettings;

/**
 * {@code rl}: random labelling. Each epoch, first SGD on CE over the forget set with labels drawn
 * uniformly from all classes (a draw may equal the true label), then SGD on CE over the retain set
 * with true labels ({@code unlearn/RL.py}, CIFAR-10 variant). {@code randomLabels = other} draws
 * from the C − 1 wrong classes instead ({@code y' ≠ y}, as the SalUn paper writes it); the default
 * {@code any} is the reference code's draw.
 *
 * <p>Defaults: learning rate 0.01, 10 epochs, batch 256, momentum 0.9, weight decay 5e-4, as the
 * reference code's unlearning defaults.
 */
public final class RandomLabelProvider extends RecipeProvider {
    /** The registered name. */
    public static final String NAME = "rl";
    /** The defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.01, 10, 256, 0.9, 5e-4);

    static final Setting<RandomLabels> RANDOM_LABELS =
            RandomLabels.setting("forget-set labels: any (uniform over all classes) or other (never the true one)");

    /** Creates the provider; cheap. */
    public RandomLabelProvider() {
        super(NAME, "CE on the forget set with random labels, then CE on the retain set, each epoch",
                TrainingSettings.declareWithSchedule(DEFAULTS, RANDOM_LABELS));
    }

    @Override
    protected Recipe recipe(ResolvedSettings s) {
        return Recipe.unmasked(false, Phases.randomLabels(NAME, TrainingSettings.from(s), TrainingSettings.schedule(s),
                s.get(RANDOM_LABELS).mode()));
    }
}
