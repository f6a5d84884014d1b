/**
 * Deletion receipts: a JSON record of one unlearning run (what was forgotten, identified only by a
 * hash of the ids; which method, settings and seed; fingerprints of the model before and after;
 * the metrics and the verdict; timings; library, engine and device) that never contains the
 * forgotten data itself.
 */
package io.github.unlearn4j.core.receipt;
