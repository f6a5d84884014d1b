package io.github.unlearn4j.core.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.unlearn4j.api.UnlearnRequest;
import io.github.unlearn4j.api.UnlearnResult;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.api.registry.UnlearnerRegistry;
import io.github.unlearn4j.api.settings.Settings;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** Receipts of real (small) runs on the reference backend, for the receipt tests. */
final class ReceiptFixture {
    /** Distinctive feature values: if any reaches a receipt, the tests find it. */
    static final float FEATURE_BASE = 7654.321f;
    static final UUID REQUEST_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    /** What a run produced, besides its receipt: the inputs a verifier is given. */
    record Run(UnlearningReceipt receipt, float[] before, float[] after, float[] reference, DataSplit split) {}

    private ReceiptFixture() {}

    static ArrayDataset data(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
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

    /**
     * Runs ft and retrain (the reference) on {@code n} rows, judges ft by the strict policy and
     * builds its receipt, plan section included.
     */
    static Run run(int n, int[] forgetIds, ReceiptKey key, int minDisclosed) {
        DataSplit split = DataSplit.of(data("secret-train", n, 1), forgetIds, data("secret-test", 40, 2));
        SoftmaxRegressionModel original = new SoftmaxRegressionModel(4, 2);
        original.reinitialize(3);
        UnlearnerRegistry reg = UnlearnerRegistry.loadDefault();
        Settings settings = Settings.of(Map.of("epochs", 2, "batchSize", 8));
        try (UnlearnResult ref = reg.create("retrain", settings)
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(9).build());
                UnlearnResult run = reg.create("ft", settings)
                        .unlearn(UnlearnRequest.builder().setModel(original).setData(split).optSeed(9).build())) {
            PolicyCheck.Result check = PolicyCheck.of(ForgettingPolicy.strict(),
                    VerificationSuite.builder().optMinSamples(1)).check(run.model(), split, ref.model(), original);
            UnlearningReceipt.Attempt attempt = new UnlearningReceipt.Attempt(0, "ft", run.provenance().settings(), 9,
                    false, false, 1.5, 10, 3.0, 0.25, "FAIL", check.verdict().summary(),
                    ReceiptBuilder.lines(check.verdict()), Fingerprint.parameters(run.model()), null, List.of());
            UnlearningReceipt receipt = ReceiptBuilder.forRun(run, original, split)
                    .key(key)
                    .minDisclosedForgetSetSize(minDisclosed)
                    .requestId(REQUEST_ID)
                    .createdAt(Instant.parse("2025-01-02T03:04:05Z"))
                    .metrics(check.measurements())
                    .verdict(check.verdict())
                    .verifyTime(check.elapsed())
                    .reference(new UnlearningReceipt.Reference("retrain", ref.provenance().settings(), 9, 4.5, 10,
                            Fingerprint.parameters(ref.model()), false, false), Duration.ofMillis(4))
                    .plan(new UnlearningReceipt.Plan("strict", "NOT_PASSED", "a note", null, List.of(attempt), "costs"))
                    .build();
            return new Run(receipt, original.parameters(), run.model().parameters(), ref.model().parameters(), split);
        }
    }

    /** A receipt key with fixed bytes 0, 1, ..., 31. */
    static ReceiptKey fixedKey() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return ReceiptKey.of(b);
    }

    /**
     * Every JSON array below a node that holds a number, as text: a receipt must hold none (row ids
     * or per-row outputs would show up that way).
     *
     * @param node the root
     * @return the arrays found
     */
    static List<String> numberArrays(JsonNode node) {
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
