package io.github.unlearn4j.djl.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.djl.data.DjlDataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {
    @Test
    void hasFashionMnistShapeAndIsSeeded() {
        LabeledImages a = SyntheticImages.generate("a", 200, 1);
        LabeledImages b = SyntheticImages.generate("b", 200, 1);
        LabeledImages c = SyntheticImages.generate("c", 200, 2);
        assertThat(a.size()).isEqualTo(200);
        assertThat(a.height()).isEqualTo(28);
        assertThat(a.width()).isEqualTo(28);
        assertThat(a.classCount()).isEqualTo(10);
        assertThat(a.pixels()).containsExactly(b.pixels());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(c.pixels()).isNotEqualTo(a.pixels());
        for (float p : a.pixels()) {
            assertThat(p).isBetween(0f, 1f);
        }
        assertThat(Arrays.stream(a.labels()).distinct().count()).isEqualTo(10);
    }

    @Test
    void classesDifferMoreThanImagesWithinAClass() {
        LabeledImages d = SyntheticImages.generate("d", 400, 3);
        double[][] means = new double[10][784];
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
            for (int p = 0; p < 784; p++) {
                means[d.label(i)][p] += d.pixel(i, p);
            }
        }
        for (int c = 0; c < 10; c++) {
            for (int p = 0; p < 784; p++) {
                means[c][p] /= counts[c];
            }
        }
        // nearest class mean classifies most images correctly
        int correct = 0;
        for (int i = 0; i < d.size(); i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                double s = 0;
                for (int p = 0; p < 784; p++) {
                    double diff = d.pixel(i, p) - means[c][p];
                    s += diff * diff;
                }
                if (s < bestDistance) {
                    bestDistance = s;
                    best = c;
                }
            }
            correct += best == d.label(i) ? 1 : 0;
        }
        assertThat(correct / (double) d.size()).isGreaterThan(0.6);
    }

    @Test
    void convertsToADatasetAndValidates() {
        LabeledImages images = SyntheticImages.generate("s", 10, 1);
        try (DjlDataset data = images.head(4).toDataset(Device.cpu())) {
            assertThat(data.size()).isEqualTo(4);
            assertThat(data.featureCount()).isEqualTo(784);
            assertThat(data.label(3)).isEqualTo(images.label(3));
        }
        assertThatThrownBy(() -> SyntheticImages.generate("s", 0, 1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> images.head(11)).isInstanceOf(InvalidRequestException.class);
        float[] pixels = new float[784];
        pixels[5] = Float.NaN;
        assertThatThrownBy(() -> new LabeledImages("bad", 28, 28, 10, pixels, new int[] {1}))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bad.pixels[0][5] = NaN");
    }
}
