package io.github.unlearn4j.core.checkpoint;

import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.floats;
import static io.github.unlearn4j.core.checkpoint.CheckpointFixture.resealed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import io.github.unlearn4j.core.checkpoint.CheckpointFixture.Layout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Properties of checkpoints on arbitrary and mutated bytes: {@link CheckpointStore#loadInto} loads
 * a well-formed file of the expected provenance, misses (empty) on a well-formed file of another,
 * and otherwise fails with a {@link CheckpointException} naming the file, never another exception
 * ({@code NegativeArraySizeException}, {@code BufferUnderflowException}, {@code OutOfMemoryError}),
 * never touching the model unless it loads, and allocating no more than a small budget whatever
 * lengths the file claims. {@link Checkpoints#read} reads what was written, bit for bit.
 */
class CheckpointPropertyTest {
    private static final float[] WEIGHTS = {0.5f, -1.25f, 3f, Float.MIN_VALUE, -0f};
    private static final CheckpointKey KEY = CheckpointFixture.key(WEIGHTS.length, 1);
    private static final long ALLOCATION_BUDGET = 4L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Every try's folder is a fresh one under this, deleted after the last property. */
    private static final Path ROOT = CheckpointFixture.temporaryFolder("checkpoint-properties");

    /** A change to a valid file: an int written at an offset, a flipped bit, a cut, extra bytes. */
    record Mutation(Kind kind, int at, int value, byte[] bytes, boolean resealed) {
        @Override
        public String toString() {
            return kind + " at " + at + " value " + value + " bytes " + Arrays.toString(bytes)
                    + (resealed ? ", resealed with a valid checksum" : ", under the old checksum");
        }
    }

    enum Kind {
        /** One of the header's ints (magic, version, a length or count) is replaced. */
        HEADER_INT,
        /** An int at any offset is replaced. */
        ANY_INT,
        /** The training time is replaced by the double with these bits. */
        SECONDS,
        /** One bit is flipped. */
        FLIP,
        /** The file is cut short. */
        TRUNCATE,
        /** Bytes are appended. */
        APPEND,
        /** The file is replaced by arbitrary bytes. */
        REPLACE
    }

    @AfterContainer
    static void deleteFolders() {
        CheckpointFixture.deleteTree(ROOT);
    }

    @Property(tries = 400, seed = "20261130")
    void anyMutationLoadsMissesOrFailsNamingTheFile(@ForAll("mutations") Mutation m) throws IOException {
        CheckpointStore store = new CheckpointStore(Files.createTempDirectory(ROOT, "try"));
        Path file = store.save(Checkpoint.of(KEY, LinearRegressionModel.withWeights(WEIGHTS), 12.5, Map.of("a", "b")));
        byte[] good = Files.readAllBytes(file);
        byte[] bad = mutate(good, m);
        Files.write(file, bad);

        LinearRegressionModel model = new LinearRegressionModel(WEIGHTS.length);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object[] loaded = new Object[1];
        Throwable thrown = catchThrowable(() -> loaded[0] = store.loadInto(KEY, model));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        Throwable thrownByRead = catchThrowable(() -> Checkpoints.read(file));

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(CheckpointException.class);
            assertThat(thrown.getMessage()).startsWith("checkpoint file = " + file + ": ");
            assertThat(((CheckpointException) thrown).file()).isEqualTo(file);
        }
        @SuppressWarnings("unchecked")
        Optional<CheckpointHeader> header = (Optional<CheckpointHeader>) loaded[0];
        if (thrown != null || header.isEmpty()) {
            assertThat(model.parameters()).as("the model is untouched").containsOnly(0f);
        } else {
            assertThat(m.resealed() || Arrays.equals(bad, good)).as("a file that fails its checksum loads").isTrue();
            assertThat(Checkpoints.readHeader(file).key()).isEqualTo(KEY);
            assertThat(model.parameters()).containsExactly(floats(bad));
        }
        if (thrownByRead != null) {
            assertThat(thrownByRead).isExactlyInstanceOf(CheckpointException.class);
            assertThat(thrownByRead.getMessage()).startsWith("checkpoint file = " + file + ": ");
        } else {
            assertThat(m.resealed() || Arrays.equals(bad, good)).as("a file that fails its checksum reads").isTrue();
        }
        if (Arrays.equals(bad, good)) {
            assertThat(header.orElseThrow().trainingSeconds()).isEqualTo(12.5);
        }
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET + 16L * bad.length);
        Statistics.collect(thrown != null ? "fails" : header.isPresent() ? "loads" : "misses");
        Statistics.coverage(c -> {
            c.check("fails").count(n -> n > 0);
            c.check("loads").count(n -> n > 0);
            c.check("misses").count(n -> n > 0);
        });
    }

    @Property(tries = 60, seed = "20261201")
    void savedParametersLoadBackBitForBit(@ForAll("weights") float[] weights) throws IOException {
        CheckpointStore store = new CheckpointStore(Files.createTempDirectory(ROOT, "try"));
        CheckpointKey key = CheckpointFixture.key(weights.length, 3);
        store.save(Checkpoint.of(key, LinearRegressionModel.withWeights(weights), Double.NaN, Map.of()));
        LinearRegressionModel model = new LinearRegressionModel(weights.length);
        assertThat(store.loadInto(key, model)).isPresent();
        float[] loaded = model.parameters();
        for (int i = 0; i < weights.length; i++) {
            assertThat(Float.floatToRawIntBits(loaded[i])).isEqualTo(Float.floatToRawIntBits(weights[i]));
        }
    }

    @Property(tries = 100, seed = "20261202")
    void anyHeaderReadsBackEqual(@ForAll("headers") CheckpointHeader header) throws IOException {
        Path dir = Files.createTempDirectory(ROOT, "try");
        Checkpoint c = new Checkpoint(header, new float[header.key().parameterCount()]);
        Path file = Checkpoints.write(dir.resolve("h.ckpt"), c);
        assertThat(Checkpoints.read(file)).isEqualTo(c);
        assertThat(new CheckpointStore(dir).fileFor(header.key()).getFileName().toString())
                .isEqualTo(header.key().fileName());
    }

    private static byte[] mutate(byte[] good, Mutation m) {
        byte[] b = good.clone();
        ByteBuffer buffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        Layout l = Layout.of(good);
        byte[] bad = switch (m.kind()) {
            case HEADER_INT -> {
                int[] offsets = l.ints();
                buffer.putInt(offsets[Math.floorMod(m.at(), offsets.length)], m.value());
                yield b;
            }
            case ANY_INT -> {
                buffer.putInt(Math.floorMod(m.at() * 7, b.length - 3), m.value());
                yield b;
            }
            case SECONDS -> {
                buffer.putDouble(l.seconds(), Double.longBitsToDouble(((long) m.value() << 32) | m.at()));
                yield b;
            }
            case FLIP -> {
                b[Math.floorMod(m.at() * 7, b.length)] ^= (byte) (1 << Math.floorMod(m.value(), 8));
                yield b;
            }
            case TRUNCATE -> Arrays.copyOf(b, Math.floorMod(m.at() * 7, b.length));
            case APPEND -> {
                byte[] longer = Arrays.copyOf(b, b.length + m.bytes().length);
                System.arraycopy(m.bytes(), 0, longer, b.length, m.bytes().length);
                yield longer;
            }
            case REPLACE -> m.bytes();
        };
        return m.resealed() ? resealed(bad) : bad;
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> crafted = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(-1, 0, 1, 4, 5, 6, 8, 12, 64, 0x43344C55, 0x4A344C55, 2, Integer.MAX_VALUE,
                        Integer.MIN_VALUE, Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 4 + 1, 1 << 20, (1 << 20) + 1,
                        1 << 30, -4, 0x7ff00000, 0xfff80000, 0x40290000)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-8, 256)));
        return Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 400),
                crafted,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(48),
                Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)))
                .as(Mutation::new);
    }

    @Provide
    Arbitrary<float[]> weights() {
        return Arbitraries.floats().array(float[].class).ofMinSize(1).ofMaxSize(12)
                .edgeCases(c -> c.add(new float[] {Float.NaN, Float.intBitsToFloat(0x7fc00001), -0f, Float.MAX_VALUE}));
    }

    @Provide
    Arbitrary<CheckpointHeader> headers() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.isBlank() && CheckpointKey.encodable(s));
        Arbitrary<String> kind = Arbitraries.strings().withChars("abcxyz019-").ofMaxLength(20).map(s -> "k" + s);
        Arbitrary<CheckpointKey> keys = Combinators.combine(kind, text, Arbitraries.integers().between(0, 64),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64), text, Arbitraries.longs())
                .as(CheckpointKey::new);
        Arbitrary<Double> seconds = Arbitraries.oneOf(Arbitraries.just(Double.NaN),
                Arbitraries.doubles().between(0, 1e9));
        Arbitrary<Map<String, String>> metadata = Arbitraries.maps(text, Arbitraries.strings().ofMaxLength(20)
                .filter(CheckpointKey::encodable)).ofMaxSize(4);
        return Combinators.combine(keys, seconds, Arbitraries.longs().between(-(1L << 50), 1L << 50), metadata)
                .as((k, s, t, md) -> new CheckpointHeader(k, s, Instant.ofEpochMilli(t), md));
    }
}
