/** Discovery of methods and verifiers through {@link java.util.ServiceLoader}, by name. */
package io.github.unlearn4j.api.registry;
