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
    requires java.sql;

    // attacks that train shadow models of the method under test (ulira): verifiers users configure
    exports io.github.unlearn4j.core.attack;
    // the pure-Java backend: tests, the linear theory, small models
    exports io.github.unlearn4j.core.backend.reference;
    // what a model may offer beyond TrainableModel (feature usage, exact Hessian)
    exports io.github.unlearn4j.core.capability;
    // saving and finding models by provenance
    exports io.github.unlearn4j.core.checkpoint;
    // the Guice module for applications
    exports io.github.unlearn4j.core.inject;
    // the deletion ledger: requests, model versions and a tamper-evident receipt chain (JDBC)
    exports io.github.unlearn4j.core.ledger;
    opens io.github.unlearn4j.core.inject to com.google.guice;
    // the base classes a plugin method extends, and the built-in providers (names, defaults)
    exports io.github.unlearn4j.core.method;
    // seeded Gaussian draws the DJL backend shares for reproducible initialization; internal otherwise
    exports io.github.unlearn4j.core.numeric to io.github.unlearn4j.djl;
    // the parts a plugin method assembles, and the runner
    exports io.github.unlearn4j.core.recipe;
    // the paper's linear theory (./unlearn4j theory, research use)
    exports io.github.unlearn4j.core.theory;
    // the training loop for methods with their own step logic; host update rules for backends
    exports io.github.unlearn4j.core.train;
    // verifiers, their public helpers and the metric catalog
    exports io.github.unlearn4j.core.verify;
    // forgetting policies and verdicts
    exports io.github.unlearn4j.core.policy;
    // the escalation plan, method comparison and UnlearningService
    exports io.github.unlearn4j.core.plan;
    // receipts, their verification and keys
    exports io.github.unlearn4j.core.receipt;
    // serving while forgetting (ServedModel, DeletionProcessor)
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
            io.github.unlearn4j.core.verify.WeightDistanceVerifierProvider,
            io.github.unlearn4j.core.verify.ClassMiaVerifierProvider,
            io.github.unlearn4j.core.attack.UliraVerifierProvider;
}
