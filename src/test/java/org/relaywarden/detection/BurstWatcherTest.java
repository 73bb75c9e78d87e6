package org.relaywarden.detection;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.NewCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The burst watch reports a case only once the relay is in the watched state: the process enters
 * the stage just before its task changes the relay, and what the still suspended (or held) account
 * tried meanwhile is no burst of a re-enabled one.
 */
@RelaywardenSpringBootTest
class BurstWatcherTest {

    @Autowired
    CaseRecords cases;
    @Autowired
    SandboxMailServer relays;
    @Autowired
    BurstSettings settings;
    @Autowired
    Clock clock;
    @Autowired
    RelaywardenMetrics metrics;

    /** Whatever the account is asked about, it sent far more than any threshold. */
    static final RelayTraffic BUSY = new RelayTraffic() {
        @Override
        public Submissions submissionsSince(Account account, Instant since) {
            return new Submissions(10_000, since, since.plusSeconds(2));
        }

        @Override
        public Map<Account, Activity> activitySince(Instant since) {
            return Map.of();
        }
    };

    final List<String> told = new ArrayList<>();
    final RemediationProcess process = new RemediationProcess() {
        @Override
        public java.util.List<String> retryFailedSteps(CaseReference ref, String operator, String reason) {
            throw new UnsupportedOperationException("not used by the burst watcher");
        }

        @Override
        public void start(CaseReference ref, Account account, boolean originator) {
        }

        @Override
        public void answersReceived(CaseReference ref, boolean complete, String missingQuestions) {
        }

        @Override
        public void burstDetected(CaseReference ref, long messages, long seconds) {
            told.add(ref + ":" + messages);
        }

        @Override
        public void closeByOperator(CaseReference ref, String finalRelayState, String operator, String reason) {
        }

        @Override
        public org.relaywarden.cases.CaseDurations changeDurations(CaseReference ref, org.relaywarden.cases.CaseDurations changes,
                                                                    String operator) {
            throw new AssertionError("the burst watch never changes a case's durations");
        }

        @Override
        public void confirmSuspension(CaseReference ref, boolean suspend, String operator, String reason) {
            throw new AssertionError("the burst watch never confirms a suspension");
        }

        @Override
        public void riskRaised(CaseReference ref) {
            throw new AssertionError("the burst watch never tells a rising risk");
        }

        @Override
        public void releaseHeld(CaseReference ref, String operator, String note) {
            throw new AssertionError("the burst watch never releases held mail");
        }
    };
    final Leadership leader = new Leadership() {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public String nodeId() {
            return "test";
        }
    };

    @Test
    void aCaseIsWatchedOnlyOnceItsRelayIsHeldOrOnProbation() {
        Account staged = Account.parse("staged@burst-watch.example");
        Account probation = Account.parse("probation@burst-watch.example");
        CaseReference stagedCase = cases.open(new NewCase(staged, "test", "burst watch", false, null, staged.login(), "en"), "test");
        CaseReference probationCase = cases.open(new NewCase(probation, "test", "burst watch", false, null, probation.login(), "en"),
                "test");
        relays.suspend(staged, "test");
        relays.hold(probation, "test");
        cases.enterStage(stagedCase, CaseStage.STAGED_REENABLE);
        cases.enterStage(probationCase, CaseStage.PROBATION);
        BurstWatcher watcher = new BurstWatcher(cases, BUSY, process, settings, clock, metrics, leader, relays);

        watcher.watch();
        assertThat(told).as("still suspended, still held: the process has not changed the relays yet").isEmpty();

        relays.hold(staged, "staged re-enable");
        relays.probation(probation);
        watcher.watch();
        assertThat(told).containsExactlyInAnyOrder(stagedCase + ":10000", probationCase + ":10000");
        relays.restore(staged);
        relays.restore(probation);
        cases.close(stagedCase, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
        cases.close(probationCase, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
    }
}
