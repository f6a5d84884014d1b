package io.github.unlearn4j.djl;

/** Where a user wants the DJL backend to compute; resolved by {@link DjlDevices#resolve}. */
public enum DevicePreference {
    /** Always the CPU. */
    CPU,
    /** The first GPU; if there is none, the {@link FallbackPolicy} decides. */
    GPU,
    /** The first GPU when the engine sees one, else the CPU, silently. */
    AUTO
}
