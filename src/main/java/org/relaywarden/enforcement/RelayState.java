package org.relaywarden.enforcement;

/**
 * What a relay is told about one SASL login. Owned by the enforcement feature; the remediation
 * process changes it only through {@link RelayControl}.
 */
public enum RelayState {
    /** Relays normally (policy answer {@code DUNNO}). */
    ACTIVE,
    /** Refused: 451 by default, 554 if configured; also written to the durable access map. */
    SUSPENDED,
    /** Staged re-enable: mail is accepted into the hold queue and never delivered. */
    HELD,
    /** Relays again, counted against a stricter threshold. */
    PROBATION
}
