package io.github.unlearn4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {
    @Test
    void theSameValuesGiveTheSameFingerprintAndItIsTheDocumentedEncoding() throws Exception {
        float[] features = new float[50_000];
        int[] labels = new int[40_000];
        Random random = new Random(11);
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10);
        }
        String a = DataFingerprint.builder().add("data").add(7).add(labels).add(features).hex();
        String b = DataFingerprint.builder().add("data").add(7).add(labels.clone()).add(features.clone()).hex();
        assertThat(a).isEqualTo(b).matches("[0-9a-f]{64}");
        assertThat(DataFingerprint.isValid(a)).isTrue();

        ByteBuffer expected = ByteBuffer.allocate(1 + 4 + 4 + 1 + 8 + 1 + 4 + 4 * labels.length + 1 + 4
                + 4 * features.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.put((byte) 'S').putInt(4).put("data".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        expected.put((byte) 'L').putLong(7);
        expected.put((byte) 'I').putInt(labels.length);
        for (int l : labels) {
            expected.putInt(l);
        }
        expected.put((byte) 'F').putInt(features.length);
        for (float f : features) {
            expected.putInt(Float.floatToRawIntBits(f));
        }
        assertThat(a).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(expected.array())));
    }

    @Test
    void differentSequencesOfValuesDiffer() {
        assertThat(DataFingerprint.builder().add("ab").add("c").hex())
                .isNotEqualTo(DataFingerprint.builder().add("a").add("bc").hex());
        assertThat(DataFingerprint.builder().add(new int[0]).hex())
                .isNotEqualTo(DataFingerprint.builder().add(new float[0]).hex());
        assertThat(DataFingerprint.builder().add(new int[] {1}).add(new int[0]).hex())
                .isNotEqualTo(DataFingerprint.builder().add(new int[0]).add(new int[] {1}).hex());
        assertThat(DataFingerprint.builder().add(new float[] {0f}).hex())
                .isNotEqualTo(DataFingerprint.builder().add(new float[] {-0f}).hex());
    }

    @Test
    void aFinishedFingerprintCannotBeExtended() {
        DataFingerprint.Builder b = DataFingerprint.builder().add(1);
        b.hex();
        assertThatThrownBy(() -> b.add("more")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start a new one with DataFingerprint.builder()");
        assertThatThrownBy(b::hex).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(DataFingerprint.isValid("ABC")).isFalse();
        assertThat(DataFingerprint.isValid(null)).isFalse();
    }
}
