/**
 * Forgetting verifiers ({@code accuracy}, {@code mia}, {@code retrain-gap}, {@code weight-distance}),
 * written against the api's model contract only, so they run on any backend; the catalog of their
 * metrics ({@link io.github.unlearn4j.core.verify.MetricCatalog}); and
 * {@link io.github.unlearn4j.core.verify.VerificationSuite}, which runs several on one model and
 * flags metrics computed on fewer than {@code minSamples} samples.
 */
package io.github.unlearn4j.core.verify;
