package org.relaywarden.alerts;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One alert of a monitoring webhook (Prometheus Alertmanager or Grafana), as both send it:
 * {@code status} firing|resolved, {@code labels}, {@code annotations}, {@code startsAt},
 * {@code endsAt}, {@code generatorURL}, {@code fingerprint}. Unknown fields are ignored.
 */
public record ExternalAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                            OffsetDateTime startsAt, OffsetDateTime endsAt, String generatorURL, String fingerprint) {
}
