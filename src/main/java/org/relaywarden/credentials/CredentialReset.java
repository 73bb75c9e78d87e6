package org.relaywarden.credentials;

import java.time.Instant;

/**
 * One password reset of a case: who asked, through which channel, and how it ended. What the new password is
 * is recorded nowhere.
 */
public record CredentialReset(Instant requestedAt, String requestedBy, String channel, State state, Instant finishedAt,
                              String note) {

    public enum State {
        /** recorded before the store was changed; still STARTED after that means Relaywarden stopped in between */
        STARTED,
        /** the store holds the new password, shown once to whoever asked */
        DONE,
        /** the store refused or could not be reached; the old password is still in force */
        FAILED
    }

    /** What the case says of it. */
    public String summary() {
        return switch (state) {
            case DONE -> "a new password was set at " + finishedAt + " (asked by " + requestedBy + " via " + channel + ")";
            case FAILED -> "setting a new password failed at " + finishedAt + " (asked by " + requestedBy + " via " + channel + "): " + note;
            case STARTED -> "setting a new password started at " + requestedAt + " (asked by " + requestedBy + " via " + channel
                    + ") and was never confirmed: Relaywarden stopped between setting it and recording it. The account may"
                    + " hold a password nobody has seen: reset it again";
        };
    }
}
