package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.djl.mnist.FashionMnist;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command-line program behind {@code ./unlearn4j}, parsed with picocli. Subcommands:
 *
 * <ul>
 *   <li>{@code methods [--verbose]}: every registered unlearner and verifier, one line each;
 *   <li>{@code theory [--json] [--seed N]}: the paper's linear-regression theory (DESIGN.md §2);
 *   <li>{@code forget ...}: unlearning on Fashion-MNIST with the DJL backend, against retrain;
 *   <li>{@code verify-receipt ...}: checks a receipt's MAC, model fingerprints and forget set;
 *   <li>{@code ledger init|submit|run|status|export|verify|prune --ledger DIR ...}: a durable
 *       deletion ledger in a folder ({@link LedgerCommand}): {@code init} trains (or reads) the
 *       original and stores the configuration, {@code submit} records requests (idempotent on the
 *       id), {@code run} applies the pending ones in rounds, {@code status} shows the served version,
 *       the requests and the cost estimate, {@code export} writes the receipt chain as JSON,
 *       {@code verify} checks the chain and the model files (status 1 naming the first bad entry),
 *       {@code prune} removes the versions killed rounds left behind.
 * </ul>
 *
 * {@code unlearn4j --help} and {@code unlearn4j COMMAND --help} print the generated help.
 * Exit status: 0 on success, 2 on bad input (the message names the option and the value), 1 on
 * any other failure.
 */
public final class Main {
    /** Exit status for bad input: an unknown option or command, a bad value, a missing file. */
    static final int BAD_INPUT = 2;
    /** Exit status for any other failure. */
    static final int FAILED = 1;

    private Main() {}

    /**
     * Runs a subcommand.
     *
     * @param args the subcommand and its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a subcommand, printing to the given streams.
     *
     * @param args the subcommand and its options
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, FashionMnist.DEFAULT_FOLDER);
    }

    /**
     * Runs a subcommand with another default data folder (for tests of the fallback).
     *
     * @param args the subcommand and its options
     * @param out standard output
     * @param err standard error
     * @param defaultData the folder {@code forget} reads when {@code --data} is not given
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err, Path defaultData) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = commandLine(out, err, defaultData);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((e, a) -> badInput(e, errWriter));
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof InvalidRequestException) {
                errWriter.println("unlearn4j: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof UnlearnException) {
                errWriter.println("unlearn4j: " + e.getMessage());
                return FAILED;
            }
            errWriter.println("unlearn4j: " + e);
            return FAILED;
        });
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * The command tree, with the subcommands as objects so that they print to the given streams.
     *
     * @param out standard output
     * @param err standard error
     * @param defaultData the default data folder of {@code forget}
     * @return the command line
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, Path defaultData) {
        CommandLine cli = new CommandLine(new Root());
        cli.addSubcommand("methods", new MethodsCommand(out));
        cli.addSubcommand("theory", new TheoryCommand(out));
        cli.addSubcommand("forget", new ForgetCommand(out, err, defaultData));
        cli.addSubcommand("verify-receipt", new VerifyReceiptCommand(out));
        cli.addSubcommand("ledger", LedgerCommand.commandLine(out, err, defaultData));
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    private static int badInput(ParameterException e, PrintWriter err) {
        CommandLine c = e.getCommandLine();
        String message;
        if (e instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (!c.getSubcommands().isEmpty() && !first.startsWith("-")) {
                message = "unknown command '" + first + "'; known commands: "
                        + String.join(", ", c.getSubcommands().keySet());
            } else if (first.startsWith("-")) {
                message = "option " + first + ": unknown" + (u.getSuggestions().isEmpty() ? ""
                        : "; did you mean " + String.join(" or ", u.getSuggestions()) + "?");
            } else {
                message = "argument '" + first + "': unexpected; an option takes one value: give several as one"
                        + " comma-separated list, e.g. --method ft,rbm";
            }
        } else {
            ArgSpec spec = e.getArgSpec();
            String value = e.getValue();
            message = spec instanceof OptionSpec o && value != null
                    ? o.longestName() + " = " + value + ": " + e.getMessage() : e.getMessage();
        }
        err.println("unlearn4j: " + message);
        err.println("  (see: " + c.getCommandSpec().qualifiedName() + " --help)");
        return BAD_INPUT;
    }

    /** The top command: prints the help when no subcommand is given. */
    @Command(name = "unlearn4j", description = "Machine unlearning: forget part of a model's training data, verify"
            + " it, and compare with retraining.", synopsisSubcommandLabel = "COMMAND",
            footer = {"", "Exit status: 0 on success, 2 on bad input (the message names the option and value),"
                    + " 1 on any other failure.",
                "Plugins: the launcher reads UNLEARN4J_PLUGINS=a.jar:b.jar (their methods and verifiers);",
                "a jar that does not exist stops it."})
    static final class Root implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return BAD_INPUT;
        }
    }

    /**
     * Lower-cases a word option's value.
     *
     * @param value the value
     * @return it in lower case
     */
    static String lower(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
