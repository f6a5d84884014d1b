package io.github.unlearn4j.djl.model;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's {@code MaskedSgd} step run in place on a tensor's memory, one chunk at a time:
 *
 * <pre>
 *   g ← grad + weightDecay·θ + l1·sign(θ)
 *   v ← mask · (momentum·v + g)
 *   θ ← θ − lr·v
 * </pre>
 *
 * in float32, in that order, so that the results equal {@code MaskedSgd}'s bit for bit. The one
 * implementation, {@code DjlVectorSgdKernel}, uses the JDK's incubating Vector API, which a JVM
 * offers only when started with {@code --add-modules jdk.incubator.vector}; {@link #available()}
 * loads it when it can, and the CPU updater falls back to copying chunks through heap arrays when it
 * cannot.
 */
interface InPlaceSgdKernel {
    /** The module the implementation needs. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** System property that turns the in-place kernel off ({@code false}); it is on by default. */
    String ENABLED_PROPERTY = "unlearn4j.djl.vectorUpdate";

    /**
     * Runs the step over elements {@code [from, from + velocity.length)} of θ and the gradient.
     *
     * @param theta θ's storage in the platform's byte order, updated in place
     * @param grad the gradient's storage in the platform's byte order, read only
     * @param from the first element of the chunk
     * @param velocity the chunk's velocity, updated in place
     * @param mask the chunk's 0/1 mask, the same length, or null for a full mask
     * @param lr the learning rate
     * @param momentum μ
     * @param weightDecay the ℓ2 coefficient
     * @param l1 the ℓ1 coefficient
     */
    void step(ByteBuffer theta, ByteBuffer grad, int from, float[] velocity, float[] mask, float lr, float momentum,
            float weightDecay, float l1);

    /**
     * The in-place kernel of this JVM, loaded once, or empty when {@value #VECTOR_MODULE} is not in
     * the boot layer or {@value #ENABLED_PROPERTY} is {@code false}.
     *
     * @return the kernel, if this JVM can run it
     */
    static Optional<InPlaceSgdKernel> available() {
        return Loader.KERNEL;
    }

    /** Loads the kernel once, on first use. */
    final class Loader {
        private static final Logger LOG = LoggerFactory.getLogger(InPlaceSgdKernel.class);
        private static final String IMPLEMENTATION = "io.github.unlearn4j.djl.model.DjlVectorSgdKernel";
        static final Optional<InPlaceSgdKernel> KERNEL = load(
                ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                System.getProperty(ENABLED_PROPERTY, "true"));

        private Loader() {}

        /**
         * Decides and loads.
         *
         * @param modulePresent whether the Vector API's module is in the boot layer
         * @param enabled the value of {@value #ENABLED_PROPERTY}
         * @return the kernel, or empty
         */
        static Optional<InPlaceSgdKernel> load(boolean modulePresent, String enabled) {
            if (!"true".equalsIgnoreCase(enabled.trim())) {
                LOG.debug("{}={}: the CPU SGD step copies chunks through the heap", ENABLED_PROPERTY, enabled);
                return Optional.empty();
            }
            if (!modulePresent) {
                LOG.debug("{} is not in the boot layer: the CPU SGD step copies chunks through the heap "
                        + "(start the JVM with --add-modules {} for the in-place step)", VECTOR_MODULE, VECTOR_MODULE);
                return Optional.empty();
            }
            try {
                Object kernel = Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
                return Optional.of((InPlaceSgdKernel) kernel);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                LOG.warn("could not load the in-place SGD kernel ({}); the CPU SGD step copies chunks through the heap",
                        e.toString());
                return Optional.empty();
            }
        }
    }
}
