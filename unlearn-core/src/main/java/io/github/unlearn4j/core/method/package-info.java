/** The unlearning methods, each an Unlearner registered through ServiceLoader. */
package io.github.unlearn4j.core.method;
