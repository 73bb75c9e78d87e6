package org.relaywarden.detection;

import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The policy core's risk verdicts as alerts of source {@code policy-risk}, with the verdict's reasons, raised on a
 * thread of its own (the policy core calls on its request thread and never waits for the database or the engine).
 * <ul>
 *   <li>No open case: a case opens with the verdict kept in its record (in the same transaction, before the process
 *       starts). HOLD: the process holds it for review (stage HELD_FOR_REVIEW); SUSPEND: the usual suspension path,
 *       the reasons its evidence.</li>
 *   <li>An open case: the alert folds into it and the verdict joins its record; a case held for review whose risk
 *       rises to SUSPEND is told so ({@code relaywarden.RiskRaised}) and takes the suspension path. While a step of
 *       the case's process runs (the hold on the relays takes seconds) the rise is not told but queued again after
 *       {@link #RISE_AGAIN_AFTER}, for at most {@link #RISE_PATIENCE}, then told anyway: the alert thread never waits,
 *       so every other account's alert goes on meanwhile. One rise per case is under way at a time (a further SUSPEND
 *       verdict for it meanwhile adds nothing), and the engine suspends a case once (a later rise finds it no longer
 *       held).</li>
 * </ul>
 * Unlike the volume detectors ({@link DetectorAlerts}), a verdict opens its case during an account's quiet period
 * too: the core has already held or refused the mail, and without a case nobody would see it or release it.
 */
@Component
class RiskAlerts implements RiskListener, AutoCloseable {

    static final String SOURCE = "policy-risk";
    private static final Logger log = LoggerFactory.getLogger(RiskAlerts.class);

    /** How long the rise of a held case's risk is told again while a step of the case runs, before it is told anyway. */
    static final Duration RISE_PATIENCE = Duration.ofSeconds(30);
    /** How soon a rise that met a running step of its case is told again. */
    static final Duration RISE_AGAIN_AFTER = Duration.ofMillis(250);

    private final AlertService alerts;
    private final CaseRisk risk;
    private final RemediationProcess process;
    private final RelaywardenMetrics metrics;
    private final ThreadPoolExecutor executor = LimitAlerts.alertThreads("risk-alerts");
    /** Only waits a rise's delay out and queues it again on {@link #executor}; never talks to the engine itself. */
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "risk-rises-later");
        t.setDaemon(true);
        return t;
    });
    /** The cases whose rise is under way (told, or queued to be told again). */
    private final Set<CaseReference> rising = ConcurrentHashMap.newKeySet();
    private final Duration patience;
    private final Duration againAfter;

    @Autowired
    RiskAlerts(AlertService alerts, CaseRisk risk, RemediationProcess process, RelaywardenMetrics metrics) {
        this(alerts, risk, process, metrics, RISE_PATIENCE, RISE_AGAIN_AFTER);
    }

    RiskAlerts(AlertService alerts, CaseRisk risk, RemediationProcess process, RelaywardenMetrics metrics,
               Duration patience, Duration againAfter) {
        this.alerts = alerts;
        this.risk = risk;
        this.process = process;
        this.metrics = metrics;
        this.patience = patience;
        this.againAfter = againAfter;
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
            if (rising.add(r.ref())) {
                rise(r.ref(), System.nanoTime() + patience.toNanos());
            } else {
                log.info("{}: case {}: its rise to SUSPEND is already under way; the verdict is kept with it", SOURCE, r.ref());
            }
        }
    }

    /** Tells the case its risk rose, or queues that again while a step of the case runs and the patience lasts. */
    void rise(CaseReference ref, long deadline) {
        boolean underWay = false;
        try {
            if (process.riskRaised(ref, System.nanoTime() - deadline >= 0)) {
                metrics.heldReview("risk-rose");
                log.warn("{}: case {} held for review, the risk rose to SUSPEND: suspending", SOURCE, ref);
            } else {
                underWay = riseLater(ref, deadline);
            }
        } catch (CaseNotWaitingException notHeld) {
            log.info("{}: case {} is not held for review ({}); the verdict is kept with it", SOURCE, ref,
                    notHeld.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: telling case {} its risk rose to SUSPEND failed ({}); it stays held for review, the verdict "
                    + "with it", SOURCE, ref, e.toString());
        } finally {
            if (!underWay) {
                rising.remove(ref);
            }
        }
    }

    /**
     * Queues the rise on the alert thread again after {@link #againAfter} (a full alert queue: after another delay,
     * never dropped). False only when shutting down.
     */
    private boolean riseLater(CaseReference ref, long deadline) {
        try {
            later.schedule(() -> {
                try {
                    executor.execute(() -> rise(ref, deadline));
                } catch (RejectedExecutionException full) {
                    if (!riseLater(ref, deadline)) {
                        rising.remove(ref);
                    }
                }
            }, againAfter.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            log.warn("{}: shutting down: case {} not told its risk rose (it stays held for review, the verdict with it)",
                    SOURCE, ref);
            return false;
        }
    }

    /** The alert's reason: the level and the named reasons, within the alert's 1,000 characters. */
    static String reason(RiskVerdict verdict) {
        String text = verdict.level() + ": " + String.join("; ", verdict.reasons());
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    @Override
    public void close() {
        later.shutdownNow();
        executor.shutdownNow();
    }
}
