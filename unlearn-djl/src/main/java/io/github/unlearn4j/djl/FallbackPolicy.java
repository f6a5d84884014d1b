package io.github.unlearn4j.djl;

/** What to do when {@link DevicePreference#GPU} is asked for and no GPU is visible. */
public enum FallbackPolicy {
    /** Throw a {@link io.github.unlearn4j.api.BackendException} that says why and what to do. */
    FAIL,
    /** Log a warning and use the CPU. */
    FALLBACK_TO_CPU
}
