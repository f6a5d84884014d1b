package io.github.unlearn4j.core.recipe;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.train.LearningRateSchedule;

/**
 * The phases that several built-in methods share, so that a method assembles them instead of
 * borrowing them from another method's provider. Each uses SGD with the momentum and weight decay
 * of its {@link TrainingSettings}.
 */
public final class Phases {
    private Phases() {}

    /**
     * Fine-tuning on the retain set: {@code θ ← θ − η v, v ← μ v + ∇CE(θ; B_r) + λθ} over retain
     * batches B_r (used by {@code ft}, {@code retrain}, {@code rbm} and {@code salun objective=ft}).
     *
     * @param name the stage name
     * @param training learning rate, epochs, batch size, momentum, weight decay
     * @param schedule the learning-rate schedule
     * @return the phase, over all parameters
     */
    public static Phase retainFineTune(String name, TrainingSettings training, LearningRateSchedule schedule) {
        return Phase.simple(name, training, BatchOrdering.PAIRED, ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1.0))
                .withSchedule(schedule);
    }

    /**
     * Random labelling: each epoch, CE on the forget set with labels drawn uniformly from all
     * classes, then CE on the retain set with true labels (used by {@code rl}, {@code salun} and
     * {@code rbm variant=masked-rl}). The same as {@link #randomLabels(String, TrainingSettings,
     * LearningRateSchedule, LabelMode)} with {@link LabelMode#RANDOM}.
     *
     * @param name the stage name
     * @param training learning rate, epochs, batch size, momentum, weight decay
     * @param schedule the learning-rate schedule
     * @return the phase, over all parameters
     */
    public static Phase randomLabels(String name, TrainingSettings training, LearningRateSchedule schedule) {
        return randomLabels(name, training, schedule, LabelMode.RANDOM);
    }

    /**
     * Random labelling: each epoch, {@code CE(θ; x, y')} on the forget set with a label y' drawn per
     * row and step as {@code labels} says (uniform over all C classes, or over the C − 1 wrong
     * ones), then {@code CE(θ; x, y)} on the retain set with true labels.
     *
     * @param name the stage name
     * @param training learning rate, epochs, batch size, momentum, weight decay
     * @param schedule the learning-rate schedule
     * @param labels {@link LabelMode#RANDOM} or {@link LabelMode#RANDOM_OTHER}
     * @return the phase, over all parameters
     * @throws InvalidRequestException if {@code labels} is {@link LabelMode#TRUE}
     */
    public static Phase randomLabels(
            String name, TrainingSettings training, LearningRateSchedule schedule, LabelMode labels) {
        if (labels == LabelMode.TRUE) {
            throw InvalidRequestException.of("labels", labels, "random labelling draws RANDOM or RANDOM_OTHER labels");
        }
        return Phase.simple(name, training, BatchOrdering.FORGET_FIRST,
                        new ObjectiveTerm(DataRole.FORGET, TermKind.TASK, 1.0, labels),
                        ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1.0))
                .withSchedule(schedule);
    }
}
