package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.settings.Setting;

/**
 * Which random labels a random-label objective draws for the forget rows: the choice of the
 * {@code randomLabels} setting of {@code rl}, {@code salun} and {@code rbm variant=masked-rl}.
 */
public enum RandomLabels {
    /**
     * Uniform over all C classes, {@code y' ~ U{0, …, C−1}}: a draw equals the true label with
     * probability 1/C ({@link LabelMode#RANDOM}; the reference RL code's {@code torch.randint(0, C)}).
     */
    ANY(LabelMode.RANDOM),
    /**
     * Uniform over the C − 1 wrong classes, {@code y' ~ U({0, …, C−1} \ {y})}: never the true label
     * ({@link LabelMode#RANDOM_OTHER}; the SalUn paper's {@code y' ≠ y}).
     */
    OTHER(LabelMode.RANDOM_OTHER);

    /** The setting's name. */
    public static final String SETTING = "randomLabels";

    private final LabelMode mode;

    RandomLabels(LabelMode mode) {
        this.mode = mode;
    }

    /** @return the label mode of the forget term */
    public LabelMode mode() {
        return mode;
    }

    /**
     * The {@code randomLabels} setting, default {@link #ANY}.
     *
     * @param description one line, for the method's help
     * @return the setting
     */
    public static Setting<RandomLabels> setting(String description) {
        return Setting.choice(SETTING, RandomLabels.class, ANY, description);
    }
}
