/**
 * An example third-party unlearn4j plugin: the method {@code ft-gradproj} and the verifier
 * {@code confidence-gap}. On the class path they are found through {@code META-INF/services}; on the
 * module path through the {@code provides} clauses below.
 */
module io.github.unlearn4j.example.plugin {
    // transitive: the exported classes extend and return api and core types
    requires transitive io.github.unlearn4j.api;
    requires transitive io.github.unlearn4j.core;

    exports io.github.unlearn4j.example.plugin;

    provides io.github.unlearn4j.api.UnlearnerProvider with
            io.github.unlearn4j.example.plugin.GradientProjectionProvider;
    provides io.github.unlearn4j.api.verify.ForgetVerifierProvider with
            io.github.unlearn4j.example.plugin.ConfidenceGapVerifierProvider;
}
