package org.relaywarden.enforcement.limits;

import org.relaywarden.account.Account;

/**
 * Told, on the policy service's thread, the moment an account's first message over its limit is
 * refused. Implementations must return at once (hand the work to a thread of their own).
 */
public interface OverLimitListener {

    OverLimitListener NONE = (account, reason) -> { };

    void overLimit(Account account, String reason);
}
