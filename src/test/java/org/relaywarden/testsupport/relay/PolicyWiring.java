package org.relaywarden.testsupport.relay;

/** How a test Postfix asks the policy service. */
public enum PolicyWiring {
    /**
     * The {@code main.cf} block of {@code docs/postfix.md}, read from the doc: the braces form of
     * {@code check_policy_service} at RCPT and the plain form at end-of-data (two policy connections
     * per smtpd process).
     */
    AS_DOCUMENTED,
    /** The braces form at RCPT and at end-of-data (one policy connection per smtpd process). */
    BRACES_IN_BOTH_PLACES,
    /** Only at RCPT. */
    RCPT_ONLY,
    /** Only at end-of-data. */
    END_OF_DATA_ONLY
}
