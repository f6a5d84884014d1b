/** Forgetting verifiers. */
package io.github.unlearn4j.core.verify;
