/**
 * unlearn4j core: the engine-neutral methods, the training loop, the verifiers, forgetting
 * policies and their verdicts, the escalation plan, deletion receipts (JSON, through Jackson),
 * checkpoints (saved models found by provenance), the linear theory, and the pure-Java reference
 * backend.
 */
@SuppressWarnings("module") // the DJL backend (an automatic module) is not visible when core compiles
module io.github.unlearn4j.core {
    requires transitive io.github.unlearn4j.api;
    requires org.slf4j;
    requires static com.google.guice;
    requires com.fasterxml.jackson.databind;

    exports io.github.unlearn4j.core.backend.reference;
    exports io.github.unlearn4j.core.capability;
    exports io.github.unlearn4j.core.checkpoint;
    exports io.github.unlearn4j.core.inject;
    opens io.github.unlearn4j.core.inject to com.google.guice;
    exports io.github.unlearn4j.core.method;
    exports io.github.unlearn4j.core.numeric to io.github.unlearn4j.djl;
    exports io.github.unlearn4j.core.recipe;
    exports io.github.unlearn4j.core.theory;
    exports io.github.unlearn4j.core.train;
    exports io.github.unlearn4j.core.verify;
    exports io.github.unlearn4j.core.policy;
    exports io.github.unlearn4j.core.plan;
    exports io.github.unlearn4j.core.receipt;
    exports io.github.unlearn4j.core.serve;

    opens io.github.unlearn4j.core.receipt to com.fasterxml.jackson.databind;

    provides io.github.unlearn4j.api.UnlearnerProvider with
            io.github.unlearn4j.core.method.FineTuneProvider,
            io.github.unlearn4j.core.method.RetrainProvider,
            io.github.unlearn4j.core.method.GradientAscentProvider,
            io.github.unlearn4j.core.method.NegGradPlusProvider,
            io.github.unlearn4j.core.method.RandomLabelProvider,
            io.github.unlearn4j.core.method.L1SparseProvider,
            io.github.unlearn4j.core.method.CeFtProvider,
            io.github.unlearn4j.core.method.IceFtProvider,
            io.github.unlearn4j.core.method.KlFtProvider,
            io.github.unlearn4j.core.method.SalUnProvider,
            io.github.unlearn4j.core.method.RbmProvider,
            io.github.unlearn4j.core.method.ScrubProvider,
            io.github.unlearn4j.core.method.NewtonProvider;
    provides io.github.unlearn4j.api.verify.ForgetVerifierProvider with
            io.github.unlearn4j.core.verify.AccuracyVerifierProvider,
            io.github.unlearn4j.core.verify.MiaVerifierProvider,
            io.github.unlearn4j.core.verify.RetrainGapVerifierProvider,
            io.github.unlearn4j.core.verify.WeightDistanceVerifierProvider;
}
