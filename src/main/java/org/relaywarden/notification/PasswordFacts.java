package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;

import java.time.Instant;
import java.util.Optional;

/**
 * Outbound port to the credentials feature: what a letter says about the cracked password. Empty when no
 * credential store is configured or the password was changed.
 */
public interface PasswordFacts {

    Optional<Note> unchangedPassword(CaseReference ref);

    /**
     * @param suspendedAt   when relaying was suspended (the password then is the one still in force)
     * @param claimedChange the latest answer 2 says the passwords were changed
     * @param selfService   the questionnaire page offers to set a new password
     */
    record Note(Instant suspendedAt, boolean claimedChange, boolean selfService) {
    }
}
