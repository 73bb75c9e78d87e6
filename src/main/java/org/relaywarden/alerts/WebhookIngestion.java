package org.relaywarden.alerts;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.web.ControlCharacters;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Takes the alerts of an Alertmanager or Grafana webhook one by one, each at most once (by
 * fingerprint, start and status): a firing alert opens a case or folds into the open one, a
 * resolved alert is recorded on the open case and starts nothing, an alert that cannot be used (one with
 * a control character in any field, too) is refused with the reason; the other alerts of the group go on.
 */
@Service
public class WebhookIngestion {

    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9]{1,64}");

    private final AlertService alerts;
    private final WebhookSettings settings;
    private final RelaywardenMetrics metrics;

    WebhookIngestion(AlertService alerts, WebhookSettings settings, RelaywardenMetrics metrics) {
        this.metrics = metrics;
        this.alerts = alerts;
        this.settings = settings;
    }

    public record Outcome(String fingerprint, String account, String result, String caseId, String reason) {
    }

    public record Report(int received, int opened, int folded, int duplicates, int resolved, int refused,
                         List<Outcome> results) {
    }

    public Report ingest(String source, WebhookPayload payload, String actor) {
        List<Outcome> results = new ArrayList<>();
        for (int i = 0; i < payload.alerts().size(); i++) {
            ExternalAlert a = payload.alerts().get(i);
            var control = ControlCharacters.find(a, "alerts[" + i + "]");
            results.add(control.isPresent()
                    ? refused(a.fingerprint() != null && FINGERPRINT.matcher(a.fingerprint()).matches() ? a.fingerprint() : null,
                    null, control.get().message())
                    : one(source, a, actor));
        }
        return new Report(results.size(), count(results, "opened"), count(results, "folded"), count(results, "duplicate"),
                count(results, "resolved"), count(results, "refused"), results);
    }

    private Outcome one(String source, ExternalAlert a, String actor) {
        if (a == null) {
            return refused(null, null, "alert is null");
        }
        String fingerprint = a.fingerprint();
        if (fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
            return refused(null, null, "fingerprint is missing or not 1-64 letters and digits");
        }
        if (a.startsAt() == null) {
            return refused(fingerprint, null, "startsAt is missing");
        }
        if (!"firing".equals(a.status()) && !"resolved".equals(a.status())) {
            return refused(fingerprint, null, "status must be firing or resolved");
        }
        Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
        String raw = labels.get(settings.accountLabel());
        if (raw == null || raw.isBlank()) {
            return refused(fingerprint, null, "label " + settings.accountLabel() + " (the SASL login) is missing");
        }
        Account account;
        try {
            account = Account.parse(raw);
        } catch (InvalidAccountException e) {
            return refused(fingerprint, null, "label " + settings.accountLabel() + ": " + e.getMessage());
        }
        String reason = truncate(firstOf(a.annotations(), "summary", "description", "message")
                .orElse(labels.getOrDefault("alertname", "alert from " + source)), 1000);
        String key = source + ":" + fingerprint + ":" + a.startsAt().toInstant() + ":" + a.status();
        if ("resolved".equals(a.status())) {
            Optional<CaseReference> open = alerts.resolved(account, source, reason, key, actor);
            return new Outcome(fingerprint, account.login(), "resolved", open.map(CaseReference::toString).orElse(null), null);
        }
        boolean originator = "true".equalsIgnoreCase(labels.get(settings.originatorLabel()));
        AlertRequest request = new AlertRequest(account.login(), source, reason, null, originator,
                truncate(a.generatorURL(), 1000), null, null);
        AlertService.Result r = alerts.raise(request, actor, key);
        return new Outcome(fingerprint, account.login(), r.status().name().toLowerCase(Locale.ROOT),
                r.ref() == null ? null : r.ref().toString(), null);
    }

    private Outcome refused(String fingerprint, String account, String reason) {
        metrics.alert(null, "refused");
        return new Outcome(fingerprint, account, "refused", null, reason);
    }

    private static Optional<String> firstOf(Map<String, String> map, String... keys) {
        if (map == null) {
            return Optional.empty();
        }
        for (String k : keys) {
            String v = map.get(k);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static int count(List<Outcome> results, String kind) {
        return (int) results.stream().filter(o -> kind.equals(o.result())).count();
    }
}
