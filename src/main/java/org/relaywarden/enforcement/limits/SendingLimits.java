package org.relaywarden.enforcement.limits;

import org.relaywarden.account.Account;

/**
 * The policy core's one answer to "how much may this account send in the limit window", for
 * every mail server and for the rate detector alike: allowlisted (or in a quiet period after a false
 * positive) → unlimited; a configured per-account limit; else the limit learned from the account's own
 * history (or the floor), raised where a false positive showed the account sends more.
 * Answered from memory.
 */
public class SendingLimits {

    private final LimitSettings settings;
    private final LearnedLimits learned;
    private final LimitOverrides overrides;

    public SendingLimits(LimitSettings settings, LearnedLimits learned, LimitOverrides overrides) {
        this.settings = settings;
        this.learned = learned;
        this.overrides = overrides;
    }

    public LimitSettings settings() {
        return settings;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public Limit limitOf(Account account) {
        LimitOverrides.AccountOverride o = overrides.overrideOf(account);
        if (o != null && o.allowlisted()) {
            return new Limit(Long.MAX_VALUE, Long.MAX_VALUE, o.basis());
        }
        long[] l = learned == null ? null : learned.learned(account);
        long messages = l == null ? settings.floorMessages() : l[0];
        long recipients = l == null ? settings.floorRecipients() : l[1];
        String basis = l == null ? "floor" : "learned";
        if (o != null && (o.messages() != null || o.recipients() != null)) {
            long m = o.messages() == null ? messages : o.onlyRaises() ? Math.max(messages, o.messages()) : o.messages();
            long r = o.recipients() == null ? recipients : o.onlyRaises() ? Math.max(recipients, o.recipients()) : o.recipients();
            basis = m != messages || r != recipients || !o.onlyRaises() ? o.basis() : basis;
            messages = m;
            recipients = r;
        }
        return new Limit(messages, recipients, basis);
    }
}
