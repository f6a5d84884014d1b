package io.github.unlearn4j.api;

/**
 * A failure inside a compute backend (a native engine error, a device that is not available)
 * or inside a plugin. The message names the backend or plugin; the cause holds the original.
 */
public class BackendException extends UnlearnException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, and where
     */
    public BackendException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed, and where
     * @param cause the original failure
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
