/** Embedding examples: a deletion-request service in plain Java over a durable deletion ledger, and Guice wiring. */
package io.github.unlearn4j.examples.embedding;
