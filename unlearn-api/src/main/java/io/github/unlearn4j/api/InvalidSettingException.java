package io.github.unlearn4j.api;

/** A setting that is unknown, of the wrong type, or outside its allowed range. */
public class InvalidSettingException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the setting, the value and what is allowed
     */
    public InvalidSettingException(String message) {
        super(message);
    }
}
