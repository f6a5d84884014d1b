package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.core.backend.reference.MaskedSgd;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.model.DjlCpuSgdUpdater.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass CPU SGD step: bit-identical to core's {@link MaskedSgd} across chunk boundaries, on
 * each path (in place with the Vector API, chunks through the heap, the copy fallback). Surefire
 * starts this module's tests with {@code --add-modules jdk.incubator.vector}, so the in-place path
 * is the default here.
 */
class DjlCpuSgdUpdaterTest {
    /** Two full chunks and a tail of 1809 floats, so every chunk case runs. */
    private static final int SIZE = 2 * DjlCpuSgdUpdater.CHUNK + 1809;
    private static final long SEED = 41;

    private DjlModel model;
    private DjlDataset data;

    @BeforeEach
    void setUp() {
        model = DjlModel.create(Architectures.linearRegression(SIZE), Device.cpu(), SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        float[][] rows = new float[3][SIZE];
        for (float[] row : rows) {
            for (int i = 0; i < SIZE; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        data = DjlDataset.regression("three-rows", rows, new float[] {1f, -2f, 0.5f}, Device.cpu());
    }

    @AfterEach
    void tearDown() {
        data.close();
        model.close();
    }

    private float[] gradientOnRow(int row) {
        model.zeroGradients();
        model.accumulateGradient(Batch.of(data, new int[] {row}), LossTerm.TASK, 1.0);
        return model.gradients();
    }

    private static ParameterMask randomMask(int n, double ones) {
        boolean[] flags = new boolean[n];
        SplittableRandom r = new SplittableRandom(SEED + 1);
        for (int i = 0; i < n; i++) {
            flags[i] = r.nextDouble() < ones;
        }
        return ParameterMask.of(flags);
    }

    @Test
    void newUpdaterOnTheCpuIsTheOnePassUpdaterStepsInPlaceWhereTheVectorApiIsPresent() {
        assertThat(ModuleLayer.boot().findModule(InPlaceSgdKernel.VECTOR_MODULE))
                .as("surefire's argLine adds the Vector API's module").isPresent();
        try (ParameterUpdater updater = model.newUpdater(new SgdConfig(0.9, 0), ParameterMask.all(SIZE))) {
            assertThat(updater).isInstanceOf(DjlCpuSgdUpdater.class);
            assertThat(((DjlCpuSgdUpdater) updater).path()).isEqualTo(Path.IN_PLACE);
        }
    }

    @Test
    void withoutTheModuleOrWhenTurnedOffTheKernelIsNotLoaded() {
        assertThat(InPlaceSgdKernel.Loader.load(false, "true")).isEmpty();
        assertThat(InPlaceSgdKernel.Loader.load(true, "false")).isEmpty();
        assertThat(InPlaceSgdKernel.Loader.load(true, " TRUE ")).isPresent();
    }

    @ParameterizedTest(name = "masked={0}, path={1}, forceCopies={2}")
    @CsvSource({"true, IN_PLACE, false", "false, IN_PLACE, false", "true, CHUNKS, false", "false, CHUNKS, false",
            "true, IN_PLACE, true", "false, IN_PLACE, true", "true, CHUNKS, true", "false, CHUNKS, true"})
    void everyStepIsBitIdenticalToMaskedSgd(boolean masked, Path path, boolean forceCopies) {
        ParameterMask mask = masked ? randomMask(SIZE, 0.5) : ParameterMask.all(SIZE);
        float[] maskFloats = mask.toFloats();
        float[] start = model.parameters();
        float[] theta = start.clone();
        float[] velocity = new float[SIZE];
        SgdConfig config = new SgdConfig(0.9, 5e-3);
        try (ParameterUpdater updater = model.newCpuSgdUpdater(config, mask, path, forceCopies)) {
            for (int step = 0; step < 5; step++) {
                float[] grads = gradientOnRow(step % 3);
                float l1 = step % 2 == 0 ? 1e-3f : 0f;
                updater.step(0.05, l1);
                if (masked) {
                    MaskedSgd.maskedStep(theta, grads, velocity, maskFloats, 0.05f, 0.9f, 5e-3f, l1);
                } else {
                    MaskedSgd.step(theta, grads, velocity, 0.05f, 0.9f, 5e-3f, l1);
                }
                float[] actual = model.parameters();
                for (int i = 0; i < SIZE; i++) {
                    if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(theta[i])) {
                        assertThat(actual[i]).as("parameter %d at step %d", i, step).isEqualTo(theta[i]);
                    }
                }
            }
        }
        assertThat(theta).as("the steps moved the weights").isNotEqualTo(start);
    }

    /** The in-place path's 2^20-float chunks, through the live view and through the copy fallback. */
    @ParameterizedTest(name = "forceCopies={0}")
    @ValueSource(booleans = {false, true})
    void inPlaceStepsAcrossItsLargerChunksAreBitIdenticalToMaskedSgd(boolean forceCopies) {
        int size = DjlCpuSgdUpdater.IN_PLACE_CHUNK + 4099;
        SplittableRandom random = new SplittableRandom(SEED + 7);
        float[][] rows = new float[2][size];
        for (float[] row : rows) {
            for (int i = 0; i < size; i++) {
                row[i] = (float) random.nextDouble(-1, 1);
            }
        }
        ParameterMask mask = randomMask(size, 0.5);
        try (DjlDataset big = DjlDataset.regression("two-rows", rows, new float[] {1f, -1f}, Device.cpu());
                DjlModel wide = DjlModel.create(Architectures.linearRegression(size), Device.cpu(), SEED)) {
            float[] theta = wide.parameters();
            float[] start = theta.clone();
            float[] velocity = new float[size];
            try (ParameterUpdater updater = wide.newCpuSgdUpdater(new SgdConfig(0.9, 5e-3), mask, Path.IN_PLACE,
                    forceCopies)) {
                for (int step = 0; step < 2; step++) {
                    wide.zeroGradients();
                    wide.accumulateGradient(Batch.of(big, new int[] {step}), LossTerm.TASK, 1.0);
                    float[] grads = wide.gradients();
                    float l1 = step == 1 ? 1e-3f : 0f;
                    updater.step(0.05, l1);
                    MaskedSgd.maskedStep(theta, grads, velocity, mask.toFloats(), 0.05f, 0.9f, 5e-3f, l1);
                }
            }
            // Arrays.equals compares bits (floatToIntBits); AssertJ's containsExactly is quadratic at this size
            assertThat(Arrays.equals(wide.parameters(), theta)).as("bit-identical to MaskedSgd").isTrue();
            assertThat(Arrays.equals(theta, start)).as("the steps moved the weights").isFalse();
        }
    }

    @Test
    void aMaskAcrossSeveralTensorsLinesUpWithTheFlatParameterVector() {
        // weights of 120·40 = 4800 (> one chunk) and 40·3, two biases: the mask's offsets cross tensors
        TestData.Classification raw = TestData.blobs(30, 120, 3, 5);
        try (DjlDataset blobs = DjlDataset.classification("blobs", raw.x(), raw.y(), 3, Device.cpu());
                DjlModel mlp = DjlModel.create(Architectures.mlp(120, 40, 3), Device.cpu(), SEED)) {
            int n = (int) mlp.description().parameterCount();
            ParameterMask mask = randomMask(n, 0.6);
            float[] theta = mlp.parameters();
            float[] start = theta.clone();
            float[] velocity = new float[n];
            int[] rows = new int[30];
            Arrays.setAll(rows, i -> i);
            try (ParameterUpdater updater = mlp.newUpdater(new SgdConfig(0.9, 1e-3), mask)) {
                for (int step = 0; step < 3; step++) {
                    mlp.zeroGradients();
                    mlp.accumulateGradient(Batch.of(blobs, rows), LossTerm.TASK, 1.0);
                    float[] grads = mlp.gradients();
                    updater.step(0.1, step == 1 ? 1e-3 : 0);
                    MaskedSgd.maskedStep(theta, grads, velocity, mask.toFloats(), 0.1f, 0.9f, 1e-3f, step == 1 ? 1e-3f : 0f);
                }
            }
            assertThat(mlp.parameters()).containsExactly(theta);
            assertThat(theta).isNotEqualTo(start);
        }
    }

    @Test
    void everyPathGivesTheSameBits() {
        ParameterMask mask = randomMask(SIZE, 0.3);
        float[] start = model.parameters();
        float[] inPlace = run(mask, Path.IN_PLACE, false);
        model.setParameters(start);
        float[] viaChunks = run(mask, Path.CHUNKS, false);
        model.setParameters(start);
        float[] viaCopy = run(mask, Path.CHUNKS, true);
        model.setParameters(start);
        float[] viaCopyWithInPlaceChunks = run(mask, Path.IN_PLACE, true);
        assertThat(viaChunks).containsExactly(inPlace);
        assertThat(viaCopy).containsExactly(inPlace);
        assertThat(viaCopyWithInPlaceChunks).containsExactly(inPlace);
        assertThat(inPlace).isNotEqualTo(start);
    }

    private float[] run(ParameterMask mask, Path path, boolean forceCopies) {
        try (ParameterUpdater updater = model.newCpuSgdUpdater(new SgdConfig(0.5, 1e-3), mask, path, forceCopies)) {
            for (int step = 0; step < 3; step++) {
                gradientOnRow(step);
                updater.step(0.1, 1e-4);
            }
        }
        return model.parameters();
    }

    @Test
    void closedUpdaterRefusesToStepAndLeavesTheModelAlone() {
        float[] start = model.parameters();
        gradientOnRow(0);
        ParameterUpdater updater = model.newUpdater(new SgdConfig(0.9, 0), ParameterMask.all(SIZE));
        updater.close();
        updater.close();
        assertThatThrownBy(() -> updater.step(0.1, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(model.parameters()).containsExactly(start);
    }
}
