package io.github.unlearn4j.api.progress;

import io.github.unlearn4j.api.UnlearningCancelledException;

/**
 * A flag that another thread sets to stop a run. Methods check it before every optimizer step and
 * throw {@link UnlearningCancelledException}; the caller's model stays untouched. Thread-safe.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    /** Creates a token that is not cancelled. */
    public CancellationToken() {}

    /** @return a token that is never cancelled by anyone else */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    /** Asks the run to stop at its next check. */
    public void cancel() {
        cancelled = true;
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws if cancelled.
     *
     * @param where where the run is, for the message
     * @throws UnlearningCancelledException if cancelled
     */
    public void throwIfCancelled(String where) {
        if (cancelled) {
            throw new UnlearningCancelledException("cancelled during " + where);
        }
    }
}
