package org.relaywarden.detection;

import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The policy core's risk verdicts as alerts of source {@code policy-risk}, with the verdict's reasons, raised on a
 * thread of its own (the policy core calls on its request thread and never waits for the database or the engine).
 * <ul>
 *   <li>No open case: a case opens with the verdict kept in its record (in the same transaction, before the process
 *       starts). HOLD: the process holds it for review (stage HELD_FOR_REVIEW); SUSPEND: the usual suspension path,
 *       the reasons its evidence.</li>
 *   <li>An open case: the alert folds into it and the verdict joins its record; a case held for review whose risk
 *       rises to SUSPEND is told so ({@code relaywarden.RiskRaised}) and takes the suspension path.</li>
 * </ul>
 * Unlike the volume detectors ({@link DetectorAlerts}), a verdict opens its case during an account's quiet period
 * too: the core has already held or refused the mail, and without a case nobody would see it or release it.
 */
@Component
class RiskAlerts implements RiskListener, AutoCloseable {

    static final String SOURCE = "policy-risk";
    private static final Logger log = LoggerFactory.getLogger(RiskAlerts.class);

    private final AlertService alerts;
    private final CaseRisk risk;
    private final RemediationProcess process;
    private final RelaywardenMetrics metrics;
    private final ThreadPoolExecutor executor = LimitAlerts.alertThreads("risk-alerts");

    RiskAlerts(AlertService alerts, CaseRisk risk, RemediationProcess process, RelaywardenMetrics metrics) {
        this.alerts = alerts;
        this.risk = risk;
        this.process = process;
        this.metrics = metrics;
    }

    @Override
    public void risky(RiskVerdict verdict) {
        if (verdict.level() == RiskLevel.NONE) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    raise(verdict);
                } catch (RuntimeException e) {
                    log.error("{}: raising the alert for {} ({}) failed: {}", SOURCE, verdict.account(), verdict.level(),
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.error("{}: too many verdicts at once, {} ({}) not raised", SOURCE, verdict.account(), verdict.level());
        }
    }

    /** Opens or folds, once per verdict (the dedup key names the account, level and moment). */
    void raise(RiskVerdict verdict) {
        String level = verdict.level().name();
        String reason = reason(verdict);
        AlertService.Result r = alerts.raise(
                new AlertRequest(verdict.account().login(), SOURCE, reason, "critical", false, null, null, null), SOURCE,
                SOURCE + ":" + verdict.account().login() + ":" + level + ":" + verdict.at().toEpochMilli(),
                ref -> risk.recordVerdict(ref, level, verdict.score(), verdict.reasons(), verdict.at()));
        log.warn("{}: {} {} -> {} {}", SOURCE, verdict.account(), reason, r.status(), r.ref());
        if (r.opened()) {
            metrics.riskCase(level);
        } else if (r.status() == AlertService.Status.FOLDED && verdict.level() == RiskLevel.SUSPEND) {
            try {
                process.riskRaised(r.ref());
                metrics.heldReview("risk-rose");
                log.warn("{}: case {} held for review, the risk rose to SUSPEND: suspending", SOURCE, r.ref());
            } catch (CaseNotWaitingException notHeld) {
                log.info("{}: case {} is not held for review ({}); the verdict is kept with it", SOURCE, r.ref(),
                        notHeld.getMessage());
            }
        }
    }

    /** The alert's reason: the level and the named reasons, within the alert's 1,000 characters. */
    static String reason(RiskVerdict verdict) {
        String text = verdict.level() + ": " + String.join("; ", verdict.reasons());
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
