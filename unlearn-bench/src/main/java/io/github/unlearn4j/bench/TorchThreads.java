package io.github.unlearn4j.bench;

import ai.djl.engine.Engine;
import io.github.unlearn4j.djl.DjlDevices;
import java.lang.reflect.Method;

/**
 * Reads the thread counts libtorch actually runs with, through DJL's PyTorch engine. The engine is
 * a runtime-only dependency, so this goes through reflection on {@code ai.djl.pytorch.jni.JniUtils}
 * ({@code getNumThreads()}, {@code getNumInteropThreads()}: {@code at::get_num_threads()} and
 * {@code at::get_num_interop_threads()}). Calling either starts the engine if it is not started.
 */
final class TorchThreads {
    /** Returned when the count cannot be read (engine class missing or changed). */
    static final int UNKNOWN = -1;

    private TorchThreads() {}

    /** @return libtorch's intra-op thread count, or {@link #UNKNOWN} */
    static int intraOp() {
        return call("getNumThreads");
    }

    /** @return libtorch's inter-op thread count, or {@link #UNKNOWN} */
    static int interOp() {
        return call("getNumInteropThreads");
    }

    /** @return the PyTorch engine's version as DJL reports it, e.g. {@code 2.7.1} */
    static String engineVersion() {
        return Engine.getEngine(DjlDevices.ENGINE).getVersion();
    }

    private static int call(String method) {
        Engine.getEngine(DjlDevices.ENGINE);
        try {
            Method m = Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod(method);
            return (Integer) m.invoke(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return UNKNOWN;
        }
    }
}
