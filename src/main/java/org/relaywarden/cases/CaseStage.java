package org.relaywarden.cases;

/**
 * Where a remediation stands. Owned by the process; the case record mirrors it for the API and the audit trail.
 * {@link #HELD_FOR_REVIEW}: the policy core's risk held the account's new mail (accepted, not delivered) and the
 * desk decides whether it is the customer's own (released) or spam (suspended, quarantined, the usual way).
 */
public enum CaseStage {
    DETECTED, HELD_FOR_REVIEW, SUSPENDED, QUARANTINED, AWAITING_ANSWERS, IN_REVIEW, TERMINATION_REVIEW, STAGED_REENABLE, PROBATION, CLOSED
}
