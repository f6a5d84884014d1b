/**
 * The engine-neutral optimization loop and its pieces: batch sampling, learning-rate schedules,
 * mean gradients and the host-side update rules. The lowest layer of the methods: it depends on
 * no other core package.
 */
package io.github.unlearn4j.core.train;
