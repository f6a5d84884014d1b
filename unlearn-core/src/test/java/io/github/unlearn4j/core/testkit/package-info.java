/**
 * The contract test kit: {@link io.github.unlearn4j.core.testkit.UnlearnerContract}, the checks every
 * unlearner provider must pass, with {@link io.github.unlearn4j.core.testkit.ContractFixture}, the model
 * and data they run on. Published as unlearn-core's test-jar.
 */
package io.github.unlearn4j.core.testkit;
