package io.github.unlearn4j.djl.model;

import io.github.unlearn4j.core.backend.reference.MaskedSgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link InPlaceSgdKernel} on the JDK's incubating Vector API: reads θ and the gradient straight
 * from libtorch's memory with {@link FloatVector#fromByteBuffer}, so main memory sees one pass of
 * 24 bytes per element (θ, gradient, velocity, mask read; θ and velocity written) and no copy.
 * Java 17's JIT does not vectorize a plain loop over a direct buffer, and the Vector API is the one
 * way to get vector loads from native memory without native code.
 *
 * <p>Every lane runs the scalar formula of core's {@code MaskedSgd} with the same operations in the
 * same order (the Vector API's lane-wise {@code mul}, {@code add}, {@code min} and {@code max} are
 * those of {@code *}, {@code +}, {@code Math.min} and {@code Math.max}, with no fused multiply-add),
 * and the tail that does not fill a vector runs that formula as scalar code (with
 * {@link MaskedSgd#sign}), so θ and v equal
 * {@code MaskedSgd}'s bit for bit. Compiled on its own with {@code --add-modules
 * jdk.incubator.vector} (unlearn-djl's pom) and loaded only by {@link InPlaceSgdKernel#available()},
 * after it has checked that the module is present; nothing else refers to this class.
 */
final class DjlVectorSgdKernel implements InPlaceSgdKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** {@link MaskedSgd#sign}'s scale, applied twice: clamp(θ·2^100·2^100, −1, 1). */
    private static final float TWO_POW_100 = 0x1p100f;

    /** Creates the kernel; {@link InPlaceSgdKernel#available()} does, reflectively. */
    DjlVectorSgdKernel() {}

    @Override
    public void step(ByteBuffer theta, ByteBuffer grad, int from, float[] velocity, float[] mask, float lr,
            float momentum, float weightDecay, float l1) {
        int n = velocity.length;
        if (mask != null && mask.length != n) {
            throw new IllegalArgumentException("mask length " + mask.length + " != velocity length " + n);
        }
        if (theta.order() != ORDER || grad.order() != ORDER) {
            throw new IllegalArgumentException("theta and grad must be in the platform's byte order, " + ORDER
                    + "; got " + theta.order() + " and " + grad.order());
        }
        int upper = SPECIES.loopBound(n);
        int step = SPECIES.length();
        int base = from * Float.BYTES;
        int i = 0;
        if (l1 == 0f) {
            for (; i < upper; i += step) {
                int at = base + i * Float.BYTES;
                FloatVector w = FloatVector.fromByteBuffer(SPECIES, theta, at, ORDER);
                FloatVector g = FloatVector.fromByteBuffer(SPECIES, grad, at, ORDER).add(w.mul(weightDecay));
                FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(momentum).add(g);
                if (mask != null) {
                    v = FloatVector.fromArray(SPECIES, mask, i).mul(v);
                }
                v.intoArray(velocity, i);
                w.sub(v.mul(lr)).intoByteBuffer(theta, at, ORDER);
            }
        } else {
            for (; i < upper; i += step) {
                int at = base + i * Float.BYTES;
                FloatVector w = FloatVector.fromByteBuffer(SPECIES, theta, at, ORDER);
                FloatVector sign = w.mul(TWO_POW_100).mul(TWO_POW_100).max(-1f).min(1f);
                FloatVector g = FloatVector.fromByteBuffer(SPECIES, grad, at, ORDER)
                        .add(w.mul(weightDecay))
                        .add(sign.mul(l1));
                FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(momentum).add(g);
                if (mask != null) {
                    v = FloatVector.fromArray(SPECIES, mask, i).mul(v);
                }
                v.intoArray(velocity, i);
                w.sub(v.mul(lr)).intoByteBuffer(theta, at, ORDER);
            }
        }
        for (; i < n; i++) {
            int at = base + i * Float.BYTES;
            float w = theta.getFloat(at);
            float g = grad.getFloat(at) + weightDecay * w;
            if (l1 != 0f) {
                g = g + l1 * MaskedSgd.sign(w);
            }
            float v = momentum * velocity[i] + g;
            if (mask != null) {
                v = mask[i] * v;
            }
            velocity[i] = v;
            theta.putFloat(at, w - lr * v);
        }
    }
}
