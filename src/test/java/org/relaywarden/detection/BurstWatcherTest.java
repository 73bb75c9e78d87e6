package org.relaywarden.detection;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseDurations;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.NewCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.cluster.redis.OnceClaims;
import org.relaywarden.cluster.redis.RedisSettings;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.WatchedSubmissions;
import org.relaywarden.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    RelayControl relays;
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
    /** Runs when the process is told of a burst, before it is counted as told (it may throw: the process failed). */
    Consumer<CaseReference> beforeTold = r -> { };
    final RemediationProcess process = new RemediationProcess() {
        @Override
        public List<String> retryFailedSteps(CaseReference ref, String operator, String reason) {
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
            beforeTold.accept(ref);
            told.add(ref + ":" + messages);
        }

        @Override
        public void closeByOperator(CaseReference ref, String finalRelayState, String operator, String reason) {
        }

        @Override
        public CaseDurations changeDurations(CaseReference ref, CaseDurations changes,
                                                                    String operator) {
            throw new AssertionError("the burst watch never changes a case's durations");
        }

        @Override
        public void confirmSuspension(CaseReference ref, boolean suspend, String operator, String reason) {
            throw new AssertionError("the burst watch never confirms a suspension");
        }

        @Override
        public boolean riskRaised(CaseReference ref, boolean evenIfBusy) {
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
        assertThat(relays.stateOf(staged)).as("refused at once, before the process suspends").isEqualTo(RelayState.SUSPENDED);
        assertThat(relays.stateOf(probation)).isEqualTo(RelayState.SUSPENDED);
        relays.restore(staged);
        relays.restore(probation);
        cases.close(stagedCase, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
        cases.close(probationCase, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
    }

    /**
     * The refusal comes first, the process is told after it; a process that cannot be told (a technical failure) leaves
     * the refusal in force and is told at the next look. A suspension the process made itself is no burst of this watch.
     */
    @Test
    void theWatchRefusesAtOnceBeforeTellingTheProcessAndTellsAgainAfterAFailure() {
        Account account = Account.parse("atonce@burst-watch.example");
        CaseReference ref = cases.open(new NewCase(account, "test", "burst watch", false, null, account.login(), "en"), "test");
        relays.hold(account, "staged re-enable");
        cases.enterStage(ref, CaseStage.STAGED_REENABLE);
        List<RelayState> stateWhenTold = new ArrayList<>();
        beforeTold = r -> {
            stateWhenTold.add(relays.stateOf(account));
            if (stateWhenTold.size() == 1) {
                throw new IllegalStateException("simulated: the engine's database did not answer");
            }
        };
        BurstWatcher watcher = new BurstWatcher(cases, BUSY, process, settings, clock, metrics, leader, relays);

        assertThatThrownBy(watcher::watch).hasMessageContaining("simulated");
        assertThat(relays.stateOf(account)).as("the refusal stays").isEqualTo(RelayState.SUSPENDED);
        watcher.watch();
        assertThat(stateWhenTold).containsExactly(RelayState.SUSPENDED, RelayState.SUSPENDED);
        assertThat(told).containsExactly(ref + ":10000");

        // the process's own suspension (another reason) while the stage is still recorded: nothing more is told
        relays.suspend(account, "relaying suspended, case " + ref);
        watcher.watch();
        assertThat(told).containsExactly(ref + ":10000");
        relays.restore(account);
        cases.close(ref, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
    }

    static Leadership node(String id, boolean leader) {
        return new Leadership() {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public String nodeId() {
                return id;
            }
        };
    }

    /**
     * With the cluster's Redis every node watches (not only the lease holder), and the process is told once however
     * many see the burst; a node that claimed the report and died before telling leaves it to another once its
     * claim runs out. Three nodes' watchers in this JVM on a real Redis; the submissions they read are given.
     */
    @Test
    void withRedisEveryNodeWatchesAndTheProcessIsToldOnceAlsoWhenTheClaimantDied() {
        Account staged = Account.parse("everynode@burst-watch.example");
        Account second = Account.parse("claimantdied@burst-watch.example");
        WatchedSubmissions busy = (account, since) -> new RelayTraffic.Submissions(25, since, since.plusSeconds(3));
        try (RedisServer redis = RedisServer.startNew()) {
            List<SharedStore> stores = new ArrayList<>();
            List<BurstWatcher> watchers = new ArrayList<>();
            for (String id : List.of("n1", "n2", "n3")) {
                SharedStore store = new SharedStore(new RedisSettings(redis.url(), Duration.ofSeconds(1), Duration.ofMillis(200), "rw:"),
                        id, new SimpleMeterRegistry());
                store.start();
                stores.add(store);
                // none of them holds the lease
                watchers.add(new BurstWatcher(cases, BUSY, process, settings, clock, metrics, node(id, false), relays, busy,
                        new OnceClaims(store)));
            }
            try {
                CaseReference ref = cases.open(new NewCase(staged, "test", "burst watch", false, null, staged.login(), "en"), "test");
                relays.hold(staged, "staged re-enable");
                cases.enterStage(ref, CaseStage.STAGED_REENABLE);
                List<Thread> threads = watchers.stream().map(w -> new Thread(w::scheduled)).toList();
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join(30_000);
                }
                watchers.forEach(BurstWatcher::scheduled);
                assertThat(told).as("three nodes saw the burst, the process was told once").containsExactly(ref + ":25");

                // a node claimed the next case's report and died before telling
                told.clear();
                CaseReference ref2 = cases.open(new NewCase(second, "test", "burst watch", false, null, second.login(), "en"), "test");
                relays.hold(second, "staged re-enable");
                cases.enterStage(ref2, CaseStage.STAGED_REENABLE);
                String claim = "burst:" + ref2 + ":" + CaseStage.STAGED_REENABLE + ":"
                        + cases.find(ref2).orElseThrow().stageEnteredAt().toEpochMilli();
                assertThat(new OnceClaims(stores.get(0)).claim(claim, BurstWatcher.CLAIM_LEASE)).isTrue();
                stores.get(0).close();
                long start = System.nanoTime();
                while (told.isEmpty() && System.nanoTime() - start < 40_000_000_000L) {
                    watchers.get(1).scheduled();
                    watchers.get(2).scheduled();
                    Thread.sleep(100);
                }
                watchers.get(1).scheduled();
                watchers.get(2).scheduled();
                assertThat(told).as("told once by a surviving node after the dead one's claim ran out").containsExactly(ref2 + ":25");
                System.out.printf("burst reported by a surviving node %d ms after the claimant died (claim lease %s)%n",
                        (System.nanoTime() - start) / 1_000_000, BurstWatcher.CLAIM_LEASE);
                relays.restore(staged);
                relays.restore(second);
                cases.close(ref, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
                cases.close(ref2, CaseOutcome.CLOSED_BY_OPERATOR, "ACTIVE", "test", "burst watch test done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                stores.forEach(SharedStore::close);
            }
        }
    }
}
