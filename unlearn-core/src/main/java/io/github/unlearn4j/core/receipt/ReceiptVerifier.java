package io.github.unlearn4j.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.receipt.ReceiptVerification.Check;
import io.github.unlearn4j.core.receipt.ReceiptVerification.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a receipt later: that it is the one the application issued (its MAC, under the
 * application's {@link ReceiptKey}), that it names the given model files (their parameters'
 * fingerprints), and optionally that it was for a given set of rows (its forget-set commitment).
 *
 * <pre>{@code
 * ReceiptVerification v = new ReceiptVerifier(ReceiptKey.read(keyFile))
 *         .verify(Files.readString(receiptFile), original.parameters(), unlearned.parameters(), null);
 * if (!v.passed()) {
 *     log.warn("receipt check failed:\n{}", v.text());
 * }
 * }</pre>
 *
 * <p>Every check runs, and each reports on its own ({@link ReceiptVerification}); a failed MAC does
 * not stop the fingerprint checks. The checks read the receipt's JSON as it is, so members a newer
 * version added are covered by the MAC too. A MAC shows that the receipt is unchanged since someone
 * holding the key sealed it; it cannot tell which member was edited. Whoever holds the key can also
 * seal receipts, so a MAC convinces the key holder, or an auditor who trusts the key holder's
 * verification; a third party who must not hold the key needs a signature (not part of this
 * version).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReceiptVerifier {
    private final ReceiptKey key;

    /**
     * Creates a verifier.
     *
     * @param key the key the receipts were made with
     */
    public ReceiptVerifier(ReceiptKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Checks a receipt's schema and MAC only.
     *
     * @param receiptJson the receipt's JSON text
     * @return the checks; before, after and forgetSet are {@link Status#SKIPPED}
     * @throws InvalidRequestException naming {@code receipt} when the text is not a JSON object
     */
    public ReceiptVerification verify(String receiptJson) {
        return verify(receiptJson, null, null, null);
    }

    /**
     * Checks a receipt: its schema and MAC, and against whatever else is given.
     *
     * @param receiptJson the receipt's JSON text
     * @param before the input model's parameters, or null to skip that check
     * @param after the returned model's parameters, or null to skip that check
     * @param forgetIds the rows the receipt should be for, in any order, or null to skip that check
     * @return every check
     * @throws InvalidRequestException naming {@code receipt} when the text is not a JSON object
     */
    public ReceiptVerification verify(String receiptJson, float[] before, float[] after, int[] forgetIds) {
        return verify(ReceiptMac.parseObject(receiptJson, "JSON"), before, after, forgetIds);
    }

    /**
     * Checks a receipt file, as {@link #verify(String, float[], float[], int[])}.
     *
     * @param receiptFile the receipt file
     * @param before the input model's parameters, or null to skip that check
     * @param after the returned model's parameters, or null to skip that check
     * @param forgetIds the rows the receipt should be for, or null to skip that check
     * @return every check
     * @throws InvalidRequestException naming {@code receipt} and the path when the file does not
     *     exist, cannot be read, or is not a JSON object
     */
    public ReceiptVerification verifyFile(Path receiptFile, float[] before, float[] after, int[] forgetIds) {
        Objects.requireNonNull(receiptFile, "receiptFile");
        if (!Files.isRegularFile(receiptFile)) {
            throw InvalidRequestException.of("receipt", receiptFile,
                    Files.exists(receiptFile) ? "is not a file" : "does not exist");
        }
        String text;
        try {
            text = Files.readString(receiptFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidRequestException.of("receipt", receiptFile, "cannot be read: " + e);
        }
        return verify(ReceiptMac.parseObject(text, receiptFile), before, after, forgetIds);
    }

    private ReceiptVerification verify(ObjectNode tree, float[] before, float[] after, int[] forgetIds) {
        List<Check> checks = new ArrayList<>();
        checks.add(schema(tree));
        checks.add(mac(tree));
        checks.add(fingerprint(tree, "before", before));
        checks.add(fingerprint(tree, "after", after));
        checks.add(forgetSet(tree, forgetIds));
        return new ReceiptVerification(checks);
    }

    private static Check schema(ObjectNode tree) {
        JsonNode s = tree.path("schema");
        if (s.isTextual() && s.asText().equals(UnlearningReceipt.SCHEMA)) {
            return new Check("schema", Status.PASS, UnlearningReceipt.SCHEMA);
        }
        return new Check("schema", Status.FAIL, "schema is " + s + "; this version checks " + UnlearningReceipt.SCHEMA
                + " (receipts of unlearn4j-receipt/1 carry no MAC)");
    }

    private Check mac(ObjectNode tree) {
        JsonNode mac = tree.path("mac");
        if (mac.isMissingNode() || mac.isNull()) {
            return new Check("mac", Status.FAIL, "the receipt has no mac: it was made without a receipt key, so an"
                    + " edit cannot be detected");
        }
        if (!mac.isTextual() || !mac.asText().matches("[0-9a-f]{64}")) {
            return new Check("mac", Status.FAIL, "mac = " + abbreviate(mac.toString())
                    + " is not 64 lower-case hex digits: the receipt was edited");
        }
        JsonNode seal = tree.path("seal");
        if (!seal.isObject()) {
            return new Check("mac", Status.FAIL, "the receipt has a mac but no seal member: the receipt was edited");
        }
        String algorithm = seal.path("algorithm").asText("");
        if (!ReceiptMac.ALGORITHM.equals(algorithm)) {
            return new Check("mac", Status.FAIL, "seal.algorithm = " + abbreviate(seal.path("algorithm").toString())
                    + "; only " + ReceiptMac.ALGORITHM + " is known");
        }
        String keyId = seal.path("keyId").asText("");
        if (!key.id().equals(keyId)) {
            return new Check("mac", Status.FAIL, "the receipt was sealed under key id " + abbreviate(keyId)
                    + ", the given key has id " + key.id() + ": wrong key file, or the seal was edited");
        }
        String expected = ReceiptMac.compute(key, tree);
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                mac.asText().getBytes(StandardCharsets.US_ASCII));
        return same
                ? new Check("mac", Status.PASS, ReceiptMac.ALGORITHM + " under key " + key.id()
                        + " matches the content: the receipt is unchanged since it was sealed")
                : new Check("mac", Status.FAIL, ReceiptMac.ALGORITHM + " under key " + key.id()
                        + " does not match the content: the receipt was edited after it was sealed");
    }

    private static Check fingerprint(ObjectNode tree, String which, float[] parameters) {
        if (parameters == null) {
            return new Check(which, Status.SKIPPED, "no model given");
        }
        JsonNode stored = tree.path("model").path(which);
        String actual = Fingerprint.parameters(parameters);
        String count = parameters.length + " parameters";
        if (!stored.isTextual()) {
            return new Check(which, Status.FAIL, "model." + which + " = " + abbreviate(stored.toString())
                    + (which.equals("after") && stored.isNull() ? " (the receipt says no model was returned)" : "")
                    + "; the given model's " + count + " hash to " + actual);
        }
        if (actual.equals(stored.asText())) {
            return new Check(which, Status.PASS, Fingerprint.ALGORITHM + " of the given model's " + count
                    + " matches model." + which + " = " + actual);
        }
        JsonNode receiptCount = tree.path("model").path("parameterCount");
        String sizes = receiptCount.canConvertToLong() && receiptCount.asLong() != parameters.length
                ? " (the receipt's model has " + receiptCount.asLong() + " parameters, the given one "
                        + parameters.length + ")"
                : "";
        return new Check(which, Status.FAIL, "the given model's " + count + " hash to " + actual + ", but model."
                + which + " = " + abbreviate(stored.asText()) + sizes + ": a different model");
    }

    private Check forgetSet(ObjectNode tree, int[] ids) {
        if (ids == null) {
            return new Check("forgetSet", Status.SKIPPED, "no forget ids given");
        }
        JsonNode stored = tree.path("forgetSet").path("commitment");
        if (!stored.isTextual()) {
            return new Check("forgetSet", Status.FAIL, "forgetSet.commitment = " + abbreviate(stored.toString())
                    + ": the receipt was made without a receipt key, so it cannot show which rows it was for");
        }
        String requestId = tree.path("requestId").asText("");
        String expected = ForgetSetCommitment.compute(key, requestId, ids);
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                stored.asText().getBytes(StandardCharsets.US_ASCII));
        return same
                ? new Check("forgetSet", Status.PASS, "forgetSet.commitment is for exactly the given " + ids.length
                        + " ids")
                : new Check("forgetSet", Status.FAIL, "forgetSet.commitment is not for the given " + ids.length
                        + " ids (other rows, another key, or an edited receipt)");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
