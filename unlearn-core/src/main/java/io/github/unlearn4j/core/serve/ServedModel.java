package io.github.unlearn4j.core.serve;

import io.github.unlearn4j.api.InvalidRequestException;
import io.github.unlearn4j.api.model.TrainableModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The model an application serves, replaceable while other threads use it.
 *
 * <pre>{@code
 * ServedModel served = new ServedModel(model);            // owns the model from now on
 * try (ServedModel.Lease lease = served.lease()) {         // any thread, any number at once
 *     double[][] p = lease.model().predict(rows);
 * }
 * served.swap(forgotten);                                  // the old model closes after its last lease
 * }</pre>
 *
 * <p><b>Why leases (reference counting).</b> Each model version carries a count: one for being
 * served, one per open lease. {@link #swap} publishes the new version at once and drops the old
 * version's "served" count; the old model is closed by whichever thread drops its count to zero,
 * that is when the last call in flight on it has finished. Readers never wait for a swap and a swap
 * never waits for readers (a read-write lock would make the swap wait for the slowest reader and
 * block new readers meanwhile), and no model is ever closed under a call that uses it. A lease taken
 * just before a swap finishes on the old version; every lease taken after it sees the new one.
 *
 * <p>Thread-safe. Return every lease (try-with-resources): a lease never returned keeps its model
 * version open.
 */
public final class ServedModel implements AutoCloseable {
    private final AtomicReference<Version> current;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts serving a model.
     *
     * @param initial the model; this object owns it from now on and closes it when it is replaced
     *     and no longer leased, or when this object is closed
     */
    public ServedModel(TrainableModel initial) {
        this.current = new AtomicReference<>(new Version(Objects.requireNonNull(initial, "initial"), 1));
    }

    /**
     * Leases the model being served now; return the lease when the call is done.
     *
     * @return the lease
     * @throws IllegalStateException if this object was closed
     */
    public Lease lease() {
        while (true) {
            if (closed.get()) {
                throw new IllegalStateException("the served model was closed; no more leases are handed out");
            }
            Version v = current.get();
            if (v.retain()) {
                return new Lease(v);
            }
            // that version was retired and freed between the read and the retain: read again
        }
    }

    /**
     * Runs a function on the model being served, under a lease.
     *
     * @param call what to do with the model; it must not keep the model after it returns
     * @param <T> the result type
     * @return the function's result
     * @throws IllegalStateException if this object was closed
     */
    public <T> T apply(Function<? super TrainableModel, ? extends T> call) {
        Objects.requireNonNull(call, "call");
        try (Lease lease = lease()) {
            return call.apply(lease.model());
        }
    }

    /** @return the version being served now: 1 for the initial model, one more per swap */
    public long version() {
        return current.get().number;
    }

    /**
     * Serves another model from now on. The model served until now is closed once every lease on it
     * has been returned (at once if none is open).
     *
     * @param next the new model; this object owns it from now on
     * @return the new version number
     * @throws InvalidRequestException if {@code next} is the model already served
     * @throws IllegalStateException if this object was closed (then {@code next} is closed too,
     *     as its owner asked this object to own it)
     */
    public long swap(TrainableModel next) {
        Objects.requireNonNull(next, "next");
        if (closed.get()) {
            next.close();
            throw new IllegalStateException("the served model was closed; cannot swap in another");
        }
        Version old = current.get();
        if (old.model == next) {
            throw InvalidRequestException.of("next", next, "is the model already served; swap in a new model");
        }
        Version fresh;
        while (true) {
            old = current.get();
            fresh = new Version(next, old.number + 1);
            if (current.compareAndSet(old, fresh)) {
                break;
            }
        }
        old.release();
        return fresh.number;
    }

    /**
     * Stops serving: no new leases; the model is closed when the last open lease is returned.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            current.get().release();
        }
    }

    /** One model version and its count: 1 while served, plus one per open lease; freed at 0. */
    private static final class Version {
        final TrainableModel model;
        final long number;
        final AtomicInteger count = new AtomicInteger(1);

        Version(TrainableModel model, long number) {
            this.model = model;
            this.number = number;
        }

        boolean retain() {
            while (true) {
                int c = count.get();
                if (c == 0) {
                    return false;
                }
                if (count.compareAndSet(c, c + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (count.decrementAndGet() == 0) {
                model.close();
            }
        }
    }

    /**
     * The right to use one model version until the lease is returned. Use it from one call; do
     * not keep the model after {@link #close()}.
     */
    public static final class Lease implements AutoCloseable {
        private final Version version;
        private final AtomicBoolean returned = new AtomicBoolean();

        private Lease(Version version) {
            this.version = version;
        }

        /**
         * The leased model.
         *
         * @return the model, valid until this lease is returned
         * @throws IllegalStateException if the lease was already returned
         */
        public TrainableModel model() {
            if (returned.get()) {
                throw new IllegalStateException("the lease on model version " + version.number + " was returned");
            }
            return version.model;
        }

        /** @return the leased model's version number */
        public long version() {
            return version.number;
        }

        /** Returns the lease; the last return of a replaced version closes its model. Idempotent. */
        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                version.release();
            }
        }
    }
}
