package org.relaywarden.cases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port to the credentials feature: whether the case's account still has the password it had when
 * relaying was suspended, as the case view shows it (the latest check; reading the view does not read the store).
 */
public interface CaseCredentials {

    Optional<View> latest(CaseReference ref);

    /**
     * @param status            CHANGED, UNCHANGED, UNKNOWN, NOT_CHECKED
     * @param summary           "password changed since the suspension: yes (at ...)" etc.
     * @param claimContradicted answer 2 says the passwords were changed while the check says no
     * @param resets            each password reset of the case, in words (never the password)
     */
    record View(String status, String summary, Instant checkedAt, Instant suspendedAt, Instant changedAt, String store,
                boolean claimedChange, boolean claimContradicted, List<String> resets) {
    }
}
