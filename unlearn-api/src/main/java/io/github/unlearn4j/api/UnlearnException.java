package io.github.unlearn4j.api;

/**
 * Root of the unchecked exceptions thrown by unlearn4j. Every message names the cause and, where
 * there is one, what to do about it.
 */
public class UnlearnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, and what to do about it
     */
    public UnlearnException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, and what to do about it
     * @param cause the underlying failure
     */
    public UnlearnException(String message, Throwable cause) {
        super(message, cause);
    }
}
