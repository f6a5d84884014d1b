/** Small dense numerics shared by the methods and the theory: Cholesky solves, Gaussian draws. */
package io.github.unlearn4j.core.numeric;
