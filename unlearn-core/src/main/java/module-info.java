/**
 * unlearn4j core: the engine-neutral methods, the training loop, the verifiers, the linear theory,
 * and the pure-Java reference backend.
 */
module io.github.unlearn4j.core {
    requires transitive io.github.unlearn4j.api;
    requires org.slf4j;

    exports io.github.unlearn4j.core.backend.reference;
    exports io.github.unlearn4j.core.method;
    exports io.github.unlearn4j.core.theory;
    exports io.github.unlearn4j.core.train;
    exports io.github.unlearn4j.core.verify;

    provides io.github.unlearn4j.api.UnlearnerProvider with
            io.github.unlearn4j.core.method.FineTuneProvider,
            io.github.unlearn4j.core.method.RetrainProvider;
    provides io.github.unlearn4j.api.verify.ForgetVerifierProvider with
            io.github.unlearn4j.core.verify.AccuracyVerifierProvider;
}
