/** Tests of the DJL backend's device choice, and shared test data. */
package io.github.unlearn4j.djl;
