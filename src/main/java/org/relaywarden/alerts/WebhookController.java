package org.relaywarden.alerts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
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
    @Operation(summary = "Prometheus Alertmanager webhook (version 4)",
            description = "The account is the alert label sasl_username (configurable). Each alert is taken once per fingerprint and start.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "firing group", value = """
                    {"version": "4", "groupKey": "{}:{alertname=\"RelayAccountDeferredQueue\"}", "truncatedAlerts": 0,
                     "status": "firing", "receiver": "relaywarden", "groupLabels": {"alertname": "RelayAccountDeferredQueue"},
                     "commonLabels": {"alertname": "RelayAccountDeferredQueue"}, "commonAnnotations": {},
                     "externalURL": "http://alertmanager.example:9093",
                     "alerts": [{"status": "firing",
                       "labels": {"alertname": "RelayAccountDeferredQueue", "sasl_username": "kunde@example.test"},
                       "annotations": {"summary": "412 messages deferred"}, "startsAt": "2026-11-29T01:00:00Z",
                       "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.example:9090/graph",
                       "fingerprint": "c4d2b8f1e0a39d7b"}]}"""))))
    ResponseEntity<WebhookIngestion.Report> alertmanager(@Valid @RequestBody WebhookPayload payload, Authentication who) {
        if (payload.version() != null && !"4".equals(payload.version())) {
            throw new MalformedWebhookException("Alertmanager webhook version " + payload.version() + " is not supported (expected 4)");
        }
        return answer(ingestion.ingest("alertmanager", payload, who.getName()));
    }

    /** Grafana alerting (contact point of type webhook). */
    @PostMapping("/grafana")
    @Operation(summary = "Grafana alerting webhook",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "firing", value = """
                    {"receiver": "relaywarden", "status": "firing", "orgId": 1, "version": "1", "title": "[FIRING:1] RelayRate",
                     "alerts": [{"status": "firing", "labels": {"alertname": "RelayRate", "sasl_username": "kunde@example.test"},
                       "annotations": {"description": "900 messages in 5 minutes"}, "startsAt": "2026-11-29T01:30:00Z",
                       "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "57c6d9296de2ad39"}]}"""))))
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
