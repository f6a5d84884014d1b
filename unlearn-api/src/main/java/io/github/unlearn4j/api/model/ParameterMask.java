package io.github.unlearn4j.api.model;

import java.util.Arrays;

/**
 * Which scalar parameters an update may move. A parameter outside the mask is left bit-identical:
 * no gradient, no momentum, no weight decay, no ℓ1 term, and its optimizer state stays zero. Immutable.
 */
public final class ParameterMask {
    private final long[] bits;
    private final long size;
    private final long trainable;

    private ParameterMask(long[] bits, long size) {
        this.bits = bits;
        this.size = size;
        long count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        this.trainable = count;
    }

    /**
     * A mask that lets every parameter move.
     *
     * @param size the parameter count
     * @return the mask
     */
    public static ParameterMask all(long size) {
        long[] bits = new long[words(size)];
        Arrays.fill(bits, -1L);
        if (size % 64 != 0) {
            bits[bits.length - 1] = (1L << (size % 64)) - 1;
        }
        return new ParameterMask(bits, size);
    }

    /**
     * A mask from flags.
     *
     * @param trainable true where the parameter may move
     * @return the mask
     */
    public static ParameterMask of(boolean[] trainable) {
        long[] bits = new long[words(trainable.length)];
        for (int i = 0; i < trainable.length; i++) {
            if (trainable[i]) {
                bits[i >>> 6] |= 1L << (i & 63);
            }
        }
        return new ParameterMask(bits, trainable.length);
    }

    private static int words(long size) {
        if (size < 0 || size > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("mask size out of range: " + size);
        }
        return (int) ((size + 63) / 64);
    }

    /** @return the number of parameters the mask covers */
    public long size() {
        return size;
    }

    /** @return how many parameters may move */
    public long trainableCount() {
        return trainable;
    }

    /** @return true if every parameter may move */
    public boolean isFull() {
        return trainable == size;
    }

    /**
     * Whether a parameter may move.
     *
     * @param index flat parameter index
     * @return true if trainable
     */
    public boolean isTrainable(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("mask index " + index + " outside [0, " + size + ")");
        }
        return (bits[(int) (index >>> 6)] & (1L << (index & 63))) != 0;
    }

    /**
     * The mask as 0/1 floats, the form backends multiply with.
     *
     * @return a new array of {@link #size()} floats
     */
    public float[] toFloats() {
        float[] out = new float[Math.toIntExact(size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = isTrainable(i) ? 1f : 0f;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterMask m && m.size == size && Arrays.equals(m.bits, bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits) * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "ParameterMask[" + trainable + "/" + size + " trainable]";
    }
}
