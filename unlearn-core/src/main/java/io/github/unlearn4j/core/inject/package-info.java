/** Optional Guice wiring: registries, provider maps, the default policy and the high-level service. */
package io.github.unlearn4j.core.inject;
