package io.github.unlearn4j.examples.cli;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.receipt.ReceiptKey;
import io.github.unlearn4j.core.receipt.ReceiptMac;
import io.github.unlearn4j.core.receipt.ReceiptVerification;
import io.github.unlearn4j.core.receipt.ReceiptVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code verify-receipt}: checks a receipt written by {@code forget --receipt ... --receipt-key KEY}
 * with the same key: its MAC (was it edited?), and, when given, that the model files are the ones
 * it names (their parameters' SHA-256 fingerprints) and that it was for the given rows (its keyed
 * forget-set commitment). Prints one line per check, then a summary with the receipt's digest.
 * Exit status: 0 when no check failed, 1 when one did, 2 on bad input (a missing or malformed
 * file, named with its option).
 */
final class VerifyReceiptCommand {
    static final String USAGE = "verify-receipt --receipt FILE.json --key-file KEY [--before ORIGINAL.params]\n"
            + "         [--after MODEL.params] [--forget-ids FILE]";

    int run(String[] args, PrintStream out) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
            out.println("usage: unlearn4j " + USAGE);
            out.println("  --forget-ids FILE: the row ids the receipt should be for, separated by commas,"
                    + " spaces or newlines");
            return 0;
        }
        Args a = new Args(args, 0, Set.of("receipt", "key-file", "before", "after", "forget-ids"), Set.of());
        if (!a.positional().isEmpty()) {
            throw InvalidRequestException.of("argument", a.positional().get(0), "unexpected; usage: " + USAGE);
        }
        Path receipt = Path.of(required(a, "receipt", "the receipt file to check"));
        ReceiptKey key = ReceiptKey.read(Path.of(required(a, "key-file",
                "the key file the receipt was made with (forget --receipt-key)")));
        float[] before = a.has("before") ? ParameterFiles.read(Path.of(a.get("before", "")), "--before") : null;
        float[] after = a.has("after") ? ParameterFiles.read(Path.of(a.get("after", "")), "--after") : null;
        int[] ids = a.has("forget-ids") ? readIds(Path.of(a.get("forget-ids", ""))) : null;

        ReceiptVerification v = new ReceiptVerifier(key).verifyFile(receipt, before, after, ids);
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

    private static String required(Args a, String name, String what) {
        if (!a.has(name)) {
            throw InvalidRequestException.of("--" + name, "(missing)", "required: " + what + "; usage: " + USAGE);
        }
        return a.get(name, "");
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
