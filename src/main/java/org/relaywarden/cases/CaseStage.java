package org.relaywarden.cases;

/** Where a remediation stands. Owned by the process; the case record mirrors it for the API and the audit trail. */
public enum CaseStage {
    DETECTED, SUSPENDED, QUARANTINED, AWAITING_ANSWERS, IN_REVIEW, TERMINATION_REVIEW, STAGED_REENABLE, PROBATION, CLOSED
}
