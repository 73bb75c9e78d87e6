package org.relaywarden.alerts;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhooks of monitoring systems. Answers 202 if the delivery opened a case, 200 if everything
 * was folded, a duplicate or a resolution, 400 if the body is malformed or no alert in it could be
 * used; the body reports every alert's fate.
 */
@RestController
@RequestMapping("/api/v1/alerts")
class WebhookController {

    private final WebhookIngestion ingestion;

    WebhookController(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    /** Prometheus Alertmanager, webhook payload version "4". */
    @PostMapping("/alertmanager")
    ResponseEntity<WebhookIngestion.Report> alertmanager(@Valid @RequestBody WebhookPayload payload, Authentication who) {
        if (payload.version() != null && !"4".equals(payload.version())) {
            throw new MalformedWebhookException("Alertmanager webhook version " + payload.version() + " is not supported (expected 4)");
        }
        return answer(ingestion.ingest("alertmanager", payload, who.getName()));
    }

    /** Grafana alerting (contact point of type webhook). */
    @PostMapping("/grafana")
    ResponseEntity<WebhookIngestion.Report> grafana(@Valid @RequestBody WebhookPayload payload, Authentication who) {
        return answer(ingestion.ingest("grafana", payload, who.getName()));
    }

    private static ResponseEntity<WebhookIngestion.Report> answer(WebhookIngestion.Report report) {
        if (report.received() == 0) {
            throw new MalformedWebhookException("the alerts array is empty");
        }
        if (report.refused() == report.received()) {
            return ResponseEntity.badRequest().body(report);
        }
        return ResponseEntity.status(report.opened() > 0 ? HttpStatus.ACCEPTED : HttpStatus.OK).body(report);
    }
}
