/** Forgetting verification: verifiers, their providers, requests, metrics and reports. */
package io.github.unlearn4j.api.verify;
