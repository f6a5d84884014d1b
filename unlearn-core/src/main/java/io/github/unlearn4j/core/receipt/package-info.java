/**
 * Deletion receipts: a JSON record of one unlearning run (what was forgotten, identified only by
 * its size and a commitment keyed with the application's {@link
 * io.github.unlearn4j.core.receipt.ReceiptKey}; which method, settings and seed; fingerprints of
 * the model before and after; the metrics and the verdict, with forget-derived values suppressed
 * for small forget sets; timings; library, engine and device) that never contains the forgotten
 * data itself, sealed with a MAC and checked later by {@link
 * io.github.unlearn4j.core.receipt.ReceiptVerifier}.
 */
package io.github.unlearn4j.core.receipt;
