package io.github.unlearn4j.api;

/**
 * Bad input, detected before any compute: an invalid forget set, a shape mismatch, non-finite
 * data, a bad setting. The message names the field and the offending value. The caller's model is
 * untouched.
 */
public class InvalidRequestException extends UnlearnException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the field and the value
     */
    public InvalidRequestException(String message) {
        super(message);
    }

    /**
     * Builds the standard message {@code "<field> = <value>: <problem>"}.
     *
     * @param field the field or setting that is wrong
     * @param value the offending value
     * @param problem what is wrong with it and what is allowed
     * @return the exception
     */
    public static InvalidRequestException of(String field, Object value, String problem) {
        return new InvalidRequestException(field + " = " + value + ": " + problem);
    }
}
