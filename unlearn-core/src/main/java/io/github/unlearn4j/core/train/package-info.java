/** The engine-neutral optimization loop and batch sampling. */
package io.github.unlearn4j.core.train;
