package io.github.unlearn4j.djl;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Guards an object that owns native memory against being freed under a call: every call holds the
 * lifecycle in shared mode ({@link #enter()} … {@link #exit()}), and {@link #close(Runnable)} takes
 * it exclusively, so it waits for the calls in flight, frees once, and makes every later call fail
 * with an {@link IllegalStateException}. Used by the backend's models and datasets; thread-safe.
 */
public final class NativeLifecycle {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Supplier<String> name;
    private volatile boolean closed;

    /**
     * Creates an open lifecycle.
     *
     * @param name what is guarded, for messages (for example "model mlp(784-256-10) on cpu()")
     */
    public NativeLifecycle(Supplier<String> name) {
        this.name = name;
    }

    /**
     * Enters a call; the object stays open until the matching {@link #exit()}.
     *
     * @throws IllegalStateException if the object is closed
     */
    public void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(name.get() + " is closed");
        }
    }

    /** Leaves a call entered with {@link #enter()}. */
    public void exit() {
        lock.readLock().unlock();
    }

    /**
     * Frees once, after every call in flight has left. Idempotent.
     *
     * @param free what frees the native memory
     * @throws IllegalStateException if called from inside a call on the same object (it would
     *     wait for itself)
     */
    public void close(Runnable free) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(name.get() + " cannot be closed from inside a call on it");
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                free.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
