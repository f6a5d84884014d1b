package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.api.settings.ResolvedSettings;
import io.github.unlearn4j.api.settings.Setting;
import io.github.unlearn4j.core.train.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer settings that every SGD-based method shares, under the same names everywhere:
 * {@code learningRate}, {@code epochs}, {@code batchSize}, {@code momentum}, {@code weightDecay}.
 *
 * @param learningRate η &gt; 0
 * @param epochs passes over the method's primary data
 * @param batchSize rows per mini-batch
 * @param momentum μ in [0, 1)
 * @param weightDecay ℓ2 coefficient ≥ 0
 */
public record TrainingSettings(double learningRate, int epochs, int batchSize, double momentum, double weightDecay) {
    /** Name of the learning-rate setting. */
    public static final String LEARNING_RATE = "learningRate";
    /** Name of the epochs setting. */
    public static final String EPOCHS = "epochs";
    /** Name of the batch-size setting. */
    public static final String BATCH_SIZE = "batchSize";
    /** Name of the momentum setting. */
    public static final String MOMENTUM = "momentum";
    /** Name of the weight-decay setting. */
    public static final String WEIGHT_DECAY = "weightDecay";
    /** Name of the learning-rate schedule setting. */
    public static final String SCHEDULE = "schedule";

    /**
     * Declares the five settings with a method's defaults.
     *
     * @param defaults the method's defaults
     * @return the settings, for a {@link io.github.unlearn4j.api.settings.SettingsSchema}
     */
    public static List<Setting<?>> declare(TrainingSettings defaults) {
        return List.of(
                Setting.positiveReal(LEARNING_RATE, defaults.learningRate(), "SGD learning rate"),
                Setting.integer(EPOCHS, defaults.epochs(), 1, 1_000_000, "passes over the training data"),
                Setting.integer(BATCH_SIZE, defaults.batchSize(), 1, 1 << 24, "rows per mini-batch"),
                Setting.real(MOMENTUM, defaults.momentum(), 0, 0.999, "SGD momentum"),
                Setting.real(WEIGHT_DECAY, defaults.weightDecay(), 0, 1, "L2 weight decay"));
    }

    /**
     * Declares the five settings plus {@code schedule} (constant by default) and any extra ones.
     *
     * @param defaults the method's defaults
     * @param extra method-specific settings
     * @return all settings
     */
    public static List<Setting<?>> declareWithSchedule(TrainingSettings defaults, Setting<?>... extra) {
        List<Setting<?>> all = new ArrayList<>(declare(defaults));
        all.add(Setting.choice(SCHEDULE, LearningRateSchedule.class, LearningRateSchedule.CONSTANT,
                "learning-rate schedule over the run"));
        all.addAll(List.of(extra));
        return all;
    }

    /**
     * Reads the schedule setting.
     *
     * @param s resolved settings of a schema built by {@link #declareWithSchedule}
     * @return the schedule
     */
    public static LearningRateSchedule schedule(ResolvedSettings s) {
        return s.get(SCHEDULE, LearningRateSchedule.class);
    }

    /**
     * Reads the five settings.
     *
     * @param s resolved settings of a schema that {@link #declare}d them
     * @return the values
     */
    public static TrainingSettings from(ResolvedSettings s) {
        return new TrainingSettings(
                s.get(LEARNING_RATE, Double.class),
                s.get(EPOCHS, Integer.class),
                s.get(BATCH_SIZE, Integer.class),
                s.get(MOMENTUM, Double.class),
                s.get(WEIGHT_DECAY, Double.class));
    }

    /**
     * These values as settings of a method that {@link #declare}s them (e.g. {@code retrain}).
     *
     * @return learningRate, epochs, batchSize, momentum and weightDecay by name, in that order
     */
    public java.util.Map<String, Object> toSettings() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(LEARNING_RATE, learningRate);
        m.put(EPOCHS, epochs);
        m.put(BATCH_SIZE, batchSize);
        m.put(MOMENTUM, momentum);
        m.put(WEIGHT_DECAY, weightDecay);
        return m;
    }

    /** @return the momentum and weight decay as an {@link SgdConfig} */
    public SgdConfig sgd() {
        return new SgdConfig(momentum, weightDecay);
    }
}
