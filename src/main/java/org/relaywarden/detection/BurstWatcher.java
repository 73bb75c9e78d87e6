package org.relaywarden.detection;

import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.cluster.redis.OnceClaims;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.WatchedSubmissions;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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
 * <p>
 * With the cluster's Redis every node watches, reading the submissions all nodes counted there
 * ({@link WatchedSubmissions}); the first node to see a burst claims the case's report
 * ({@link OnceClaims}: one report per case and stage, however many nodes see it; a node that dies
 * between claim and report leaves the claim to run out after {@link #CLAIM_LEASE}). Without Redis, or
 * while it is away, the lease holder alone watches, from {@link RelayTraffic}.
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
    static final Duration CLAIM_LEASE = Duration.ofSeconds(10);
    static final Duration CLAIM_KEPT = Duration.ofDays(2);

    private final RelayControl relays;
    private final WatchedSubmissions watched;
    private final OnceClaims claims;

    BurstWatcher(CaseRecords cases, RelayTraffic traffic, RemediationProcess process, BurstSettings settings, Clock clock,
                 RelaywardenMetrics metrics, Leadership leadership, RelayControl relays) {
        this(cases, traffic, process, settings, clock, metrics, leadership, relays, (WatchedSubmissions) null, (OnceClaims) null);
    }

    @Autowired
    BurstWatcher(CaseRecords cases, RelayTraffic traffic, RemediationProcess process, BurstSettings settings, Clock clock,
                 RelaywardenMetrics metrics, Leadership leadership, RelayControl relays,
                 ObjectProvider<WatchedSubmissions> watched, ObjectProvider<OnceClaims> claims) {
        this(cases, traffic, process, settings, clock, metrics, leadership, relays, watched.getIfAvailable(), claims.getIfAvailable());
    }

    /** @param watched and {@code claims}: the cluster's Redis (null: the lease holder alone watches) */
    BurstWatcher(CaseRecords cases, RelayTraffic traffic, RemediationProcess process, BurstSettings settings, Clock clock,
                 RelaywardenMetrics metrics, Leadership leadership, RelayControl relays, WatchedSubmissions watched,
                 OnceClaims claims) {
        this.watched = watched;
        this.claims = claims;
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
        if (claims != null || leadership.isLeader()) {
            watch();
        }
    }

    /**
     * Between two looks at the case store, the counts of the accounts it named: from memory (the policy service's
     * counters, or one Redis read per account), so that a burst is seen within {@code count-interval} of its
     * threshold's message, not a whole poll later.
     */
    @Scheduled(fixedDelayString = "${relaywarden.detection.burst.count-interval:PT0.025S}")
    void scheduledCount() {
        if (claims != null || leadership.isLeader()) {
            check(watching);
        }
    }

    /** The cases in a staged re-enable or on probation at the last look at the case store. */
    private volatile List<RemediationCase> watching = List.of();

    /** One look at every account in a staged re-enable or on probation. */
    public void watch() {
        List<RemediationCase> now = cases.inStages(List.of(CaseStage.STAGED_REENABLE, CaseStage.PROBATION));
        watching = now;
        check(now);
    }

    /**
     * Each case's count against its threshold. A case may have left its stage since it was read: the relay state
     * (read here) and the check under the state lock before the refusal ({@link #report}) keep that from doing harm.
     */
    private void check(List<RemediationCase> inStages) {
        Instant now = clock.instant();
        for (RemediationCase c : inStages) {
            boolean staged = c.stage() == CaseStage.STAGED_REENABLE;
            // the stage is entered just before the process changes the relay: no burst before the change took effect
            // (attempts the still suspended account made are refused, not submitted). Suspended: the process's own
            // suspension (not watched), or this watch's refusal at once not yet told to the process (report checks which)
            RelayState watchedState = staged ? RelayState.HELD : RelayState.PROBATION;
            RelayState state = relays.stateOf(c.account());
            if (state != watchedState && state != RelayState.SUSPENDED) {
                continue;
            }
            Instant since = staged ? c.stageEnteredAt() : latest(c.stageEnteredAt(), now.minus(settings.probationWindow()));
            RelayTraffic.Submissions s = watched == null ? null : watched.since(c.account(), since);
            if (s == null) {
                if (!leadership.isLeader()) {
                    continue;
                }
                s = traffic.submissionsSince(c.account(), since);
            }
            int threshold = staged ? settings.stagedThreshold() : settings.probationThreshold();
            if (s.count() >= threshold) {
                report(c, s, watchedState);
            }
        }
    }

    /**
     * Refuses the account at once, then tells the process once, however many nodes see the burst (the claim names the
     * case and the stage's start). The refusal does not wait for the process (its message correlation and the
     * suspension job take from a tenth of a second to seconds on a loaded host): the policy service refuses the very
     * next message; the process's suspension then writes the relays' durable layers, quarantines and writes to the
     * customer. A suspension the process made itself (its reason is not this watch's) is not a burst: nothing is told.
     */
    private void report(RemediationCase c, RelayTraffic.Submissions s, RelayState watchedState) {
        Instant seen = clock.instant();
        if (!relays.suspendIf(c.account(), watchedState, burstReason(c))) {
            return;
        }
        Instant refused = clock.instant();
        String claim = "burst:" + c.reference() + ":" + c.stage() + ":" + c.stageEnteredAt().toEpochMilli();
        Boolean mine = claims == null ? Boolean.TRUE : claims.claim(claim, CLAIM_LEASE);
        if (mine == null) {
            // Redis away: nobody can claim; the lease holder reports
            mine = leadership.isLeader();
        }
        if (!mine) {
            return;
        }
        long seconds = Math.max(1, Duration.between(s.first(), s.last()).toSeconds());
        try {
            process.burstDetected(c.reference(), s.count(), seconds);
            metrics.burst();
            log.warn("burst: {} submitted {} messages in {} s during {}; refused {} ms after its last counted message, "
                            + "case {} told {} ms later (node {})", c.account(), s.count(), seconds, c.stage(),
                    Duration.between(s.last(), refused).toMillis(), c.reference(),
                    Duration.between(refused, clock.instant()).toMillis(), leadership.nodeId());
            log.debug("burst of {}: first counted {}, last counted {}, seen {}, refused {}", c.account(), s.first(), s.last(),
                    seen, refused);
        } catch (CaseNotWaitingException e) {
            // told before (by this node, or another), or the process left the stage meanwhile: its next change of the
            // account's state replaces the refusal
            log.debug("burst for {} already reported: {}", c.reference(), e.getMessage());
        } catch (RuntimeException e) {
            // the refusal stays: the next look finds the account suspended with this watch's reason and tells again
            if (claims != null) {
                claims.release(claim);
            }
            throw e;
        }
        if (claims != null) {
            claims.settle(claim, CLAIM_KEPT);
        }
    }

    /** The refusal text of a suspension at once by this watch; it tells this watch's refusal from the process's own. */
    static String burstReason(RemediationCase c) {
        return "relaying suspended after a burst, case " + c.reference();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
