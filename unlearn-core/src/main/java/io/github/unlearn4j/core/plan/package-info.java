/**
 * The escalation plan: try unlearning methods in order (by default ft, then rbm, then retrain),
 * verify each against a policy, stop at the first PASS, and retrain when every approximate method
 * fails; every attempt with its cost and its verdict.
 */
package io.github.unlearn4j.core.plan;
