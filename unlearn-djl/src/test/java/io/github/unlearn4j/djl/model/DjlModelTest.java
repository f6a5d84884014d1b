package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.data.Batch;
import io.github.unlearn4j.api.data.DataView;
import io.github.unlearn4j.api.data.TaskType;
import io.github.unlearn4j.api.model.LossTerm;
import io.github.unlearn4j.api.model.ModelDescription;
import io.github.unlearn4j.core.backend.reference.ArrayDataset;
import io.github.unlearn4j.djl.TestData;
import io.github.unlearn4j.djl.data.DjlDataset;
import io.github.unlearn4j.djl.mnist.LabeledImages;
import io.github.unlearn4j.djl.mnist.SyntheticImages;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DjlModelTest {
    private static final int F = 8;
    private static final int C = 4;

    private TestData.Classification raw;
    private DjlDataset data;
    private DjlModel model;

    @BeforeEach
    void setUp() {
        raw = TestData.blobs(64, F, C, 3);
        data = DjlDataset.classification("blobs", raw.x(), raw.y(), C, Device.cpu());
        model = DjlModel.create(Architectures.mlp(F, 16, C), Device.cpu(), 7);
    }

    @AfterEach
    void tearDown() {
        model.close();
        data.close();
    }

    private Batch batch(int from, int to) {
        int[] rows = new int[to - from];
        Arrays.setAll(rows, i -> from + i);
        return Batch.of(data, rows);
    }

    @Test
    void describesItself() {
        ModelDescription d = model.description();
        assertThat(d.backend()).isEqualTo("djl-pytorch");
        assertThat(d.device()).isEqualTo("cpu()");
        assertThat(d.architecture()).isEqualTo("mlp(8-16-4)");
        assertThat(d.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(d.inputFeatures()).isEqualTo(F);
        assertThat(d.outputs()).isEqualTo(C);
        assertThat(d.groups()).hasSize(4);
        assertThat(d.parameterCount()).isEqualTo(F * 16 + 16 + 16 * C + C);
        long offset = 0;
        for (var g : d.groups()) {
            assertThat(g.offset()).isEqualTo(offset);
            offset += g.size();
        }
        assertThat(d.groups().get(0).name()).contains("Linear").endsWith("weight");
        assertThat(model.parameters()).hasSize((int) d.parameterCount());
    }

    @Test
    void gradientsAccumulateAcrossCallsAndZeroGradientsZeroes() {
        model.zeroGradients();
        assertThat(model.gradients()).containsOnly(0f);
        model.accumulateGradient(batch(0, 16), LossTerm.TASK, 1.0);
        float[] g1 = model.gradients();
        model.zeroGradients();
        model.accumulateGradient(batch(16, 32), LossTerm.KL_UNIFORM, 0.5);
        float[] g2 = model.gradients();
        model.zeroGradients();
        model.accumulateGradient(batch(0, 16), LossTerm.TASK, 1.0);
        model.accumulateGradient(batch(16, 32), LossTerm.KL_UNIFORM, 0.5);
        float[] sum = model.gradients();
        assertThat(norm(g1)).isGreaterThan(1e-3);
        assertThat(norm(g2)).isGreaterThan(1e-4);
        for (int i = 0; i < sum.length; i++) {
            assertThat(sum[i]).isCloseTo(g1[i] + g2[i], within(1e-5f));
        }
        model.zeroGradients();
        assertThat(model.gradients()).containsOnly(0f);
    }

    @Test
    void sameBatchTwiceDoublesTheGradientAndWeightScalesIt() {
        model.zeroGradients();
        double loss = model.accumulateGradient(batch(0, 32), LossTerm.TASK, 1.0);
        float[] once = model.gradients();
        double again = model.accumulateGradient(batch(0, 32), LossTerm.TASK, 1.0);
        float[] twice = model.gradients();
        assertThat(again).isEqualTo(loss);
        model.zeroGradients();
        double weighted = model.accumulateGradient(batch(0, 32), LossTerm.TASK, -3.0);
        float[] scaled = model.gradients();
        assertThat(weighted).as("the unweighted value is returned").isEqualTo(loss);
        for (int i = 0; i < once.length; i++) {
            assertThat(twice[i]).isCloseTo(2 * once[i], within(1e-5f));
            assertThat(scaled[i]).isCloseTo(-3 * once[i], within(1e-5f));
        }
    }

    @Test
    void copyIsEqualAndIndependent() {
        float[] before = model.parameters();
        model.accumulateGradient(batch(0, 16), LossTerm.TASK, 1.0);
        try (DjlModel copy = model.copy()) {
            assertThat(copy.parameters()).containsExactly(before);
            assertThat(copy.gradients()).containsOnly(0f);
            assertThat(copy.description()).isEqualTo(model.description());
            float[] changed = before.clone();
            Arrays.fill(changed, 0.25f);
            copy.setParameters(changed);
            copy.accumulateGradient(batch(16, 32), LossTerm.TASK, 1.0);
            assertThat(model.parameters()).containsExactly(before);
            assertThat(copy.parameters()).containsExactly(changed);
            float[] g = model.gradients();
            model.zeroGradients();
            model.accumulateGradient(batch(0, 16), LossTerm.TASK, 1.0);
            assertThat(g).containsExactly(model.gradients());
        }
        assertThat(model.parameters()).containsExactly(before);
    }

    @Test
    void reinitializeIsDeterministicPerSeedAndDiffersAcrossSeeds() {
        model.reinitialize(5);
        float[] a = model.parameters();
        model.setParameters(new float[a.length]);
        model.reinitialize(5);
        float[] b = model.parameters();
        model.reinitialize(6);
        float[] c = model.parameters();
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
        try (DjlModel other = DjlModel.create(Architectures.mlp(F, 16, C), Device.cpu(), 5)) {
            assertThat(other.parameters()).containsExactly(a);
        }
        // Biases start at zero, weights are drawn (Xavier-style Gaussian).
        var groups = model.description().groups();
        float[] p = model.parameters();
        var bias = groups.get(1);
        for (long i = bias.offset(); i < bias.offset() + bias.size(); i++) {
            assertThat(p[(int) i]).isZero();
        }
        assertThat(norm(Arrays.copyOf(p, (int) groups.get(0).size()))).isGreaterThan(0.1);
    }

    @Test
    void reinitializeZeroesTheGradient() {
        model.accumulateGradient(batch(0, 16), LossTerm.TASK, 1.0);
        model.reinitialize(1);
        assertThat(model.gradients()).containsOnly(0f);
    }

    @Test
    void setParametersRejectsWrongLength() {
        assertThatThrownBy(() -> model.setParameters(new float[3]))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("parameters.length = 3");
    }

    @Test
    void checkCompatibleNamesTheField() {
        ArrayDataset reference = ArrayDataset.classification("ref", raw.x(), raw.y(), C);
        assertThatThrownBy(() -> model.checkCompatible(reference))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("dataset = ")
                .hasMessageContaining("DjlDataset");
        try (DjlDataset narrow = DjlDataset.classification("narrow", new float[][] {{1, 2}, {3, 4}}, new int[] {0, 1}, 2,
                Device.cpu())) {
            assertThatThrownBy(() -> model.checkCompatible(narrow))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("narrow.featureCount = 2");
            assertThatThrownBy(() -> model.accumulateGradient(Batch.of(narrow, new int[] {0}), LossTerm.TASK, 1))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("narrow.featureCount = 2");
        }
        model.checkCompatible(data);
    }

    @Test
    void rejectsBadReplacementLabelsAndRows() {
        assertThatThrownBy(() -> model.accumulateGradient(new Batch(data, new int[] {0, 1}, new int[] {0, 9}),
                        LossTerm.TASK, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("batch.labels[1] = 9");
        assertThatThrownBy(() -> model.accumulateGradient(Batch.of(data, new int[] {0, 64}), LossTerm.TASK, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rows[1] = 64");
        assertThat(model.gradients()).containsOnly(0f);
    }

    @Test
    void evaluateAndPredictAreConsistent() {
        DataView all = DataView.all(data);
        var e = model.evaluate(all);
        double[][] p = model.predict(all);
        assertThat(e.count()).isEqualTo(64);
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            assertThat(Arrays.stream(p[i]).sum()).isCloseTo(1.0, within(1e-5));
            loss -= Math.log(p[i][raw.y()[i]]);
            int best = 0;
            for (int c = 1; c < C; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            correct += best == raw.y()[i] ? 1 : 0;
        }
        assertThat(e.meanLoss()).isCloseTo(loss / 64, within(1e-4));
        assertThat(e.accuracy()).isEqualTo(correct / 64.0);
        assertThat(model.evaluate(new DataView(data, new int[0])).count()).isZero();
    }

    @Test
    void trainsIdenticallyOnAnotherThread() throws Exception {
        // libtorch's grad mode is per thread, and only DJL's initializing thread has it off: the
        // in-place updates must work on any thread, with the same result.
        float[] here = trainBriefly();
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            float[] there = executor.submit(this::trainBriefly).get();
            assertThat(there).containsExactly(here);
        } finally {
            executor.shutdown();
        }
    }

    private float[] trainBriefly() {
        try (DjlModel m = DjlModel.create(Architectures.mlp(F, 16, C), Device.cpu(), 11);
                var updater = m.newUpdater(new io.github.unlearn4j.api.model.SgdConfig(0.9, 1e-3),
                        io.github.unlearn4j.api.model.ParameterMask.all(m.description().parameterCount()))) {
            for (int i = 0; i < 5; i++) {
                m.zeroGradients();
                m.accumulateGradient(batch(8 * i, 8 * i + 16), LossTerm.TASK, 1.0);
                updater.step(0.1, 1e-4);
            }
            m.setParameters(m.parameters());
            m.evaluate(DataView.all(data));
            return m.parameters();
        }
    }

    @Test
    void closedModelFailsClearly() {
        DjlModel m = DjlModel.create(Architectures.linear(F, C), Device.cpu(), 1);
        m.close();
        m.close();
        assertThatThrownBy(m::parameters).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void smallCnnTrainsOnImageRows() {
        LabeledImages images = SyntheticImages.generate("synthetic", 32, 4);
        try (DjlDataset imgs = images.toDataset(Device.cpu());
                DjlModel cnn = DjlModel.create(Architectures.smallCnn(), Device.cpu(), 2)) {
            assertThat(cnn.description().inputFeatures()).isEqualTo(784);
            int[] rows = new int[32];
            Arrays.setAll(rows, i -> i);
            double loss = cnn.accumulateGradient(Batch.of(imgs, rows), LossTerm.TASK, 1.0);
            assertThat(loss).isBetween(1.0, 4.0);
            assertThat(norm(cnn.gradients())).isGreaterThan(1e-4);
            try (var updater = cnn.newUpdater(new io.github.unlearn4j.api.model.SgdConfig(0.9, 0),
                    io.github.unlearn4j.api.model.ParameterMask.all(cnn.description().parameterCount()))) {
                for (int i = 0; i < 10; i++) {
                    cnn.zeroGradients();
                    cnn.accumulateGradient(Batch.of(imgs, rows), LossTerm.TASK, 1.0);
                    updater.step(0.05, 0);
                }
            }
            assertThat(cnn.evaluate(DataView.all(imgs)).meanLoss()).isLessThan(loss);
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
