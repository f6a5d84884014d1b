/** Embedding examples: a deletion-request service in plain Java, and Guice wiring. */
package io.github.unlearn4j.examples.embedding;
