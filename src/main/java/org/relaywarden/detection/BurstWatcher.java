package org.relaywarden.detection;

import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Watches accounts in a staged re-enable or on probation. When one crosses its threshold, it
 * correlates {@code relaywarden.BurstDetected} to the case, with how many messages arrived in how
 * many seconds (for the "re-enable failed" letter).
 */
@Component
public class BurstWatcher {

    private static final Logger log = LoggerFactory.getLogger(BurstWatcher.class);

    private final CaseRecords cases;
    private final RelayTraffic traffic;
    private final RemediationProcess process;
    private final BurstSettings settings;
    private final Clock clock;
    private final RelaywardenMetrics metrics;
    private final Leadership leadership;
    private final RelayControl relays;

    BurstWatcher(CaseRecords cases, RelayTraffic traffic, RemediationProcess process, BurstSettings settings, Clock clock,
                 RelaywardenMetrics metrics, Leadership leadership, RelayControl relays) {
        this.relays = relays;
        this.metrics = metrics;
        this.leadership = leadership;
        this.cases = cases;
        this.traffic = traffic;
        this.process = process;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${relaywarden.detection.burst.poll-interval:PT0.25S}")
    void scheduled() {
        if (leadership.isLeader()) {
            watch();
        }
    }

    /** One look at every account in a staged re-enable or on probation. */
    public void watch() {
        Instant now = clock.instant();
        for (RemediationCase c : cases.inStages(List.of(CaseStage.STAGED_REENABLE, CaseStage.PROBATION))) {
            boolean staged = c.stage() == CaseStage.STAGED_REENABLE;
            // the stage is entered just before the process changes the relay: no burst before the change took effect
            // (attempts the still suspended account made are refused, not submitted)
            if (relays.stateOf(c.account()) != (staged ? RelayState.HELD : RelayState.PROBATION)) {
                continue;
            }
            Instant since = staged ? c.stageEnteredAt() : latest(c.stageEnteredAt(), now.minus(settings.probationWindow()));
            RelayTraffic.Submissions s = traffic.submissionsSince(c.account(), since);
            int threshold = staged ? settings.stagedThreshold() : settings.probationThreshold();
            if (s.count() >= threshold) {
                long seconds = Math.max(1, Duration.between(s.first(), s.last()).toSeconds());
                try {
                    process.burstDetected(c.reference(), s.count(), seconds);
                    metrics.burst();
                    log.warn("burst: {} submitted {} messages in {} s during {}; case {} told", c.account(), s.count(),
                            seconds, c.stage(), c.reference());
                } catch (CaseNotWaitingException e) {
                    log.debug("burst for {} already reported: {}", c.reference(), e.getMessage());
                }
            }
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
