package io.github.unlearn4j.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.core.backend.reference.LinearRegressionModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsAndMissesOnAnotherModel() {
        ModelStore store = new ModelStore(dir);
        assertThat(store.load("k", new LinearRegressionModel(2))).isEmpty();
        store.save("k", LinearRegressionModel.withWeights(new float[] {1, 2}), 3.5);
        LinearRegressionModel model = new LinearRegressionModel(2);
        assertThat(store.load("k", model)).isEqualTo(OptionalDouble.of(3.5));
        assertThat(model.parameters()).containsExactly(1, 2);
        assertThat(store.load("k", new LinearRegressionModel(3))).as("another architecture").isEmpty();
    }

    @Test
    void craftedLengthsAreCorruptNamingTheFile() throws IOException {
        ModelStore store = new ModelStore(dir);
        Path file = store.save("k", LinearRegressionModel.withWeights(new float[] {1, 2}), 3.5);
        byte[] good = Files.readAllBytes(file);
        int countAt = 12 + "linear(2->1)".length();
        int[][] crafts = {{8, -1}, {8, Integer.MAX_VALUE}, {countAt, Integer.MAX_VALUE}, {countAt, -2}, {countAt, 3}};
        for (int[] craft : crafts) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(craft[0], craft[1]);
            Files.write(file, bad);
            LinearRegressionModel model = new LinearRegressionModel(2);
            assertThatThrownBy(() -> store.load("k", model))
                    .as("%d at %d", craft[1], craft[0])
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("model file = " + file + ": is corrupt: ")
                    .hasMessageEndingWith("; delete it to train again");
            assertThat(model.parameters()).containsOnly(0f);
        }
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> store.load("k", new LinearRegressionModel(2)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("model file = " + file + ": is not a saved model of the harness");
        ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).putDouble(good.length - 8, Double.NaN);
        Files.write(file, good);
        assertThatThrownBy(() -> store.load("k", new LinearRegressionModel(2)))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("its training time is NaN s");
    }
}
