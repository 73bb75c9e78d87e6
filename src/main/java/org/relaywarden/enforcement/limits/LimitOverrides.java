package org.relaywarden.enforcement.limits;

import org.relaywarden.account.Account;

/**
 * Inbound port of the limits: what overrides an account's learned limit (the allowlist, limits
 * configured per account, a limit raised after a false positive). Answered from memory: it is asked
 * on the policy request path.
 */
public interface LimitOverrides {

    LimitOverrides NONE = account -> null;

    /** The account's override, or null. A null field keeps the learned value for that count. */
    AccountOverride overrideOf(Account account);

    /**
     * @param allowlisted no limit at all
     * @param onlyRaises  the counts replace the learned ones only where they are higher (a limit raised after a false
     *                    positive); otherwise they replace them
     */
    record AccountOverride(boolean allowlisted, Long messages, Long recipients, String basis, boolean onlyRaises) {
    }
}
