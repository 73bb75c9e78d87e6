package org.relaywarden.enforcement.risk;

/**
 * The policy core's graded answer to what an account's mail looks like. Decided once, in the core,
 * for every mail server.
 */
public enum RiskLevel {
    /** Nothing unusual: the account's relay state and limits decide. */
    NONE,
    /** Suspicious: new mail is held (accepted, never delivered) and a case opens "held for review". */
    HOLD,
    /** Sure: relaying is suspended, as for an alert. */
    SUSPEND
}
