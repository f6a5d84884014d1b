package io.github.unlearn4j.core.checkpoint;

import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that cannot be read as a checkpoint: not a checkpoint at all, one of the old {@code "UL4J"}
 * parameter files, another format version, or a corrupt one (a length or count that does not fit
 * the file, an invalid field, a checksum that does not match). The message names the file and the
 * field, and says what to do; it is raised before anything the file claims is allocated and before
 * any model is touched.
 */
public class CheckpointException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** The file; kept as a string so that the exception stays serializable. */
    private final String file;
    private final String problem;

    /**
     * Creates the exception, with the message {@code "checkpoint file = <file>: <problem>"}.
     *
     * @param file the file that could not be read
     * @param problem what is wrong with it, and what to do about it
     */
    public CheckpointException(Path file, String problem) {
        super("checkpoint file = " + file + ": " + problem);
        this.file = String.valueOf(file);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** @return the file that could not be read */
    public Path file() {
        return Path.of(file);
    }

    /**
     * What is wrong with the file, without the file's name: for a caller that names the file
     * otherwise, e.g. by the command-line option that gave it.
     *
     * @return the problem and what to do about it
     */
    public String problem() {
        return problem;
    }
}
