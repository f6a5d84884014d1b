package io.github.unlearn4j.api;

/** The run was cancelled through its {@link io.github.unlearn4j.api.progress.CancellationToken}. */
public class UnlearningCancelledException extends UnlearnException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where the run stopped
     */
    public UnlearningCancelledException(String message) {
        super(message);
    }
}
