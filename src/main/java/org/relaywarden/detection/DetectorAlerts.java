package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How the built-in detectors raise alerts: not for an account whose case is already open, and at
 * most once per account, source and ten minutes (a detector that keeps seeing the same flood does
 * not fold an alert into the case on every look). Not during an account's quiet period after a
 * false positive ({@link AccountAllowances}): then the alert is logged and counted
 * ({@code relaywarden.alerts{result="quiet-period"}}) and opens no case. Alerts from monitoring over
 * REST do not come this way and still open cases: a person or an outside system decided.
 */
@Component
public class DetectorAlerts {

    private static final Logger log = LoggerFactory.getLogger(DetectorAlerts.class);
    static final Duration BUCKET = Duration.ofMinutes(10);

    private final AlertService alerts;
    private final CaseRecords cases;
    private final AccountAllowances allowances;
    private final RelaywardenMetrics metrics;
    private final Clock clock;

    DetectorAlerts(AlertService alerts, CaseRecords cases, AccountAllowances allowances, RelaywardenMetrics metrics, Clock clock) {
        this.alerts = alerts;
        this.cases = cases;
        this.allowances = allowances;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Raises the alert, as described above. Returns the case it opened or folded into, or the account's open case;
     * empty during a quiet period.
     */
    public Optional<CaseReference> raise(Account account, String source, String reason) {
        if (allowances.inQuietPeriod(account)) {
            log.info("{}: {}: {} (quiet period after a false positive: no case)", source, account, reason);
            metrics.alert(source, "quiet-period");
            return Optional.empty();
        }
        Optional<RemediationCase> open = cases.findOpen(account);
        if (open.isPresent()) {
            return Optional.of(open.get().reference());
        }
        long bucket = clock.instant().getEpochSecond() / BUCKET.toSeconds();
        AlertService.Result r = alerts.raise(new AlertRequest(account.login(), source, reason, "critical", false, null, null, null),
                source, source + ":" + account.login() + ":" + bucket);
        log.warn("{}: {} -> {} {}", source, reason, r.status(), r.ref());
        return Optional.ofNullable(r.ref());
    }
}
