package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.limits.LimitOverrides;
import org.springframework.stereotype.Component;

/**
 * What overrides an account's learned limit, as the policy core's {@link LimitOverrides}, in this
 * order: the limits configured per account under {@code relaywarden.detection.accounts} (allowlisted
 * bulk senders, limits of known senders); a quiet period after a false positive (no limit: the
 * operator said its traffic is legitimate, and what it sends is what its limit is raised to
 * afterwards); a limit raised after a quiet period (it only raises the learned one). Answered from
 * memory ({@link AccountAllowances} keeps its table in memory).
 */
@Component
class ConfiguredLimitOverrides implements LimitOverrides {

    private final DetectionSettings settings;
    private final AccountAllowances allowances;

    ConfiguredLimitOverrides(DetectionSettings settings, AccountAllowances allowances) {
        this.settings = settings;
        this.allowances = allowances;
    }

    @Override
    public AccountOverride overrideOf(Account account) {
        DetectionSettings.AccountLimits own = settings.accounts().get(account.login());
        if (own != null && (Boolean.TRUE.equals(own.allowlisted()) || own.messages() != null || own.recipients() != null)) {
            return new AccountOverride(Boolean.TRUE.equals(own.allowlisted()), toLong(own.messages()), toLong(own.recipients()),
                    "configured", false);
        }
        if (allowances.inQuietPeriod(account)) {
            return new AccountOverride(true, null, null, "quiet period", false);
        }
        var messages = allowances.raisedMessageLimit(account);
        var recipients = allowances.raisedRecipientLimit(account);
        if (messages.isPresent() || recipients.isPresent()) {
            return new AccountOverride(false, messages.isPresent() ? messages.getAsLong() : null,
                    recipients.isPresent() ? recipients.getAsLong() : null, "raised", true);
        }
        return null;
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
