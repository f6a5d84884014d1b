package io.github.unlearn4j.api.progress;

/**
 * Receives progress events. Called on the thread that runs the method, at most once per
 * optimizer step; keep it cheap. An exception thrown here aborts the run, and the caller's model
 * stays untouched.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every event. */
    ProgressListener NONE = p -> {};

    /**
     * Called when progress is made.
     *
     * @param progress the event
     */
    void onProgress(Progress progress);
}
