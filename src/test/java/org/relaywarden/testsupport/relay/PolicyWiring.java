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
    END_OF_DATA_ONLY,
    /**
     * The peer policyd-rate-limit as its Debian package's README documents it for Postfix 3.0 and later:
     * {@code check_policy_service { ..., default_action=DUNNO }} at RCPT only, Postfix's own policy timeouts
     * (100 s, two tries), not Relaywarden's 2 s (with 2 s a loaded single-process peer fails open).
     */
    AS_POLICYD_RATE_LIMIT_DOCUMENTS
}
