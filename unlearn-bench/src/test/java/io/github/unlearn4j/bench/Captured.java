package io.github.unlearn4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What one run of a command-line program returned and printed, for the tests of the bench's
 * programs.
 *
 * @param status the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record Captured(int status, String out, String err) {
    /** A program's {@code run(args, out, err)}. */
    @FunctionalInterface
    public interface Program {
        /**
         * Runs the program.
         *
         * @param args the arguments
         * @param out standard output
         * @param err standard error
         * @return the exit status
         */
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /**
     * Runs a program and keeps what it printed.
     *
     * @param program the program
     * @param args the arguments
     * @return the status and the output
     */
    public static Captured run(Program program, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = program.run(args, o, e);
        }
        return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
