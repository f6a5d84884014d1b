/** The command-line program behind ./unlearn4j. */
package io.github.unlearn4j.examples.cli;
