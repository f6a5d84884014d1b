package io.github.unlearn4j.core.recipe;

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
     * {@code rbm variant=masked-rl}).
     *
     * @param name the stage name
     * @param training learning rate, epochs, batch size, momentum, weight decay
     * @param schedule the learning-rate schedule
     * @return the phase, over all parameters
     */
    public static Phase randomLabels(String name, TrainingSettings training, LearningRateSchedule schedule) {
        return Phase.simple(name, training, BatchOrdering.FORGET_FIRST,
                        new ObjectiveTerm(DataRole.FORGET, TermKind.TASK, 1.0, LabelMode.RANDOM),
                        ObjectiveTerm.of(DataRole.RETAIN, TermKind.TASK, 1.0))
                .withSchedule(schedule);
    }
}
