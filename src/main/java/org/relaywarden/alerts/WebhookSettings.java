package org.relaywarden.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How monitoring webhooks name the account.
 *
 * @param accountLabel    the alert label that holds the SASL login (default {@code sasl_username})
 * @param originatorLabel a label that, when {@code "true"}, marks the account as the spam's originator
 */
@ConfigurationProperties("relaywarden.alerts")
public record WebhookSettings(String accountLabel, String originatorLabel) {
    public WebhookSettings {
        accountLabel = accountLabel == null || accountLabel.isBlank() ? "sasl_username" : accountLabel;
        originatorLabel = originatorLabel == null || originatorLabel.isBlank() ? "originator" : originatorLabel;
    }
}
