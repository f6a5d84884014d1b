package io.github.unlearn4j.api;

import java.util.List;

/** A method or verifier name that no registered provider answers to. */
public class UnknownProviderException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception, listing the known names.
     *
     * @param kind what was looked up, e.g. {@code "unlearner"}
     * @param name the unknown name
     * @param known the names that are registered
     */
    public UnknownProviderException(String kind, String name, List<String> known) {
        super("unknown " + kind + " '" + name + "'; known " + kind + "s: " + known);
    }
}
