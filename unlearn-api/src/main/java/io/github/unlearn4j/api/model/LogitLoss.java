package io.github.unlearn4j.api.model;

/**
 * A plugin's own loss term, engine-neutral: a per-row function of the model's outputs (the logits
 * z, before softmax), the row's label and an optional target distribution, that returns the row's
 * loss and writes its gradient with respect to the logits. Every backend runs it without knowing
 * it: it computes the logits of the batch, copies them to the host, calls {@link #rowLoss} once per
 * row, and back-propagates the returned logit-gradients through the model (the reference backend by
 * the chain rule; DJL as the backward pass of {@code Σ z ⊙ stopGradient(G)}). The term's value on a
 * batch is the mean of the row losses, and its gradient the mean of the row gradients, as for the
 * built-in terms.
 *
 * <p>If {@link #teacher()} is not null, the target of each row is the teacher's class probabilities
 * {@code softmax(z_teacher)} on that row (a frozen teacher, only read, of the same backend and
 * shape as the student: a second, "bad" teacher for example); otherwise the target is null.
 *
 * <p>Classification models only. The function must be stateless and must not keep the arrays it is
 * given; each call gets fresh values. A non-finite loss or gradient fails the step with an
 * exception that names the term.
 */
public non-sealed interface LogitLoss extends LossTerm {
    /**
     * The frozen teacher whose probabilities are each row's target; null (the default) for none.
     *
     * @return the teacher, or null
     */
    default TrainableModel teacher() {
        return null;
    }

    /**
     * The loss of one row and its gradient with respect to the logits.
     *
     * @param logits the model's C outputs on the row; read only
     * @param label the row's label (or its replacement label from the batch), in [0, C)
     * @param target the teacher's C class probabilities on the row, or null without a teacher;
     *     read only
     * @param gradient C values to overwrite with ∂loss/∂logits
     * @return the row's loss
     */
    double rowLoss(double[] logits, int label, double[] target, double[] gradient);
}
