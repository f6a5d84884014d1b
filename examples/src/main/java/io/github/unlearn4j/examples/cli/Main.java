package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The command-line program behind {@code ./unlearn4j}. Subcommands:
 *
 * <ul>
 *   <li>{@code methods [--verbose]}: every registered unlearner and verifier, one line each;
 *   <li>{@code theory [--json] [--seed N]}: the paper's linear-regression theory (DESIGN.md §2);
 *   <li>{@code forget ...}: unlearning on Fashion-MNIST with the DJL backend, against retrain;
 *   <li>{@code verify-receipt ...}: checks a receipt's MAC, model fingerprints and forget set.
 * </ul>
 *
 * Exit status: 0 on success, 2 on bad input (the message names the field and value), 1 on any
 * other failure.
 */
public final class Main {
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
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0].toLowerCase(Locale.ROOT)) {
                case "methods":
                    return new MethodsCommand().run(Arrays.copyOfRange(args, 1, args.length), out);
                case "theory":
                    return new TheoryCommand().run(Arrays.copyOfRange(args, 1, args.length), out);
                case "forget":
                    return new ForgetCommand().run(Arrays.copyOfRange(args, 1, args.length), out, err);
                case "verify-receipt":
                    return new VerifyReceiptCommand().run(Arrays.copyOfRange(args, 1, args.length), out);
                default:
                    err.println("unlearn4j: unknown command '" + args[0] + "'; known commands: methods, theory, forget,"
                            + " verify-receipt");
                    return 2;
            }
        } catch (InvalidRequestException e) {
            err.println("unlearn4j: " + e.getMessage());
            return 2;
        } catch (UnlearnException e) {
            err.println("unlearn4j: " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: unlearn4j <command> [options]");
        out.println();
        out.println("commands:");
        out.println("  methods [--verbose]          list every registered unlearner and verifier");
        out.println("  theory [--json] [--seed N]   FT vs golden in overparameterized linear regression");
        out.println("  " + ForgetCommand.USAGE);
        out.println("                               train (or load) a Fashion-MNIST model, forget, compare with retrain");
        out.println("  verify-receipt --receipt FILE --key-file KEY [--before F.params] [--after F.params] [--forget-ids FILE]");
        out.println("                               check a receipt's MAC, model fingerprints and forget-set commitment");
    }
}
