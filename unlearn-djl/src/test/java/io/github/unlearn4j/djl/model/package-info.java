/** Tests of {@code io.github.unlearn4j.djl.model}. */
package io.github.unlearn4j.djl.model;
