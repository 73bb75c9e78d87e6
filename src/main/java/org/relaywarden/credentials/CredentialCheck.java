package org.relaywarden.credentials;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Whether the account's password was changed since the suspension: the store's credential now against the
 * fingerprint taken when relaying was suspended.
 *
 * @param status      the answer
 * @param checkedAt   when the store was read
 * @param suspendedAt when the fingerprint was taken (null: never)
 * @param changedAt   when the change was first seen (or when Relaywarden set a new password), for CHANGED
 * @param store       the store, as configured ({@code vpopmail ...}, never a secret)
 * @param note        why UNKNOWN or NOT_CHECKED, or what was compared
 */
public record CredentialCheck(Status status, Instant checkedAt, Instant suspendedAt, Instant changedAt, String store,
                              String note) {

    public enum Status {
        /** the store holds another credential than at the suspension */
        CHANGED,
        /** the store holds the credential it held at the suspension */
        UNCHANGED,
        /** the store could not be read (now or at the suspension), or has no such account */
        UNKNOWN,
        /** no credential store is configured */
        NOT_CHECKED;

        /** The decision table's input {@code credentialChanged}: yes, no, unknown, not-checked. */
        public String policyInput() {
            return switch (this) {
                case CHANGED -> "yes";
                case UNCHANGED -> "no";
                case UNKNOWN -> "unknown";
                case NOT_CHECKED -> "not-checked";
            };
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One line for the review form, the case tab and the audit: "password changed since the suspension: yes (at ...)". */
    public String summary() {
        return switch (status) {
            case CHANGED -> "password changed since the suspension: yes (" + (changedAt == null ? "seen" : "at " + TIME.format(changedAt))
                    + "; " + store + ")";
            case UNCHANGED -> "password changed since the suspension: no (the same as at " + TIME.format(suspendedAt)
                    + ", checked " + TIME.format(checkedAt) + "; " + store + ")";
            case UNKNOWN -> "password changed since the suspension: unknown (" + note + ")";
            case NOT_CHECKED -> "password changed since the suspension: not checked (" + note + ")";
        };
    }
}
