/**
 * The deletion ledger: a durable record of deletion requests (idempotent on the caller's id), of
 * the model versions that served them, and of a tamper-evident chain of receipts, behind the small
 * {@link io.github.unlearn4j.core.ledger.LedgerStore} interface; {@link
 * io.github.unlearn4j.core.ledger.JdbcLedgerStore} keeps it in any JDBC database (an embedded H2
 * file by default).
 */
package io.github.unlearn4j.core.ledger;
