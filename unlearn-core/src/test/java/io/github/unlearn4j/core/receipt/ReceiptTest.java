package io.github.unlearn4j.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptTest {
    // distinctive values: if any reaches the receipt, the checks below find it
    private static final float FEATURE_BASE = 7654.321f;
    private static final int[] FORGET_IDS = {17, 3, 29, 11, 5, 23, 13, 19, 7, 31};

    @TempDir
    Path dir;

    @Test
    void fingerprintsFollowTheDocumentedEncoding() {
        // 1.0f = 0x3f800000, -2.5f = 0xc0200000, big-endian; checked with Python's hashlib
        assertThat(Fingerprint.parameters(new float[] {1.0f, -2.5f}))
                .isEqualTo("88c775a98086981bfb431398c1d5b8873378d8eb6f02c0bfc00c702563f27aa7");
        // ids sorted, 4-byte big-endian: 00000001 00000003
        assertThat(Fingerprint.sortedIds(new int[] {3, 1}))
                .isEqualTo("b1807ed471e3f842e70faec75041f7e0ca7f254d66a2bb10215c8279abafad10");
        assertThat(Fingerprint.sortedIds(new int[] {1, 3})).isEqualTo(Fingerprint.sortedIds(new int[] {3, 1}));
        assertThat(Fingerprint.parameters(new float[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // more than one hashing chunk gives the same as the bytes in one piece
        float[] big = new float[20_000];
        big[19_999] = 1f;
        assertThat(Fingerprint.parameters(big)).isNotEqualTo(Fingerprint.parameters(new float[20_000]));
    }

    private static ArrayDataset data(String name, int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) {
                x[i][j] = FEATURE_BASE + i + (float) r.nextDouble() + (y[i] == 0 ? j : -j);
            }
        }
        return ArrayDataset.classification(name, x, y, 2);
    }

    private UnlearningReceipt receipt() {
        DataSplit split = DataSplit.of(data("secret-train", 40, 1), FORGET_IDS, data("secret-test", 40, 2));
        SoftmaxRegressionModel original = new SoftmaxRegressionModel(4, 2);
        original.reinitialize(3);
        UnlearnerRegistry reg = UnlearnerRegistry.loadDefault();
        try (UnlearnResult ref = reg.create("retrain", Settings.of(Map.of("epochs", 2, "batchSize", 8)))
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(9).build());
                UnlearnResult run = reg.create("ft", Settings.of(Map.of("epochs", 2, "batchSize", 8)))
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(9).build())) {
            PolicyCheck.Result check = PolicyCheck.of(ForgettingPolicy.strict())
                    .check(run.model(), split, ref.model(), original);
            UnlearningReceipt.Attempt attempt = new UnlearningReceipt.Attempt(0, "ft", run.provenance().settings(), 9,
                    false, false, 1.5, 10, 3.0, 0.25, "FAIL", check.verdict().summary(),
                    ReceiptBuilder.lines(check.verdict()), Fingerprint.parameters(run.model()), null);
            return ReceiptBuilder.forRun(run, original, split)
                    .requestId(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                    .createdAt(Instant.parse("2025-01-02T03:04:05Z"))
                    .metrics(check.measurements())
                    .verdict(check.verdict())
                    .verifyTime(check.elapsed())
                    .reference(new UnlearningReceipt.Reference("retrain", ref.provenance().settings(), 9, 4.5, 10,
                            Fingerprint.parameters(ref.model()), false, false), Duration.ofMillis(4))
                    .plan(new UnlearningReceipt.Plan("strict", "NOT_PASSED", "a note", null, List.of(attempt), "costs"))
                    .build();
        }
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
                "forgetSet", "data", "model", "metrics", "verdict", "timings", "reference", "plan");
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
        assertThat(json.at("/forgetSet/idsSha256").asText()).isEqualTo(Fingerprint.sortedIds(FORGET_IDS));
        assertThat(json.at("/model/before").asText()).hasSize(64).isNotEqualTo(json.at("/model/after").asText());
        assertThat(json.at("/model/after").asText()).hasSize(64);
        assertThat(json.at("/verdict/policy").asText()).isEqualTo("strict");
        assertThat(json.at("/verdict/verdict").asText()).isIn("PASS", "FAIL", "INCONCLUSIVE");
        assertThat(json.at("/verdict/lines")).hasSize(7);
        assertThat(json.at("/verdict/forgetKind").asText()).isEqualTo("rows");
        assertThat(json.at("/verdict/control/status").asText()).isNotBlank();
        assertThat(json.at("/metrics").size()).isGreaterThan(10);
        assertThat(json.at("/metrics/0/sampleCount").asInt()).isEqualTo(10);
        assertThat(json.at("/timings/unlearnMs").asDouble()).isPositive();
        assertThat(json.at("/timings/referenceMs").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/reference/method").asText()).isEqualTo("retrain");
        assertThat(json.at("/plan/attempts/0/lines")).hasSize(7);
    }

    @Test
    void neverContainsTheForgottenData() {
        String json = ReceiptWriter.toJson(receipt());
        // no feature value of any row
        assertThat(json).doesNotContain("7654").doesNotContain("7655").doesNotContain("7656");
        // the forget set appears only as size, hash and encoding: no list of ids anywhere
        JsonNode tree = readTree(json);
        assertThat(fieldNames(tree.get("forgetSet"))).containsExactly("size", "idsSha256", "idsEncoding");
        assertThat(numberArrays(tree)).as("arrays of numbers (ids, features, parameters)").isEmpty();
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

    private static List<String> numberArrays(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode e : node) {
                if (e.isNumber()) {
                    found.add(node.toString());
                    break;
                }
            }
        }
        for (JsonNode child : node) {
            found.addAll(numberArrays(child));
        }
        return found;
    }
}
