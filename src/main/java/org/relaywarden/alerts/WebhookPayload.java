package org.relaywarden.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

import org.relaywarden.web.ChecksItsOwnText;

/**
 * The body of a Prometheus Alertmanager webhook (version "4") or a Grafana alerting webhook:
 * both carry a group with {@code alerts[]}; Alertmanager re-sends whole groups. Control characters are looked
 * for alert by alert ({@link WebhookIngestion}): one bad alert is refused, the others of its group go through.
 */
public record WebhookPayload(String version, String groupKey, String status, String receiver,
                             Map<String, String> groupLabels, Map<String, String> commonLabels,
                             Map<String, String> commonAnnotations, String externalURL,
                             @NotNull(message = "is missing: a webhook carries an alerts array")
                             @Size(max = 1000, message = "has more than 1000 alerts") List<@Valid ExternalAlert> alerts,
                             Integer truncatedAlerts, String title, String state, String message)
        implements ChecksItsOwnText {
}
