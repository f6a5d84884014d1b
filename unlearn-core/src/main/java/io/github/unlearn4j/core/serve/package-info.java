/**
 * Serving a model while it forgets: {@link io.github.unlearn4j.core.serve.ServedModel} hands out
 * leases on the model being served and replaces it without closing it under a reader, and {@link
 * io.github.unlearn4j.core.serve.DeletionProcessor} answers deletion requests one at a time, each on
 * top of every deletion before it, and swaps in the verified model.
 */
package io.github.unlearn4j.core.serve;
