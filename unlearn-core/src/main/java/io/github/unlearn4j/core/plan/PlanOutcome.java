package io.github.unlearn4j.core.plan;

/** How an escalation plan ended. */
public enum PlanOutcome {
    /** An approximate method passed the policy; its model is returned. */
    PASSED,
    /**
     * No approximate method passed; the model was retrained from scratch on the retain set and that
     * model is returned, whatever retrain's own verdict.
     */
    RETRAINED,
    /** No method passed and no retrain ran (fallback off, or retrain itself failed); no model is returned. */
    NOT_PASSED
}
