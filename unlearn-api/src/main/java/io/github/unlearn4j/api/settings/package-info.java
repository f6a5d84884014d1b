/** Typed, validated settings of methods and verifiers. */
package io.github.unlearn4j.api.settings;
