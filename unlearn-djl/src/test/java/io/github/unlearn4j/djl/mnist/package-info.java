/** Tests of {@code io.github.unlearn4j.djl.mnist}. */
package io.github.unlearn4j.djl.mnist;
