package io.github.unlearn4j.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.registry.VerifierRegistry;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.verify.MetricCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptTest {
    private static final int[] FORGET_IDS = {17, 3, 29, 11, 5, 23, 13, 19, 7, 31};

    @TempDir
    Path dir;

    @Test
    void fingerprintsFollowTheDocumentedEncoding() {
        // 1.0f = 0x3f800000, -2.5f = 0xc0200000, big-endian; checked with Python's hashlib
        assertThat(Fingerprint.parameters(new float[] {1.0f, -2.5f}))
                .isEqualTo("88c775a98086981bfb431398c1d5b8873378d8eb6f02c0bfc00c702563f27aa7");
        assertThat(Fingerprint.parameters(new float[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // more than one hashing chunk gives the same as the bytes in one piece
        float[] big = new float[20_000];
        big[19_999] = 1f;
        assertThat(Fingerprint.parameters(big)).isNotEqualTo(Fingerprint.parameters(new float[20_000]));
    }

    @Test
    void commitmentKeyIdAndMacFollowTheDocumentedEncodings() {
        // expected values from Python's hmac/hashlib, following the scheme texts
        ReceiptKey key = ReceiptFixture.fixedKey();
        assertThat(key.id()).isEqualTo("15998d3046db9c1e");
        String id = ReceiptFixture.REQUEST_ID.toString();
        assertThat(ForgetSetCommitment.compute(key, id, new int[] {3, 1}))
                .isEqualTo("fc584d9619f2dfbcd7ec1a522833e5721f3cddcdde8a9ca90dca745ab90b7106")
                .isEqualTo(ForgetSetCommitment.compute(key, id, new int[] {1, 3}));
        assertThat(ForgetSetCommitment.compute(key, "00000000-0000-4000-8000-000000000002", new int[] {1, 3}))
                .as("the request id is bound in: two receipts for the same rows cannot be linked")
                .isNotEqualTo(ForgetSetCommitment.compute(key, id, new int[] {1, 3}));
        String json = "{\n  \"mac\": \"ignored\",\n  \"b\": \"x\u00e9\",\n  \"a\": {\"d\": [1, 2.5], \"c\": null}\n}";
        assertThat(ReceiptMac.canonicalJson(json)).isEqualTo("{\"a\":{\"c\":null,\"d\":[1,2.5]},\"b\":\"x\u00e9\"}");
        assertThat(ReceiptMac.compute(key, json))
                .isEqualTo("030d98a38f848190c98608aa3803fe32ba18426df14e19d223ece9c74838d16d");
        // the digest keeps the mac member
        assertThat(ReceiptMac.digest("{ \"mac\" : \"00\", \"a\" : 1 }"))
                .isEqualTo("98369273655a2278f2d0466a056e49fc4c32a68c0b931090f76c20485b64bda1");
    }

    private UnlearningReceipt receipt() {
        return receipt(ReceiptFixture.fixedKey(), 1);
    }

    private UnlearningReceipt receipt(ReceiptKey key, int minDisclosed) {
        return ReceiptFixture.run(40, FORGET_IDS, key, minDisclosed).receipt();
    }

    @Test
    void roundTripsThroughAFileWithEveryField() throws IOException {
        UnlearningReceipt r = receipt();
        Path file = dir.resolve("receipt.json");
        ReceiptWriter.checkWritable(file);
        ReceiptWriter.write(r, file);
        UnlearningReceipt back = ReceiptWriter.read(file);
        assertThat(back).isEqualTo(r);
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(fieldNames(json)).containsExactly("schema", "requestId", "createdAt", "library", "engine", "method",
                "forgetSet", "data", "model", "metrics", "verdict", "timings", "reference", "plan", "disclosure", "seal",
                "mac");
        for (String field : fieldNames(json)) {
            assertThat(json.get(field).isNull()).as(field).isFalse();
        }
        assertThat(json.get("schema").asText()).isEqualTo(UnlearningReceipt.SCHEMA);
        assertThat(json.get("requestId").asText()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(json.at("/library/name").asText()).isEqualTo("unlearn4j");
        assertThat(json.at("/library/version").asText()).matches("\\d+\\.\\d+.*");
        assertThat(json.at("/engine/backend").asText()).isEqualTo("reference");
        assertThat(json.at("/engine/device").asText()).isEqualTo("cpu");
        assertThat(json.at("/method/name").asText()).isEqualTo("ft");
        assertThat(json.at("/method/seed").asLong()).isEqualTo(9);
        assertThat(json.at("/method/settings/learningRate").asText()).isEqualTo("0.01");
        assertThat(json.at("/forgetSet/size").asInt()).isEqualTo(10);
        assertThat(json.at("/forgetSet/commitment").asText())
                .isEqualTo(ForgetSetCommitment.compute(ReceiptFixture.fixedKey(), r.requestId(), FORGET_IDS));
        assertThat(json.at("/forgetSet/commitmentScheme").asText()).isEqualTo(ForgetSetCommitment.SCHEME);
        assertThat(json.at("/disclosure/minForgetSetSize").asInt()).isEqualTo(1);
        assertThat(json.at("/disclosure/suppressed").asBoolean()).isFalse();
        assertThat(json.at("/seal/keyId").asText()).isEqualTo(ReceiptFixture.fixedKey().id());
        assertThat(json.at("/mac").asText()).hasSize(64);
        assertThat(json.at("/model/before").asText()).hasSize(64).isNotEqualTo(json.at("/model/after").asText());
        assertThat(json.at("/model/after").asText()).hasSize(64);
        assertThat(json.at("/verdict/policy").asText()).isEqualTo("strict");
        assertThat(json.at("/verdict/verdict").asText()).isIn("PASS", "FAIL", "INCONCLUSIVE");
        assertThat(json.at("/verdict/lines")).as("strict's lines, its U-LiRA line included").hasSize(8);
        assertThat(json.at("/verdict/forgetKind").asText()).isEqualTo("rows");
        assertThat(json.at("/verdict/control/status").asText()).isNotBlank();
        assertThat(json.at("/metrics").size()).isGreaterThan(10);
        assertThat(json.at("/metrics/0/sampleCount").asInt()).isEqualTo(10);
        assertThat(json.at("/timings/unlearnMs").asDouble()).isPositive();
        assertThat(json.at("/timings/referenceMs").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/reference/method").asText()).isEqualTo("retrain");
        assertThat(json.at("/plan/attempts/0/lines")).hasSize(8);
    }

    @Test
    void neverContainsTheForgottenData() {
        String json = ReceiptWriter.toJson(receipt());
        // the key's bytes (0, 1, ..., 31), as hex in any case: only its id appears
        assertThat(json.toLowerCase(Locale.ROOT)).doesNotContain("000102030405060708090a0b0c0d0e0f");
        // no feature value of any row
        assertThat(json).doesNotContain("7654").doesNotContain("7655").doesNotContain("7656");
        // the forget set appears only as size, hash and encoding: no list of ids anywhere
        JsonNode tree = readTree(json);
        assertThat(fieldNames(tree.get("forgetSet"))).containsExactly("size", "commitment", "commitmentScheme");
        assertThat(ReceiptFixture.numberArrays(tree)).as("arrays of numbers (ids, features, parameters)").isEmpty();
    }

    @Test
    void aLoneForgottenRowOutOf3000CannotBeFoundByHashingEveryCandidate() throws Exception {
        int secret = 1234;
        ReceiptFixture.Run run = ReceiptFixture.run(3_000, new int[] {secret}, null,
                ReceiptDisclosure.DEFAULT_MIN_FORGET_SET_SIZE);
        UnlearningReceipt r = run.receipt();
        String json = ReceiptWriter.toJson(r);
        // the attack on unlearn4j-receipt/1: hash every candidate id list and look for the hash
        Set<String> hexes = hexStrings(json);
        Set<String> candidates = new HashSet<>();
        for (int id = 0; id < 3_000; id++) {
            candidates.add(sha256(ByteBuffer.allocate(4).putInt(id).array()));
            candidates.add(sha256(Integer.toString(id).getBytes(StandardCharsets.US_ASCII)));
            candidates.add(sha256(("[" + id + "]").getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(candidates).as("sanity: the old receipt's hash of {1234} is among the candidates")
                .contains(sha256(ByteBuffer.allocate(4).putInt(secret).array()));
        assertThat(hexes).doesNotContainAnyElementsOf(candidates);
        // the only digests in an unkeyed receipt are the models' fingerprints
        assertThat(hexes).containsOnly(Fingerprint.parameters(run.before()), Fingerprint.parameters(run.after()),
                Fingerprint.parameters(run.reference()));
        assertThat(r.forgetSet().commitment()).isNull();
        assertThat(r.forgetSet().commitmentScheme()).isEqualTo(ForgetSetCommitment.NONE);
        assertThat(r.seal()).isNull();
        assertThat(r.mac()).isNull();
        assertThat(fieldNames(readTree(json))).doesNotContain("seal", "mac");
        // no value or count that depends on the row's label or its model output
        for (UnlearningReceipt.MetricEntry m : r.metrics()) {
            if (!ReceiptDisclosure.ALWAYS_SHOWN.contains(m.name())) {
                assertThat(m.value()).as(m.name()).isNull();
                assertThat(m.sampleCount()).as(m.name()).isNull();
            }
        }

        // with the application's key: a commitment nobody can test without the key,
        // and which the key holder can show was for row 1234 and no other
        ReceiptKey key = ReceiptFixture.fixedKey();
        UnlearningReceipt keyed = ReceiptFixture.run(3_000, new int[] {secret}, key,
                ReceiptDisclosure.DEFAULT_MIN_FORGET_SET_SIZE).receipt();
        assertThat(hexStrings(ReceiptWriter.toJson(keyed))).contains(keyed.forgetSet().commitment())
                .doesNotContainAnyElementsOf(candidates);
        List<Integer> matching = new ArrayList<>();
        for (int id = 0; id < 3_000; id++) {
            if (ForgetSetCommitment.matches(keyed, key, new int[] {id})) {
                matching.add(id);
            }
        }
        assertThat(matching).containsExactly(secret);
        ReceiptKey other = ReceiptKey.generate();
        assertThatThrownBy(() -> ForgetSetCommitment.matches(keyed, other, new int[] {secret}))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("receipt.seal.keyId = " + key.id());
        assertThatThrownBy(() -> ForgetSetCommitment.matches(r, key, new int[] {secret}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("receipt.forgetSet.commitment").hasMessageContaining("without a receipt key");
    }

    @Test
    void aSmallForgetSetHasItsForgetDerivedValuesSuppressedButKeepsItsVerdictLines() {
        ReceiptKey key = ReceiptFixture.fixedKey();
        UnlearningReceipt full = receipt(key, 1);
        UnlearningReceipt small = receipt(key, 30); // 10 rows < 30
        assertThat(small.disclosure().minForgetSetSize()).isEqualTo(30);
        assertThat(small.disclosure().suppressed()).isTrue();
        assertThat(small.disclosure().rule()).isEqualTo(ReceiptDisclosure.RULE);
        assertThat(small.disclosure().suppressedMetrics())
                .contains("UA", "forgetConfidence", "forgetLoss", "unseenUA", "unseenConfidence", "unseenLoss", "MIA",
                        "miaAuc")
                .doesNotContainAnyElementsOf(ReceiptDisclosure.ALWAYS_SHOWN)
                .isSorted();
        assertThat(small.metrics()).hasSameSizeAs(full.metrics());
        for (int i = 0; i < small.metrics().size(); i++) {
            UnlearningReceipt.MetricEntry s = small.metrics().get(i);
            UnlearningReceipt.MetricEntry f = full.metrics().get(i);
            assertThat(s.name()).isEqualTo(f.name());
            assertThat(s.description()).isEqualTo(f.description());
            if (ReceiptDisclosure.ALWAYS_SHOWN.contains(s.name())) {
                assertThat(s).as(s.name()).isEqualTo(f);
            } else {
                assertThat(f.sampleCount()).as(f.name()).isNotNull();
                assertThat(s.suppressed()).as(s.name()).isTrue();
                assertThat(s.value()).as(s.name()).isNull();
                assertThat(s.sampleCount()).as(s.name()).isNull();
                assertThat(s.solid()).as(s.name()).isNull();
            }
        }
        assertThat(small.verdict().verdict()).isEqualTo(full.verdict().verdict());
        assertLinesSuppressed(small.verdict().lines(), full.verdict().lines());
        assertLinesSuppressed(small.plan().attempts().get(0).lines(), full.plan().attempts().get(0).lines());
        // at the minimum, nothing is suppressed
        int[] thirty = new int[30];
        for (int i = 0; i < thirty.length; i++) {
            thirty[i] = 2 * i;
        }
        UnlearningReceipt atMinimum = ReceiptFixture.run(80, thirty, key, 30).receipt();
        assertThat(atMinimum.disclosure().suppressed()).isFalse();
        assertThat(atMinimum.disclosure().suppressedMetrics()).isEmpty();
        assertThat(atMinimum.metrics()).noneMatch(UnlearningReceipt.MetricEntry::suppressed);
        ReceiptBuilder b = ReceiptBuilder.forFingerprints("ft", Map.of(), 1,
                new SoftmaxRegressionModel(4, 2).description(), "a", "b",
                DataSplit.of(ReceiptFixture.data("d", 10, 1), new int[] {1}, null));
        assertThatThrownBy(() -> b.minDisclosedForgetSetSize(0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("minDisclosedForgetSetSize = 0: must be at least 1");
    }

    @Test
    void theDisclosureRuleShowsOnlyRetainTestAndParameterMetricsForSmallSets() {
        List<String> catalog = MetricCatalog.of(VerifierRegistry.loadDefault()).names();
        assertThat(catalog).as("no typo in the allow-list").containsAll(ReceiptDisclosure.ALWAYS_SHOWN);
        List<String> hidden = new ArrayList<>();
        for (String name : catalog) {
            assertThat(ReceiptDisclosure.shown(name, 30, 30)).as(name).isTrue();
            if (!ReceiptDisclosure.shown(name, 29, 30)) {
                hidden.add(name);
            }
        }
        assertThat(hidden).containsExactlyInAnyOrder("UA", "forgetConfidence", "unseenUA", "unseenConfidence",
                "forgetLoss", "unseenLoss", "MIA", "miaAuc", "gapUA", "gapMIA", "avgGap", "klForget",
                "predictionMseForget", "gapForgetLoss", "classMiaAuc", "classMiaKl", "uliraAuc", "uliraAucStdErr",
                "uliraAccuracy", "uliraTprAt1PctFpr", "uliraTprAt0p1PctFpr");
        assertThat(ReceiptDisclosure.shown("someThirdPartyMetric", 29, 30)).as("unknown metrics are hidden").isFalse();
        assertThat(ReceiptDisclosure.shown("UA", 1, 1)).isTrue();
    }

    private static void assertLinesSuppressed(List<UnlearningReceipt.LineEntry> small,
            List<UnlearningReceipt.LineEntry> full) {
        assertThat(small).hasSameSizeAs(full);
        int suppressed = 0;
        for (int i = 0; i < small.size(); i++) {
            UnlearningReceipt.LineEntry s = small.get(i);
            UnlearningReceipt.LineEntry f = full.get(i);
            assertThat(s.threshold()).isEqualTo(f.threshold());
            assertThat(s.status()).as("the verdict still shows").isEqualTo(f.status());
            if (ReceiptDisclosure.ALWAYS_SHOWN.contains(s.metric())) {
                assertThat(s).isEqualTo(f);
                continue;
            }
            suppressed++;
            assertThat(s.suppressed()).isTrue();
            assertThat(s.value()).isNull();
            assertThat(s.sampleCount()).isNull();
            assertThat(s.target()).isNull();
            assertThat(s.limit()).isNull();
            assertThat(s.note()).startsWith("suppressed: the forget set has 10 rows, fewer than the disclosure minimum 30");
            assertThat(s.text()).startsWith("[").contains("] " + s.threshold() + ": suppressed")
                    .doesNotContain("measured ").doesNotContain("(n=");
        }
        assertThat(suppressed).as("the strict policy judges forget-set metrics").isPositive();
    }

    @Test
    void writesStrictJsonWithNullForMissingNumbers() {
        UnlearningReceipt r = receipt();
        String json = ReceiptWriter.toJson(r);
        assertThat(json).doesNotContain(": NaN").doesNotContain(": \"NaN\"").doesNotContain("Infinity");
        // the last strict line (weightDistance, regression only) is not applicable here: no value, no target
        JsonNode line = readTree(json).at("/verdict/lines/6");
        assertThat(line.get("metric").asText()).isEqualTo("weightDistance");
        assertThat(line.get("status").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(line.get("value").isNull()).isTrue();
        assertThat(line.get("target").isNull()).isTrue();
    }

    @Test
    void checkWritableFailsBeforeAnyComputeNamingThePath() throws IOException {
        assertThatThrownBy(() -> ReceiptWriter.checkWritable(dir))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("receipt = " + dir)
                .hasMessageContaining("is a folder");
        Path missing = dir.resolve("no/such/folder/r.json");
        assertThatThrownBy(() -> ReceiptWriter.checkWritable(missing))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not exist");
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThatThrownBy(() -> ReceiptWriter.checkWritable(file.resolve("r.json")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is not a folder");
        assertThatCode(() -> ReceiptWriter.checkWritable(dir.resolve("ok.json"))).doesNotThrowAnyException();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plain.txt");
        }
    }

    @Test
    void rejectsTextThatIsNotAReceipt() {
        assertThatThrownBy(() -> ReceiptWriter.fromJson("{\"requestId\": [1, 2"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("receipt = JSON: not a valid receipt");
        // unknown fields from a newer version are ignored
        assertThat(ReceiptWriter.fromJson("{\"schema\": \"x\", \"futureField\": 1}").schema()).isEqualTo("x");
    }

    private static Set<String> hexStrings(String json) {
        Set<String> found = new HashSet<>();
        Matcher m = Pattern.compile("[0-9a-fA-F]{64}").matcher(json);
        while (m.find()) {
            found.add(m.group().toLowerCase(Locale.ROOT));
        }
        return found;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
