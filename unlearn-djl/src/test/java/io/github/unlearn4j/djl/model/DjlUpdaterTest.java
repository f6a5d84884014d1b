package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.core.backend.reference.MaskedSgd;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DjlUpdaterTest {
    private static final int F = 5;
    private static final int C = 3;

    private DjlDataset data;
    private DjlModel model;
    private int[] rows;

    @BeforeEach
    void setUp() {
        TestData.Classification raw = TestData.blobs(40, F, C, 9);
        data = DjlDataset.classification("blobs", raw.x(), raw.y(), C, Device.cpu());
        model = DjlModel.create(Architectures.mlp(F, 7, C), Device.cpu(), 3);
        rows = new int[40];
        Arrays.setAll(rows, i -> i);
    }

    @AfterEach
    void tearDown() {
        model.close();
        data.close();
    }

    private float[] gradientAt() {
        model.zeroGradients();
        model.accumulateGradient(Batch.of(data, rows), LossTerm.TASK, 1.0);
        return model.gradients();
    }

    /** The public path ({@code newUpdater}: the one-pass CPU updater here) or the NDArray path GPUs use. */
    private ParameterUpdater sgd(boolean ndArrayPath, SgdConfig config, ParameterMask mask) {
        return ndArrayPath ? model.newNdArraySgdUpdater(config, mask) : model.newUpdater(config, mask);
    }

    @ParameterizedTest(name = "ndArrayPath={0}")
    @ValueSource(booleans = {false, true})
    void maskedStepFollowsMaskedSgdAndLeavesMaskedOutParametersBitIdentical(boolean ndArrayPath) {
        int n = (int) model.description().parameterCount();
        boolean[] flags = new boolean[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            flags[i] = r.nextDouble() < 0.4;
        }
        ParameterMask mask = ParameterMask.of(flags);
        float[] theta = model.parameters();
        float[] velocity = new float[n];
        float[] maskFloats = mask.toFloats();
        float[] start = theta.clone();
        SgdConfig config = new SgdConfig(0.9, 5e-3);
        try (ParameterUpdater updater = sgd(ndArrayPath, config, mask)) {
            for (int step = 0; step < 4; step++) {
                float[] grads = gradientAt();
                double l1 = step % 2 == 0 ? 1e-3 : 0;
                updater.step(0.1, l1);
                MaskedSgd.maskedStep(theta, grads, velocity, maskFloats, 0.1f, 0.9f, 5e-3f, (float) l1);
                float[] actual = model.parameters();
                for (int i = 0; i < n; i++) {
                    if (!flags[i]) {
                        assertThat(Float.floatToRawIntBits(actual[i]))
                                .as("masked-out parameter %d", i)
                                .isEqualTo(Float.floatToRawIntBits(start[i]));
                    } else {
                        assertThat(actual[i]).as("parameter %d at step %d", i, step).isCloseTo(theta[i], within(1e-6f));
                    }
                }
                theta = actual;
            }
        }
        assertThat(model.parameters()).isNotEqualTo(start);
    }

    @ParameterizedTest(name = "ndArrayPath={0}")
    @ValueSource(booleans = {false, true})
    void fullMaskFollowsMaskedSgdStep(boolean ndArrayPath) {
        int n = (int) model.description().parameterCount();
        float[] theta = model.parameters();
        float[] velocity = new float[n];
        try (ParameterUpdater updater = sgd(ndArrayPath, new SgdConfig(0.5, 0), ParameterMask.all(n))) {
            for (int step = 0; step < 3; step++) {
                float[] grads = gradientAt();
                updater.step(0.2, 0);
                MaskedSgd.step(theta, grads, velocity, 0.2f, 0.5f, 0f, 0f);
                float[] actual = model.parameters();
                for (int i = 0; i < n; i++) {
                    assertThat(actual[i]).isCloseTo(theta[i], within(1e-6f));
                }
                theta = actual;
            }
        }
    }

    @ParameterizedTest(name = "ndArrayPath={0}")
    @ValueSource(booleans = {false, true})
    void emptyMaskMovesNothingAndStepDoesNotZeroTheGradient(boolean ndArrayPath) {
        int n = (int) model.description().parameterCount();
        float[] start = model.parameters();
        float[] grads = gradientAt();
        try (ParameterUpdater updater = sgd(ndArrayPath, new SgdConfig(0.9, 0.1), ParameterMask.of(new boolean[n]))) {
            updater.step(1.0, 0.5);
        }
        assertThat(model.parameters()).containsExactly(start);
        assertThat(model.gradients()).containsExactly(grads);
    }

    @Test
    void validatesItsInputs() {
        assertThatThrownBy(() -> model.newUpdater(new SgdConfig(0, 0), ParameterMask.all(3)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("mask.size = 3");
        long n = model.description().parameterCount();
        try (ParameterUpdater updater = model.newUpdater(new SgdConfig(0, 0), ParameterMask.all(n))) {
            assertThatThrownBy(() -> updater.step(0, 0)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> updater.step(0.1, -1)).isInstanceOf(InvalidRequestException.class);
        }
    }
}
