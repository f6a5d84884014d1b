package io.github.unlearn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.unlearn4j.api.UnlearnException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
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
 * Properties of the command line's parameter files on arbitrary and mutated bytes:
 * {@link ParameterFiles#loadInto} loads a well-formed file of the model's architecture and size, and
 * otherwise fails with an {@link UnlearnException} naming the file, never another exception
 * ({@code NegativeArraySizeException}, {@code BufferUnderflowException}, {@code OutOfMemoryError}),
 * leaving the model untouched and allocating no more than a small budget, whatever lengths the file
 * claims.
 */
class ParameterFilesPropertyTest {
    private static final String STEM = "original-mlp-0123abcd";
    private static final float[] WEIGHTS = {0.5f, -1.25f, 3f, Float.MIN_VALUE, -0f};
    private static final long ALLOCATION_BUDGET = 4L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Path dir;

    /** A change to a valid file: an int written at an offset, a flipped bit, a cut, extra bytes. */
    record Mutation(Kind kind, int at, int value, byte[] bytes, boolean renamed) {
        @Override
        public String toString() {
            return kind + " at " + at + " value " + value + " bytes " + Arrays.toString(bytes)
                    + (renamed ? ", named by the new checksum" : ", under the old name");
        }
    }

    enum Kind {
        /** One of the four ints (magic, version, architecture length, parameter count) is replaced. */
        HEADER_INT,
        /** An int at any offset is replaced. */
        ANY_INT,
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
        dir = Files.createTempDirectory("parameter-files");
    }

    @AfterTry
    void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300, seed = "20261130")
    void anyMutationLoadsOrFailsNamingTheFile(@ForAll("mutations") Mutation m) throws IOException {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(WEIGHTS), dir, STEM);
        byte[] good = Files.readAllBytes(saved);
        byte[] bad = mutate(good, m);
        Files.delete(saved);
        Path file = m.renamed() ? dir.resolve(STEM + "-" + ParameterFiles.sha(bad) + ".params") : saved;
        Files.write(file, bad);

        LinearRegressionModel model = new LinearRegressionModel(WEIGHTS.length);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Throwable thrown = catchThrowable(() -> ParameterFiles.loadInto(model, dir, STEM));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        if (thrown == null) {
            assertThat(Arrays.equals(bad, good) || m.renamed()).as("a file under a wrong checksum loads").isTrue();
            float[] expected = floats(bad);
            assertThat(model.parameters()).as("loaded parameters").containsExactly(expected);
        } else {
            assertThat(thrown).isInstanceOf(UnlearnException.class);
            assertThat(thrown.getMessage()).contains(file.toString());
            assertThat(model.parameters()).as("the model is untouched").containsOnly(0f);
        }
        if (!m.renamed() && !Arrays.equals(bad, good)) {
            assertThat(thrown).hasMessageContaining("does not match the checksum in its name");
        }
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET + 16L * bad.length);
    }

    @Property(tries = 50, seed = "20261201")
    void savedParametersLoadBackBitForBit(@ForAll("weights") float[] weights) {
        Path saved = ParameterFiles.save(LinearRegressionModel.withWeights(weights), dir, STEM);
        LinearRegressionModel model = new LinearRegressionModel(weights.length);
        assertThat(ParameterFiles.loadInto(model, dir, STEM)).isEqualTo(Optional.of(saved));
        float[] loaded = model.parameters();
        for (int i = 0; i < weights.length; i++) {
            assertThat(Float.floatToRawIntBits(loaded[i])).isEqualTo(Float.floatToRawIntBits(weights[i]));
        }
    }

    /** The parameters a well-formed file holds: the floats after the architecture name. */
    private static float[] floats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int arch = b.getInt();
        b.position(12 + arch);
        float[] p = new float[b.getInt()];
        b.asFloatBuffer().get(p);
        return p;
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
                Tuple.of(2, Arbitraries.of(-1, 0, 1, 4, 5, 6, 12, 0x4A344C55, 2, Integer.MAX_VALUE, Integer.MIN_VALUE,
                        Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 4 + 1, 1 << 30, -4)),
                Tuple.of(1, Arbitraries.integers()),
                Tuple.of(1, Arbitraries.integers().between(-8, 64)));
        return Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 200),
                crafted,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(48),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false)))
                .as(Mutation::new);
    }

    @Provide
    Arbitrary<float[]> weights() {
        return Arbitraries.floats().array(float[].class).ofMinSize(1).ofMaxSize(12)
                .edgeCases(c -> c.add(new float[] {Float.NaN, Float.intBitsToFloat(0x7fc00001), -0f, Float.MAX_VALUE}));
    }
}
