package io.github.unlearn4j.api;

/**
 * The loss or the parameters became NaN or infinite during a run. The run stops at once; the
 * caller's model is untouched. Lower the learning rate, or check the data.
 */
public class TrainingDivergedException extends UnlearnException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where it diverged: stage, epoch, step and the loss value
     */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
