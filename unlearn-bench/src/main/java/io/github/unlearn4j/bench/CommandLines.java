package io.github.unlearn4j.bench;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the bench's command-line programs ({@link FtEpochMain},
 * {@link io.github.unlearn4j.bench.harness.ResultsHarness}) with picocli and the conventions of
 * {@code ./unlearn4j}: generated {@code --help} (exit status 0); bad input, that is an unknown
 * option, a stray argument, a value that is not a number, an option given twice, or an
 * {@link InvalidRequestException} from the program, exits with {@link #BAD_INPUT} after one line
 * that names the option and the value; any other failure exits with {@link #FAILED}.
 */
public final class CommandLines {
    /** Exit status for bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit status for any other failure. */
    public static final int FAILED = 1;

    private CommandLines() {}

    /**
     * Parses the arguments into a picocli command object and calls it.
     *
     * @param command an object annotated with picocli's {@code @Command}, implementing
     *     {@code Callable<Integer>} or {@code Runnable}, or the {@code CommandSpec} of one
     * @param args the arguments
     * @param out where the help and the program's results go
     * @param err where errors go
     * @return the command's exit status, {@link #BAD_INPUT} or {@link #FAILED}
     */
    public static int execute(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((e, a) -> {
            errWriter.println(name + ": " + message(e));
            errWriter.println("  (see: " + name + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            errWriter.println(name + ": " + (e instanceof UnlearnException ? e.getMessage() : e.toString()));
            if (!(e instanceof UnlearnException)) {
                e.printStackTrace(errWriter);
            }
            return e instanceof InvalidRequestException ? BAD_INPUT : FAILED;
        });
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The one line for a parse error: the option (or argument) and the value, and what is wrong. */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                return "option " + first + ": unknown" + (u.getSuggestions().isEmpty() ? ""
                        : "; did you mean " + String.join(" or ", u.getSuggestions()) + "?");
            }
            return "argument '" + first + "': unexpected; this program takes options only, each with one value"
                    + " (a list is one comma-separated value)";
        }
        return e.getArgSpec() instanceof OptionSpec o && e.getValue() != null
                ? o.longestName() + " = " + e.getValue() + ": " + e.getMessage() : e.getMessage();
    }
}
