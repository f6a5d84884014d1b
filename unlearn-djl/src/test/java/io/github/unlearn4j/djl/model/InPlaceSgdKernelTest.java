package io.github.unlearn4j.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.core.backend.reference.MaskedSgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against core's scalar {@link MaskedSgd}, bit for bit (NaNs compared as
 * NaN), on values that stress the arithmetic: ±0, ±∞, NaN, subnormals, the largest floats and
 * random bit patterns, at lengths that leave a scalar tail, at an offset into the buffers.
 */
class InPlaceSgdKernelTest {
    private static final float[] SPECIALS = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, 1f, -1f, 1e-30f, -1e-30f, 3.5f};

    private static InPlaceSgdKernel kernel() {
        return InPlaceSgdKernel.available().orElseThrow(
                () -> new AssertionError("surefire's argLine adds --add-modules jdk.incubator.vector"));
    }

    private static float value(SplittableRandom random, int i) {
        return switch (i % 3) {
            case 0 -> SPECIALS[random.nextInt(SPECIALS.length)];
            case 1 -> Float.intBitsToFloat(random.nextInt());
            default -> (float) random.nextGaussian();
        };
    }

    private static ByteBuffer direct(float[] values, int offset) {
        ByteBuffer b = ByteBuffer.allocateDirect((offset + values.length) * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            b.putFloat((offset + i) * Float.BYTES, values[i]);
        }
        return b;
    }

    @ParameterizedTest(name = "n={0}, offset={1}, masked={2}, l1={3}")
    @CsvSource({"4096, 0, true, 0", "4096, 0, false, 1e-3", "37, 5, true, 1e-3", "37, 5, false, 0", "1, 3, true, 0.5",
            "1023, 4096, true, 0", "1023, 4096, false, 0.25"})
    void equalsMaskedSgdBitForBit(int n, int offset, boolean masked, float l1) {
        SplittableRandom random = new SplittableRandom(n * 31L + offset);
        float[] theta = new float[n];
        float[] grad = new float[n];
        float[] velocity = new float[n];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = value(random, i);
            grad[i] = value(random, i + 1);
            velocity[i] = value(random, i + 2);
            mask[i] = random.nextBoolean() ? 1f : 0f;
        }
        ByteBuffer thetaBytes = direct(theta, offset);
        // the gradient may be a copy on the heap where libtorch gives no view
        ByteBuffer gradBytes = ByteBuffer.allocate((offset + n) * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            gradBytes.putFloat((offset + i) * Float.BYTES, grad[i]);
        }
        float[] kernelVelocity = velocity.clone();

        kernel().step(thetaBytes, gradBytes, offset, kernelVelocity, masked ? mask : null, 0.1f, 0.9f, 5e-3f, l1);
        if (masked) {
            MaskedSgd.maskedStep(theta, grad, velocity, mask, 0.1f, 0.9f, 5e-3f, l1);
        } else {
            MaskedSgd.step(theta, grad, velocity, 0.1f, 0.9f, 5e-3f, l1);
        }

        for (int i = 0; i < n; i++) {
            float actual = thetaBytes.getFloat((offset + i) * Float.BYTES);
            assertThat(Float.floatToIntBits(actual)).as("theta[%d]", i).isEqualTo(Float.floatToIntBits(theta[i]));
            assertThat(Float.floatToIntBits(kernelVelocity[i])).as("velocity[%d]", i)
                    .isEqualTo(Float.floatToIntBits(velocity[i]));
        }
        for (int i = 0; i < offset; i++) {
            assertThat(thetaBytes.getFloat(i * Float.BYTES)).as("before the chunk").isZero();
        }
    }

    @Test
    void aBufferInTheWrongByteOrderIsRefused() {
        ByteBuffer theta = ByteBuffer.allocateDirect(64).order(
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ByteBuffer grad = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        assertThatThrownBy(() -> kernel().step(theta, grad, 0, new float[16], null, 0.1f, 0.9f, 0f, 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte order");
    }

    @Test
    void aMaskOfAnotherLengthIsRefused() {
        ByteBuffer theta = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        assertThatThrownBy(() -> kernel().step(theta, theta.duplicate().order(ByteOrder.nativeOrder()), 0,
                new float[16], new float[15], 0.1f, 0.9f, 0f, 0f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask length 15");
    }
}
