package io.github.unlearn4j.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.unlearn4j.api.data.DataSplit;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.core.backend.reference.SoftmaxRegressionModel;
import io.github.unlearn4j.core.policy.ForgettingPolicy;
import io.github.unlearn4j.core.policy.PolicyCheck;
import io.github.unlearn4j.core.verify.Measurement;
import io.github.unlearn4j.core.verify.VerificationSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Receipts, for random forget sets, keys and disclosure minimums: no input value ever appears in
 * one. Neither the ids (as a list), nor the key, nor, below the minimum size, the forgotten rows'
 * model outputs or anything computed from them; and what does appear still checks out.
 */
class ReceiptPropertiesTest {
    private static final int ROWS = 120;
    private static final int CLASSES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ArrayDataset TRAIN = data("train", ROWS, 11);
    private static final ArrayDataset TEST = data("test", 45, 12);
    private static final SoftmaxRegressionModel ORIGINAL = model(3);
    private static final SoftmaxRegressionModel AFTER = model(5);
    private static final SoftmaxRegressionModel REFERENCE = model(7);
    private static final PolicyCheck CHECK = PolicyCheck.of(ForgettingPolicy.strict(),
            VerificationSuite.builder().optMinSamples(1));

    /** Gaussian features with a class shift, so model outputs are ordinary fractions, not 0 or 1. */
    private static ArrayDataset data(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (gaussian(r) + (j == y[i] ? 1.0 : 0.0));
            }
        }
        return ArrayDataset.classification(name, x, y, CLASSES);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static SoftmaxRegressionModel model(long seed) {
        SoftmaxRegressionModel m = new SoftmaxRegressionModel(4, CLASSES);
        m.reinitialize(seed);
        return m;
    }

    @Provide
    Arbitrary<int[]> forgetSets() {
        return Arbitraries.integers().between(0, ROWS - 1).set().ofMinSize(1).ofMaxSize(45)
                .map(s -> {
                    List<Integer> shuffled = new ArrayList<>(s);
                    Collections.shuffle(shuffled, new Random(s.hashCode()));
                    return shuffled.stream().mapToInt(Integer::intValue).toArray();
                });
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(ReceiptKey.MIN_BYTES).ofMaxSize(64);
    }

    @Property(tries = 60, seed = "20250102")
    void noInputValueEverAppearsInAReceipt(@ForAll("forgetSets") int[] ids, @ForAll("keys") byte[] keyBytes,
            @ForAll boolean keyed, @ForAll @IntRange(min = 1, max = 50) int minDisclosed) {
        Statistics.collect(ids.length < minDisclosed ? "suppressed" : "shown", keyed ? "keyed" : "unkeyed");
        ReceiptKey key = keyed ? ReceiptKey.of(keyBytes) : null;
        DataSplit split = DataSplit.of(TRAIN, ids, TEST);
        PolicyCheck.Result checked = CHECK.check(AFTER, split, REFERENCE, ORIGINAL);
        UnlearningReceipt receipt = ReceiptBuilder.forModels("ft", Map.of("epochs", "1"), 9, ORIGINAL, AFTER, split)
                .key(key)
                .minDisclosedForgetSetSize(minDisclosed)
                .createdAt(Instant.parse("2025-01-02T03:04:05Z"))
                .metrics(checked.measurements())
                .verdict(checked.verdict())
                .verifyTime(checked.elapsed())
                .build();
        String json = ReceiptWriter.toJson(receipt);
        JsonNode tree = readTree(json);

        // the ids: never as a list, in any order or spelling
        assertThat(ReceiptFixture.numberArrays(tree)).as("arrays of numbers").isEmpty();
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int[] order : List.of(ids, sorted)) {
            String joined = Arrays.stream(order).mapToObj(Integer::toString).collect(Collectors.joining(","));
            assertThat(json).doesNotContain(Arrays.toString(order)).doesNotContain("[" + joined + "]");
            if (order.length > 2) {
                assertThat(json).doesNotContain(joined).doesNotContain(Arrays.toString(order).replace("[", "")
                        .replace("]", ""));
            }
        }

        // the key: in no encoding, not even half of it
        String lower = json.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain(HexFormat.of().formatHex(Arrays.copyOf(keyBytes, 16)));
        assertThat(json).doesNotContain(Base64.getEncoder().encodeToString(keyBytes))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes))
                .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(keyBytes, 15)));

        // nothing derived from the ids alone: the only digests are the models' fingerprints and the keyed values
        Set<String> allowed = new HashSet<>(Set.of(Fingerprint.parameters(ORIGINAL), Fingerprint.parameters(AFTER)));
        if (keyed) {
            allowed.add(receipt.forgetSet().commitment());
            allowed.add(receipt.mac());
        }
        assertThat(hexStrings(json)).isSubsetOf(allowed);

        if (ids.length < minDisclosed) {
            // below the minimum: no per-row output of the forgotten rows, nothing computed from them
            assertThat(receipt.disclosure().suppressed()).isTrue();
            for (UnlearningReceipt.MetricEntry m : receipt.metrics()) {
                if (!ReceiptDisclosure.ALWAYS_SHOWN.contains(m.name())) {
                    assertThat(m.value()).as(m.name()).isNull();
                    assertThat(m.sampleCount()).as(m.name() + " sample count").isNull();
                }
            }
            Set<Double> numbers = numbers(tree);
            for (double[] row : AFTER.predict(split.forget())) {
                for (double p : row) {
                    assertThat(numbers).as("a forgotten row's output").doesNotContain(p, 100 * p, -Math.log(p));
                }
            }
            // a suppressed value may equal a shown one by chance (accuracies are fractions of the same counts),
            // or a timing (0.8 ms of verification once matched miaAuc = 0.8)
            Set<Double> shown = new HashSet<>(numbers(tree.path("timings")));
            for (Measurement m : checked.measurements().all()) {
                if (ReceiptDisclosure.ALWAYS_SHOWN.contains(m.name())) {
                    shown.add(m.value());
                    shown.add(100 - m.value());
                }
            }
            for (Measurement m : checked.measurements().all()) {
                if (!ReceiptDisclosure.ALWAYS_SHOWN.contains(m.name()) && m.value() != Math.rint(m.value())
                        && !shown.contains(m.value())) {
                    assertThat(numbers).as(m.name() + " = " + m.value()).doesNotContain(m.value());
                }
            }
        } else {
            assertThat(receipt.disclosure().suppressed()).isFalse();
            assertThat(receipt.metrics()).noneMatch(UnlearningReceipt.MetricEntry::suppressed);
        }

        // what does appear checks out
        if (keyed) {
            ReceiptVerification v = new ReceiptVerifier(key).verify(json, ORIGINAL.parameters(), AFTER.parameters(),
                    ids);
            assertThat(v.passed()).as(v.text()).isTrue();
            int[] other = sorted.clone();
            other[0] = other[0] == 0 ? ROWS : other[0] - 1;
            if (Arrays.stream(sorted).noneMatch(i -> i == other[0])) {
                assertThat(ForgetSetCommitment.matches(receipt, key, other)).isFalse();
            }
        } else {
            assertThat(receipt.forgetSet().commitment()).isNull();
            assertThat(receipt.mac()).isNull();
        }
        assertThat(receipt.forgetSet().size()).isEqualTo(ids.length);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> hexStrings(String json) {
        Set<String> found = new HashSet<>();
        Matcher m = Pattern.compile("[0-9a-fA-F]{32,}").matcher(json);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Set<Double> numbers(JsonNode node) {
        Set<Double> out = new HashSet<>();
        if (node.isNumber()) {
            out.add(node.asDouble());
        }
        for (JsonNode child : node) {
            out.addAll(numbers(child));
        }
        return out;
    }
}
