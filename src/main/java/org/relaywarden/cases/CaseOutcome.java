package org.relaywarden.cases;

/** How a closed case ended. */
public enum CaseOutcome {
    REMEDIATED, TERMINATED, CLOSED_BY_OPERATOR
}
