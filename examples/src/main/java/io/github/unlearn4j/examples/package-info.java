/** Runnable examples: the quickstart. */
package io.github.unlearn4j.examples;
