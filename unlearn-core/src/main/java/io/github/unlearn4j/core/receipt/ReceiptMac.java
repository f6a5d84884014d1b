package io.github.unlearn4j.core.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.unlearn4j.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The receipt's MAC and digest, over a canonical form of its JSON.
 *
 * <p>The MAC covers every member of the receipt except {@code mac} itself, whatever the members
 * are: members this version does not know (added by a newer version, or by a ledger that chains
 * receipts by putting the previous receipt's {@link #digest(String) digest} into the next one) are
 * covered too, and the check does not depend on how the file is indented. So a later format only
 * adds members; sealing and checking stay the same.
 *
 * <p>{@link #digest(String)} is SHA-256 over the same canonical form with the {@code mac} member
 * kept: a name for one sealed receipt, for a ledger to chain on. It is public by design and says
 * nothing about the forget set (the commitment inside is keyed).
 */
public final class ReceiptMac {
    /** The MAC algorithm. */
    public static final String ALGORITHM = ReceiptKey.ALGORITHM;
    /** What bytes the MAC covers, as written in receipts. */
    public static final String CANONICALIZATION = "HMAC-SHA256 under the receipt key over: the ASCII bytes of"
            + " \"unlearn4j-receipt-mac/1\", a 0x00 byte, then the receipt's JSON without its \"mac\" member, in"
            + " canonical form: every object's members sorted by name (String.compareTo, at every depth), arrays in"
            + " order, no whitespace between tokens, strings and numbers as Jackson writes them (integers as"
            + " Long.toString, other numbers as Double.toString, null as null), encoded in UTF-8; lower-case hex";

    private static final byte[] DOMAIN = "unlearn4j-receipt-mac/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = {0};
    private static final String MAC_FIELD = "mac";
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ReceiptMac() {}

    /**
     * The canonical form the MAC covers: the receipt's JSON without {@code mac}, members sorted,
     * no whitespace ({@link #CANONICALIZATION}).
     *
     * @param receiptJson a receipt as JSON, indented or not
     * @return the canonical JSON
     * @throws InvalidRequestException naming {@code receipt} when the text is not a JSON object or
     *     repeats a member name
     */
    public static String canonicalJson(String receiptJson) {
        ObjectNode tree = parseObject(receiptJson, "JSON");
        tree.remove(MAC_FIELD);
        return canonical(tree);
    }

    /**
     * Computes the MAC of a receipt's content ({@link #CANONICALIZATION}); the {@code mac} member,
     * if any, is ignored.
     *
     * @param key the receipt key
     * @param receiptJson the receipt as JSON
     * @return 64 lower-case hex digits
     * @throws InvalidRequestException naming {@code receipt} when the text is not a JSON object
     */
    public static String compute(ReceiptKey key, String receiptJson) {
        Objects.requireNonNull(key, "key");
        return compute(key, parseObject(receiptJson, "JSON"));
    }

    /**
     * The digest of a receipt as it stands, {@code mac} included: SHA-256 over the canonical form
     * of its JSON (members sorted, no whitespace). Two files with the same receipt, however
     * indented, have the same digest; any edit changes it. A ledger chains receipts on this.
     *
     * @param receiptJson the receipt as JSON
     * @return 64 lower-case hex digits
     * @throws InvalidRequestException naming {@code receipt} when the text is not a JSON object
     */
    public static String digest(String receiptJson) {
        String canonical = canonical(parseObject(receiptJson, "JSON"));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * The digest of a receipt, as {@link #digest(String)} of its JSON.
     *
     * @param receipt the receipt
     * @return 64 lower-case hex digits
     */
    public static String digest(UnlearningReceipt receipt) {
        return digest(ReceiptWriter.toJson(receipt));
    }

    /**
     * Seals a receipt: sets {@code seal} for the key, then {@code mac} over everything else.
     *
     * @param unsealed the receipt; its seal and mac, if any, are replaced
     * @param key the key
     * @return the sealed receipt
     */
    static UnlearningReceipt seal(UnlearningReceipt unsealed, ReceiptKey key) {
        UnlearningReceipt.Seal seal = new UnlearningReceipt.Seal(ALGORITHM, key.id(), CANONICALIZATION);
        UnlearningReceipt withSeal = with(unsealed, seal, null);
        return with(withSeal, seal, compute(key, parseObject(ReceiptWriter.toJson(withSeal), "JSON")));
    }

    static String compute(ReceiptKey key, ObjectNode tree) {
        ObjectNode content = tree.deepCopy();
        content.remove(MAC_FIELD);
        byte[] message = canonical(content).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(key.hmac(DOMAIN, SEPARATOR, message));
    }

    /**
     * Parses a receipt strictly: one JSON object, no repeated member names, nothing after it.
     *
     * @param json the text
     * @param where the file or {@code JSON}, for the message
     * @return the object
     * @throws InvalidRequestException naming {@code receipt} and {@code where}
     */
    static ObjectNode parseObject(String json, Object where) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.of("receipt", where, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw InvalidRequestException.of("receipt", where, "is not a JSON object (a receipt is one {...})");
        }
        return (ObjectNode) node;
    }

    private static String canonical(JsonNode node) {
        try {
            return STRICT.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) {
                out.add(sorted(e));
            }
            return out;
        }
        return node;
    }

    private static UnlearningReceipt with(UnlearningReceipt r, UnlearningReceipt.Seal seal, String mac) {
        return new UnlearningReceipt(r.schema(), r.requestId(), r.createdAt(), r.library(), r.engine(), r.method(),
                r.forgetSet(), r.data(), r.model(), r.metrics(), r.verdict(), r.timings(), r.reference(), r.plan(),
                r.disclosure(), seal, mac);
    }
}
