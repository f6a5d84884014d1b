package io.github.unlearn4j.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import io.github.unlearn4j.api.BackendException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds DJL's PyTorch engine and turns a {@link DevicePreference} into a DJL {@link Device}.
 *
 * <p>GPU notes: the build puts the CPU-only libtorch on the class path by default (Maven profile
 * {@code cpu-native}, on unless {@code -Dgpu} is given), so that everything runs offline. With
 * that jar, the engine sees no GPU. To compute on a GPU, build with {@code -Dgpu} and point
 * {@code PYTORCH_LIBRARY_PATH} at a CUDA build of libtorch 2.7.1 (or let DJL download one where the
 * machine has internet). The code path is the same on both devices.
 *
 * <p><b>Threads.</b> Before libtorch loads, and only when neither {@value #THREADS_PROPERTY} nor
 * {@code OMP_NUM_THREADS} is set, this backend sets {@value #THREADS_PROPERTY} to half the
 * available cores (at least 1): 1 on a 2-core machine. Measured with {@code unlearn-bench/contention}
 * (README, Benchmarks): on 2 cores the harness's MLP trains an FT epoch in 0.86 s on 2 threads and
 * 0.94 s on 1, but beside one busy process the 2 OpenMP threads slow down 3.34× and 1 thread 1.02×
 * (beside two: 6.72× and 1.54×).
 * An embedded library shares the CPU with its application, so the default leaves room for it; set
 * {@code -Dai.djl.pytorch.num_threads=N} (or {@code OMP_NUM_THREADS}) for a machine of its own.
 */
public final class DjlDevices {
    /** The DJL engine this backend runs on. */
    public static final String ENGINE = "PyTorch";

    /** DJL's property for libtorch's intra-op threads, read when the engine loads. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private static final Logger LOG = LoggerFactory.getLogger(DjlDevices.class);

    private DjlDevices() {}

    /**
     * The intra-op thread count this backend chooses when the caller chose none.
     *
     * @param cores the available cores
     * @param property the value of {@value #THREADS_PROPERTY}, or null
     * @param ompNumThreads the value of {@code OMP_NUM_THREADS}, or null
     * @return the count to set, or empty when the caller's choice stands
     */
    static java.util.OptionalInt defaultThreads(int cores, String property, String ompNumThreads) {
        if (property != null || ompNumThreads != null) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(Math.max(1, cores / 2));
    }

    private static boolean threadDefaultApplied;

    private static synchronized void applyThreadDefault() {
        if (threadDefaultApplied) {
            return;
        }
        threadDefaultApplied = true;
        defaultThreads(Runtime.getRuntime().availableProcessors(), System.getProperty(THREADS_PROPERTY),
                System.getenv("OMP_NUM_THREADS")).ifPresent(n -> {
                    System.setProperty(THREADS_PROPERTY, Integer.toString(n));
                    LOG.info("libtorch intra-op threads: {} of {} cores (set -D{}=N or OMP_NUM_THREADS to choose)", n,
                            Runtime.getRuntime().availableProcessors(), THREADS_PROPERTY);
                });
    }

    /**
     * DJL's PyTorch engine, loading its native library on first use.
     *
     * @return the engine
     * @throws BackendException if the engine or its native library cannot be loaded, with what to
     *     put on the class path
     */
    public static Engine engine() {
        applyThreadDefault();
        try {
            return Engine.getEngine(ENGINE);
        } catch (EngineException | IllegalArgumentException e) {
            throw new BackendException(
                    "djl-pytorch: cannot load DJL's " + ENGINE + " engine (" + e.getMessage() + "); put "
                            + "ai.djl.pytorch:pytorch-engine and pytorch-jni on the class path, and for offline "
                            + "use the native jar ai.djl.pytorch:pytorch-native-cpu (classifier linux-x86_64) "
                            + "or set PYTORCH_LIBRARY_PATH to a local libtorch",
                    e);
        }
    }

    /** @return the number of GPUs the engine can use; 0 with the CPU-only libtorch */
    public static int gpuCount() {
        return engine().getGpuCount();
    }

    /**
     * Resolves a preference, failing when a GPU is required but absent.
     *
     * @param preference where to compute
     * @return the device
     * @throws BackendException if {@link DevicePreference#GPU} is asked for and there is no GPU
     */
    public static Device resolve(DevicePreference preference) {
        return resolve(preference, FallbackPolicy.FAIL);
    }

    /**
     * Resolves a preference.
     *
     * @param preference where to compute
     * @param policy what to do when a GPU is asked for and there is none
     * @return {@code cpu()} or {@code gpu(0)}
     * @throws BackendException if {@link DevicePreference#GPU} is asked for, there is no GPU and the
     *     policy is {@link FallbackPolicy#FAIL}
     */
    public static Device resolve(DevicePreference preference, FallbackPolicy policy) {
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(policy, "policy");
        if (preference == DevicePreference.CPU) {
            return Device.cpu();
        }
        return resolve(preference, policy, gpuCount());
    }

    /** The decision, given the GPU count; separate so that it can be tested on any machine. */
    static Device resolve(DevicePreference preference, FallbackPolicy policy, int gpus) {
        switch (preference) {
            case CPU:
                return Device.cpu();
            case AUTO:
                return gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU:
                if (gpus > 0) {
                    return Device.gpu(0);
                }
                String why = "device = gpu requested, but DJL's " + ENGINE + " engine sees no GPU (gpuCount = 0). "
                        + "The default build ships the CPU-only libtorch: build with -Dgpu and set "
                        + "PYTORCH_LIBRARY_PATH to a CUDA libtorch 2.7.1, or ask for device CPU or AUTO";
                if (policy == FallbackPolicy.FAIL) {
                    throw new BackendException("djl-pytorch: " + why);
                }
                LOG.warn("{}; falling back to the CPU", why);
                return Device.cpu();
            default:
                throw new IllegalArgumentException("unknown device preference " + preference);
        }
    }
}
