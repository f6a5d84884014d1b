package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.checkpoint.CheckpointException;
import io.github.unlearn4j.core.checkpoint.Checkpoints;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptMac;
import io.github.unlearn4j.core.receipt.ReceiptVerification;
import io.github.unlearn4j.core.receipt.ReceiptVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.stream.Collectors;

/**
 * {@code verify-receipt}: checks a receipt written by {@code forget --receipt ... --receipt-key KEY}
 * with the same key: its MAC (was it edited?), and, when given, that the model files are the ones
 * it names (their parameters' SHA-256 fingerprints) and that it was for the given rows (its keyed
 * forget-set commitment). Prints one line per check, then a summary with the receipt's digest.
 * Exit status: 0 when no check failed, 1 when one did, 2 on bad input (a missing or malformed
 * file, named with its option).
 */
@Command(name = "verify-receipt", description = "Check a receipt's MAC, model fingerprints and forget-set"
        + " commitment with the key it was made with.", footer = {"", "Exit status: 0 when no check failed, 1 when"
        + " one did, 2 on bad input."})
final class VerifyReceiptCommand implements Callable<Integer> {
    static final String USAGE = "verify-receipt --receipt FILE.json --key-file KEY [--before ORIGINAL.ckpt]\n"
            + "         [--after MODEL.ckpt] [--forget-ids FILE]";
    private final PrintStream out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--receipt", paramLabel = "FILE.json", description = "The receipt to check (required).")
    Path receipt;

    @Option(names = "--key-file", paramLabel = "KEY", description = "The key file the receipt was made with"
            + " (forget --receipt-key; required).")
    Path keyFile;

    @Option(names = "--before", paramLabel = "ORIGINAL.ckpt", description = "The original model's checkpoint"
            + " file: checked against the receipt's 'before' fingerprint.")
    Path before;

    @Option(names = "--after", paramLabel = "MODEL.ckpt", description = "The unlearned model's checkpoint file:"
            + " checked against the receipt's 'after' fingerprint.")
    Path after;

    @Option(names = "--forget-ids", paramLabel = "FILE", description = "The row ids the receipt should be for,"
            + " separated by commas, spaces or newlines.")
    Path forgetIds;

    VerifyReceiptCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        required(receipt, "receipt", "the receipt file to check");
        required(keyFile, "key-file", "the key file the receipt was made with (forget --receipt-key)");
        ReceiptKey key = ReceiptKey.read(keyFile);
        float[] beforeParams = before != null ? parameters(before, "--before") : null;
        float[] afterParams = after != null ? parameters(after, "--after") : null;
        int[] ids = forgetIds != null ? readIds(forgetIds) : null;

        ReceiptVerification v = new ReceiptVerifier(key).verifyFile(receipt, beforeParams, afterParams, ids);
        v.checks().forEach(c -> out.println(c.text()));
        String digest = digest(receipt);
        if (v.passed()) {
            long skipped = v.checks().stream().filter(c -> c.status() == ReceiptVerification.Status.SKIPPED).count();
            out.println("receipt verified" + (skipped > 0 ? " (" + skipped + " checks skipped)" : "") + "; digest "
                    + digest);
            return 0;
        }
        out.println("receipt NOT verified: " + v.failures().size() + " failed ("
                + v.failures().stream().map(ReceiptVerification.Check::name).collect(Collectors.joining(", "))
                + "); digest " + digest);
        return 1;
    }

    /**
     * Reads a checkpoint's parameters, for checking the receipt's fingerprints: whatever its
     * provenance, since comparing the parameters with the receipt's fingerprint is the check that
     * matters. A missing, unreadable or bad file fails naming the option.
     */
    static float[] parameters(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw InvalidRequestException.of(option, file, Files.exists(file) ? "is not a file"
                    : "does not exist; give a " + Checkpoints.EXTENSION + " file that forget saved");
        }
        try {
            return Checkpoints.read(file).parameters();
        } catch (CheckpointException e) {
            throw InvalidRequestException.of(option, file, e.problem());
        } catch (UncheckedIOException e) {
            throw InvalidRequestException.of(option, file, "cannot be read: " + e.getCause());
        }
    }

    private static void required(Path value, String name, String what) {
        if (value == null) {
            throw InvalidRequestException.of("--" + name, "(missing)", "required: " + what + "; usage: " + USAGE);
        }
    }

    private static String digest(Path receipt) {
        try {
            return ReceiptMac.digest(Files.readString(receipt, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw InvalidRequestException.of("--receipt", receipt, "cannot be read: " + e);
        }
    }

    /** Reads row ids separated by commas, spaces or newlines. */
    static int[] readIds(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InvalidRequestException.of("--forget-ids", file, "does not exist or is not a file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidRequestException.of("--forget-ids", file, "cannot be read: " + e);
        }
        List<Integer> ids = new ArrayList<>();
        for (String token : text.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                ids.add(Integer.parseInt(token));
            } catch (NumberFormatException e) {
                throw InvalidRequestException.of("--forget-ids", file, "'" + token + "' is not a row id (an integer)");
            }
        }
        if (ids.isEmpty()) {
            throw InvalidRequestException.of("--forget-ids", file, "holds no row ids");
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
