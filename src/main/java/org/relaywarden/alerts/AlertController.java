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

import java.net.URI;
import java.util.Locale;

/** Monitoring systems and operators raise abuse alerts here. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertController {

    private final AlertService alerts;

    AlertController(AlertService alerts) {
        this.alerts = alerts;
    }

    record AlertResponse(String caseId, String url, String status) {
    }

    /** 202 with the new case, or 200 with the open case the alert was folded into. */
    @PostMapping
    @Operation(summary = "Raise an abuse alert for a SASL login",
            description = "202 with the new case, 200 with the open case the alert was folded into, 400 saying what is wrong. "
                    + "An alert does not choose who gets the letters: a `contact` field is refused with 400; letters go to the "
                    + "customer directory's addresses for the account (relaywarden.customers.directory) and to addresses an "
                    + "operator adds with POST /api/v1/cases/{caseId}/contacts. `language` (de, en) is used only when the "
                    + "directory names no language.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "deferred queue", value = """
                    {"account": "kunde@example.test", "source": "queue-monitor", "reason": "412 messages deferred",
                     "severity": "critical", "originator": false, "evidenceRef": "https://grafana.example/d/relay"}"""))))
    ResponseEntity<AlertResponse> raise(@Valid @RequestBody AlertRequest request, Authentication who) {
        AlertService.Result r = alerts.raise(request, who.getName());
        String url = "/api/v1/cases/" + r.ref();
        AlertResponse body = new AlertResponse(r.ref().toString(), url, r.status().name().toLowerCase(Locale.ROOT));
        return r.opened()
                ? ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(url)).body(body)
                : ResponseEntity.ok(body);
    }
}
