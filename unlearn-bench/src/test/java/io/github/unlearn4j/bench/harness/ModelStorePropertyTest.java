package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Properties of the harness's model cache on arbitrary and mutated bytes: {@link ModelStore#load}
 * loads a well-formed file of the model's architecture and size, misses (empty) on a well-formed
 * file of another model, and otherwise fails with an {@link InvalidRequestException} naming the
 * file; never another exception, never touching the model on failure, and within a small memory
 * budget whatever lengths the file claims.
 */
class ModelStorePropertyTest {
    private static final String KEY = ModelStore.key("original-seed1", "test data|seed 1");
    private static final float[] WEIGHTS = {0.5f, -1.25f, 3f, 7f};
    private static final long ALLOCATION_BUDGET = 4L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Path dir;

    /** A change to a valid file. */
    record Mutation(Kind kind, int at, int value, byte[] bytes) {
        @Override
        public String toString() {
            return kind + " at " + at + " value " + value + " bytes " + Arrays.toString(bytes);
        }
    }

    enum Kind {
        /** Magic, version, architecture length or parameter count is replaced. */
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

    @BeforeTry
    void createFolder() throws IOException {
        dir = Files.createTempDirectory("model-store");
    }

    @AfterTry
    void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300, seed = "20261130")
    void anyMutationLoadsMissesOrFailsNamingTheFile(@ForAll("mutations") Mutation m) throws IOException {
        ModelStore store = new ModelStore(dir);
        Path file = store.save(KEY, LinearRegressionModel.withWeights(WEIGHTS), 12.5);
        byte[] good = Files.readAllBytes(file);
        byte[] bad = mutate(good, m);
        Files.write(file, bad);

        LinearRegressionModel model = new LinearRegressionModel(WEIGHTS.length);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        OptionalDouble[] loaded = new OptionalDouble[1];
        Throwable thrown = catchThrowable(() -> loaded[0] = store.load(KEY, model));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(InvalidRequestException.class);
            assertThat(thrown.getMessage()).startsWith("model file = " + file + ": ");
        }
        if (thrown != null || loaded[0].isEmpty()) {
            assertThat(model.parameters()).as("the model is untouched").containsOnly(0f);
        } else {
            assertThat(loaded[0].getAsDouble()).isFinite().isNotNegative();
            ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
            b.position(12 + b.getInt(8) + 4);
            float[] expected = new float[WEIGHTS.length];
            b.asFloatBuffer().get(expected);
            assertThat(model.parameters()).containsExactly(expected);
        }
        if (Arrays.equals(bad, good)) {
            assertThat(loaded[0]).isEqualTo(OptionalDouble.of(12.5));
        }
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET + 16L * bad.length);
    }

    private static byte[] mutate(byte[] good, Mutation m) {
        byte[] b = good.clone();
        ByteBuffer buffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int archLength = buffer.getInt(8);
        return switch (m.kind()) {
            case HEADER_INT -> {
                int[] offsets = {0, 4, 8, 12 + archLength};
                buffer.putInt(offsets[Math.floorMod(m.at(), offsets.length)], m.value());
                yield b;
            }
            case ANY_INT -> {
                buffer.putInt(Math.floorMod(m.at(), b.length - 3), m.value());
                yield b;
            }
            case SECONDS -> {
                buffer.putDouble(b.length - 8, Double.longBitsToDouble(((long) m.value() << 32) | m.at()));
                yield b;
            }
            case FLIP -> {
                b[Math.floorMod(m.at(), b.length)] ^= (byte) (1 << Math.floorMod(m.value(), 8));
                yield b;
            }
            case TRUNCATE -> Arrays.copyOf(b, Math.floorMod(m.at(), b.length));
            case APPEND -> {
                byte[] longer = Arrays.copyOf(b, b.length + m.bytes().length);
                System.arraycopy(m.bytes(), 0, longer, b.length, m.bytes().length);
                yield longer;
            }
            case REPLACE -> m.bytes();
        };
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> crafted = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(-1, 0, 1, 3, 4, 5, 12, 0x4A344C55, 2, Integer.MAX_VALUE, Integer.MIN_VALUE,
                        Integer.MAX_VALUE / 4, 1 << 30, -4, 0x7ff00000, 0xfff80000, 0x40290000)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-8, 64)));
        return Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 200),
                crafted,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(48))
                .as(Mutation::new);
    }
}
