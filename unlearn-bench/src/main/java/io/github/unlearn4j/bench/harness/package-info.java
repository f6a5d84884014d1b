/**
 * The results-table harness: {@link io.github.unlearn4j.bench.harness.ResultsHarness} reproduces the
 * paper-style comparison of every registered unlearning method against retrain and the original
 * model on Fashion-MNIST, with a hyperparameter search on a validation setup, and writes JSON,
 * Markdown and PNG charts. Run it with {@code unlearn-bench/run-table [--quick]} from the
 * repository root.
 */
package io.github.unlearn4j.bench.harness;
