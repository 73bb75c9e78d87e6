package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.limits.LimitOverrides;
import org.springframework.stereotype.Component;

/**
 * The limits configured per account under {@code relaywarden.detection.accounts} (allowlisted
 * bulk senders, raised limits of known senders) as the policy core's {@link LimitOverrides}.
 */
@Component
class ConfiguredLimitOverrides implements LimitOverrides {

    private final DetectionSettings settings;

    ConfiguredLimitOverrides(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public AccountOverride overrideOf(Account account) {
        DetectionSettings.AccountLimits own = settings.accounts().get(account.login());
        if (own == null) {
            return null;
        }
        return new AccountOverride(Boolean.TRUE.equals(own.allowlisted()), toLong(own.messages()), toLong(own.recipients()),
                "configured");
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
