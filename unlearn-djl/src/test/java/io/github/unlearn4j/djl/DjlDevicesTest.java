package io.github.unlearn4j.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.github.unlearn4j.api.BackendException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.model.Architectures;
import io.github.unlearn4j.djl.model.DjlModel;
import org.junit.jupiter.api.Test;

class DjlDevicesTest {

    @Test
    void cpuIsAlwaysCpu() {
        assertThat(DjlDevices.resolve(DevicePreference.CPU)).isEqualTo(Device.cpu());
    }

    @Test
    void autoPicksTheGpuOnlyWhenThereIsOne() {
        Device expected = DjlDevices.gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        assertThat(DjlDevices.resolve(DevicePreference.AUTO)).isEqualTo(expected);
        assertThat(DjlDevices.resolve(DevicePreference.AUTO, FallbackPolicy.FAIL, 0)).isEqualTo(Device.cpu());
        assertThat(DjlDevices.resolve(DevicePreference.AUTO, FallbackPolicy.FAIL, 2)).isEqualTo(Device.gpu(0));
    }

    @Test
    void gpuWithoutGpuFailsOrFallsBackPerPolicy() {
        assertThatThrownBy(() -> DjlDevices.resolve(DevicePreference.GPU, FallbackPolicy.FAIL, 0))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("GPU")
                .hasMessageContaining("PYTORCH_LIBRARY_PATH");
        assertThat(DjlDevices.resolve(DevicePreference.GPU, FallbackPolicy.FALLBACK_TO_CPU, 0)).isEqualTo(Device.cpu());
        assertThat(DjlDevices.resolve(DevicePreference.GPU, FallbackPolicy.FAIL, 1)).isEqualTo(Device.gpu(0));
    }

    @Test
    void gpuRequestOnThisMachineWithoutGpuFails() {
        assumeTrue(DjlDevices.gpuCount() == 0, "this machine has a GPU");
        assertThatThrownBy(() -> DjlDevices.resolve(DevicePreference.GPU))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("GPU");
        assertThat(DjlDevices.resolve(DevicePreference.GPU, FallbackPolicy.FALLBACK_TO_CPU)).isEqualTo(Device.cpu());
    }

    @Test
    void gpuGivesTheCpuGradient() {
        assumeTrue(DjlDevices.gpuCount() > 0, "no GPU visible to DJL's PyTorch engine");
        Device gpu = DjlDevices.resolve(DevicePreference.GPU);
        TestData.Classification raw = TestData.blobs(32, 6, 3, 1);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        try (DjlDataset cpuData = DjlDataset.classification("cpu", raw.x(), raw.y(), 3, Device.cpu());
                DjlDataset gpuData = DjlDataset.classification("gpu", raw.x(), raw.y(), 3, gpu);
                DjlModel cpuModel = DjlModel.create(Architectures.mlp(6, 8, 3), Device.cpu(), 1);
                DjlModel gpuModel = DjlModel.create(Architectures.mlp(6, 8, 3), gpu, 1)) {
            gpuModel.setParameters(cpuModel.parameters());
            assertThat(gpuModel.description().device()).isEqualTo(gpu.toString());
            double a = cpuModel.accumulateGradient(Batch.of(cpuData, rows), LossTerm.TASK, 1);
            double b = gpuModel.accumulateGradient(Batch.of(gpuData, rows), LossTerm.TASK, 1);
            assertThat(b).isCloseTo(a, within(1e-4));
            float[] g = cpuModel.gradients();
            float[] h = gpuModel.gradients();
            for (int i = 0; i < g.length; i++) {
                assertThat(h[i]).isCloseTo(g[i], within(1e-4f));
            }
        }
    }

    @Test
    void theThreadDefaultIsHalfTheCoresUnlessTheCallerChose() {
        assertThat(DjlDevices.defaultThreads(2, null, null)).hasValue(1);
        assertThat(DjlDevices.defaultThreads(1, null, null)).hasValue(1);
        assertThat(DjlDevices.defaultThreads(16, null, null)).hasValue(8);
        assertThat(DjlDevices.defaultThreads(16, "3", null)).as("the DJL property stands").isEmpty();
        assertThat(DjlDevices.defaultThreads(16, null, "4")).as("OMP_NUM_THREADS stands").isEmpty();
    }
}
