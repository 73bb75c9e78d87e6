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

    record AccountOverride(boolean allowlisted, Long messages, Long recipients, String basis) {
    }
}
