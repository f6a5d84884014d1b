/** Unlearning methods, their requests, results and provenance, and the exception hierarchy. */
package io.github.unlearn4j.api;
