/** The paper's linear-regression theory: closed forms, synthetic regimes and the experiment. */
package io.github.unlearn4j.core.theory;
