package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ParameterMask;
import io.github.unlearn4j.api.model.ParameterUpdater;
import io.github.unlearn4j.api.model.SgdConfig;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-step arrays are freed: the model's manager holds as many arrays after a loop as before. */
class NativeMemoryTest {
    /**
     * The CPU updater keeps velocity and mask on the heap: on each of its paths (in place, chunks
     * through the heap, the copy fallback) it adds no array to the manager.
     */
    @ParameterizedTest(name = "path={0}, forceCopies={1}")
    @CsvSource({"IN_PLACE, false", "CHUNKS, false", "IN_PLACE, true", "CHUNKS, true"})
    void aTrainingLoopWithTheCpuUpdaterDoesNotGrowTheModelsManager(DjlCpuSgdUpdater.Path path, boolean forceCopies) {
        runTrainingLoop((model, sgd, mask) -> model.newCpuSgdUpdater(sgd, mask, path, forceCopies), 0, 0);
    }

    /**
     * The NDArray updater (the GPU path): per tensor velocity, mask and scratch, plus the momentum
     * and weight-decay scalars; the first step with an l1 term adds one sign scratch per tensor.
     */
    @Test
    void aTrainingLoopWithTheNdArrayUpdaterDoesNotGrowTheModelsManager() {
        runTrainingLoop(DjlModel::newNdArraySgdUpdater, 3 * 4 + 2, 4);
    }

    @Test
    void theDefaultUpdaterOnTheCpuIsTheOneWithoutNativeBuffers() {
        try (DjlModel model = DjlModel.create(Architectures.mlp(6, 8, 3), Device.cpu(), 1)) {
            int baseline = model.managedArrayCount();
            try (ParameterUpdater updater = model.newUpdater(new SgdConfig(0.9, 1e-3),
                    ParameterMask.all(model.description().parameterCount()))) {
                assertThat(updater).isInstanceOf(DjlCpuSgdUpdater.class);
                assertThat(model.managedArrayCount()).isEqualTo(baseline);
            }
        }
    }

    @FunctionalInterface
    private interface SgdUpdaterFactory {
        ParameterUpdater open(DjlModel model, SgdConfig sgd, ParameterMask mask);
    }

    private static void runTrainingLoop(SgdUpdaterFactory factory, int updaterArrays, int l1ScratchArrays) {
        TestData.Classification raw = TestData.blobs(64, 6, 3, 1);
        boolean[] flags = new boolean[6 * 8 + 8 + 8 * 3 + 3];
        for (int i = 0; i < flags.length; i += 2) {
            flags[i] = true;
        }
        int[] rows = {1, 5, 9, 13, 17, 21, 25, 29};
        try (DjlDataset data = DjlDataset.classification("blobs", raw.x(), raw.y(), 3, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(6, 8, 3), Device.cpu(), 1);
                DjlModel teacher = model.copy()) {
            int baseline = model.managedArrayCount();
            int teacherBaseline = teacher.managedArrayCount();
            try (ParameterUpdater updater = factory.open(model, new SgdConfig(0.9, 1e-3), ParameterMask.of(flags))) {
                int withBuffers = model.managedArrayCount();
                assertThat(withBuffers).as("the updater's own arrays").isEqualTo(baseline + updaterArrays);
                for (int step = 0; step < 50; step++) {
                    model.zeroGradients();
                    model.accumulateGradient(Batch.of(data, rows), LossTerm.TASK, 1);
                    model.accumulateGradient(new Batch(data, rows, new int[] {0, 1, 2, 0, 1, 2, 0, 1}),
                            LossTerm.INVERSE_CE, -0.5);
                    model.accumulateGradient(Batch.of(data, rows), LossTerm.KL_UNIFORM, 0.1);
                    model.accumulateGradient(Batch.of(data, rows), new LossTerm.KlToTeacher(teacher, 4), 0.1);
                    updater.step(0.01, 1e-4);
                    model.evaluate(DataView.all(data));
                    model.predict(DataView.all(data));
                    model.parameters();
                    model.gradients();
                    if (step == 0) {
                        withBuffers += l1ScratchArrays;
                    }
                    assertThat(model.managedArrayCount()).as("after step %d", step).isEqualTo(withBuffers);
                }
                model.setParameters(model.parameters());
                model.reinitialize(3);
                assertThat(model.managedArrayCount()).isEqualTo(withBuffers);
            }
            assertThat(model.managedArrayCount()).isEqualTo(baseline);
            assertThat(teacher.managedArrayCount()).isEqualTo(teacherBaseline);
        }
    }

    @Test
    void anAdamWLoopDoesNotGrowTheModelsManager() {
        TestData.Classification raw = TestData.blobs(64, 6, 3, 1);
        boolean[] flags = new boolean[6 * 8 + 8 + 8 * 3 + 3];
        for (int i = 0; i < flags.length; i += 3) {
            flags[i] = true;
        }
        int[] rows = {1, 5, 9, 13, 17, 21, 25, 29};
        try (DjlDataset data = DjlDataset.classification("blobs", raw.x(), raw.y(), 3, Device.cpu());
                DjlModel model = DjlModel.create(Architectures.mlp(6, 8, 3), Device.cpu(), 1)) {
            int baseline = model.managedArrayCount();
            try (ParameterUpdater updater = model.newUpdater(
                    new io.github.unlearn4j.api.model.AdamWConfig(0.9, 0.999, 1e-8, 0.01), ParameterMask.of(flags))) {
                int withBuffers = model.managedArrayCount();
                // per tensor: m, v, mask, two scratch arrays; plus six constant scalars
                assertThat(withBuffers).as("moment, mask and scratch arrays").isEqualTo(baseline + 5 * 4 + 6);
                for (int step = 0; step < 50; step++) {
                    model.zeroGradients();
                    model.accumulateGradient(Batch.of(data, rows), LossTerm.TASK, 1);
                    updater.step(0.01, step % 2 == 0 ? 1e-4 : 0);
                    assertThat(model.managedArrayCount()).as("after step %d", step).isEqualTo(withBuffers);
                }
            }
            assertThat(model.managedArrayCount()).isEqualTo(baseline);
        }
    }
}
