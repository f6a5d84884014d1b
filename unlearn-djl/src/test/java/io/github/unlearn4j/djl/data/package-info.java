/** Tests of {@code io.github.unlearn4j.djl.data}. */
package io.github.unlearn4j.djl.data;
