package io.github.unlearn4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.ParameterMask;
import java.util.Arrays;

/** What every in-place DJL updater allocates once and checks on each step. */
final class UpdaterBuffers {
    private UpdaterBuffers() {}

    /** One zero array per parameter, shaped like it, owned by {@code buffers} and outside any scope. */
    static NDArray[] zerosLike(NDManager buffers, Parameter[] params) {
        NDArray[] out = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            NDArray w = params[i].getArray();
            out[i] = buffers.zeros(w.getShape(), w.getDataType());
            NDScope.unregister(out[i]);
        }
        return out;
    }

    /** The mask split per parameter tensor (1 = may move), or null when every weight may move. */
    static NDArray[] perTensor(NDManager buffers, Parameter[] params, ParameterMask mask) {
        if (mask.isFull()) {
            return null;
        }
        float[] flags = mask.toFloats();
        NDArray[] out = new NDArray[params.length];
        int offset = 0;
        for (int i = 0; i < params.length; i++) {
            NDArray w = params[i].getArray();
            int size = Math.toIntExact(w.size());
            out[i] = buffers.create(Arrays.copyOfRange(flags, offset, offset + size), w.getShape());
            NDScope.unregister(out[i]);
            offset += size;
        }
        return out;
    }

    /** The checks before a step: the updater is open, the learning rate and the ℓ1 strength are usable. */
    static void checkStep(boolean closed, double learningRate, double l1Strength) {
        if (closed) {
            throw new IllegalStateException("updater is closed");
        }
        if (!(learningRate > 0) || !(l1Strength >= 0) || Double.isInfinite(learningRate)
                || Double.isInfinite(l1Strength)) {
            throw InvalidRequestException.of(
                    "learningRate/l1Strength", learningRate + "/" + l1Strength,
                    "need a finite learningRate > 0 and a finite l1 >= 0");
        }
    }
}
