/** Every method of core on DJL models and real Fashion-MNIST data. */
package io.github.unlearn4j.djl.method;
