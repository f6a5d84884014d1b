/**
 * The unlearn4j API: interfaces and immutable values, no runtime dependency. Methods and verifiers
 * are found through {@link java.util.ServiceLoader}.
 */
module io.github.unlearn4j.api {
    exports io.github.unlearn4j.api;
    exports io.github.unlearn4j.api.data;
    exports io.github.unlearn4j.api.model;
    exports io.github.unlearn4j.api.progress;
    exports io.github.unlearn4j.api.registry;
    exports io.github.unlearn4j.api.settings;
    exports io.github.unlearn4j.api.verify;

    uses io.github.unlearn4j.api.UnlearnerProvider;
    uses io.github.unlearn4j.api.verify.ForgetVerifierProvider;
}
