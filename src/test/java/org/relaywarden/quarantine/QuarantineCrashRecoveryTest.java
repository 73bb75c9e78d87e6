package org.relaywarden.quarantine;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.testsupport.SimulatedRelay;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quarantine is resumable: a crash while copying, between copy and delete, or right after the
 * delete, followed by a re-run, leaves every message in quarantine exactly once, byte for byte,
 * and none in the queue. The other account's mail is never touched.
 */
@RelaywardenSpringBootTest
class QuarantineCrashRecoveryTest {

    @Autowired
    QuarantineIndex index;
    @Autowired
    QuarantineStore store;
    @Autowired
    CaseRecords cases;
    @Autowired
    Clock clock;
    @Autowired
    RelaywardenMetrics metrics;

    /** A relay queue that crashes once at a chosen point. */
    static class CrashingQueue implements MailQueue {
        final SandboxMailServer relay;
        String crashAt;
        int contentCalls;

        CrashingQueue(SandboxMailServer relay) {
            this.relay = relay;
        }

        private void maybeCrash(String point) {
            if (point.equals(crashAt)) {
                crashAt = null;
                throw new IllegalStateException("crash at " + point);
            }
        }

        public List<QueuedMessage> messagesOf(Account a, Set<QueueName> q) {
            return relay.messagesOf(a, q);
        }

        public void hold(Collection<QueuedMessage> m) {
            relay.hold(m);
        }

        int crashAtContentCall = 25;

        public byte[] content(QueuedMessage m) {
            if (++contentCalls == crashAtContentCall) {
                maybeCrash("copy");
            }
            return relay.content(m);
        }

        public void deleteHeld(Collection<QueuedMessage> m) {
            maybeCrash("beforeDelete");
            relay.deleteHeld(m);
            maybeCrash("afterDelete");
        }

        public void release(Collection<QueuedMessage> m) {
            relay.release(m);
        }

        public Map<String, Map<Account, Long>> deferredByAccount() {
            return relay.deferredByAccount();
        }

        public void resubmit(String relayName, String sender, List<String> recipients, byte[] message) {
            relay.resubmit(relayName, sender, recipients, message);
        }
    }

    /** A relay where a message lands in a queue just after a listing came back empty (its transaction in flight). */
    static class InFlightQueue extends CrashingQueue {
        Runnable landsAfterEmptyListing;
        Duration settle = Duration.ofMillis(50);

        InFlightQueue(SandboxMailServer relay) {
            super(relay);
        }

        @Override
        public List<QueuedMessage> messagesOf(Account a, Set<QueueName> q) {
            List<QueuedMessage> listed = super.messagesOf(a, q);
            if (listed.isEmpty() && landsAfterEmptyListing != null) {
                Runnable lands = landsAfterEmptyListing;
                landsAfterEmptyListing = null;
                lands.run();
            }
            return listed;
        }

        @Override
        public Duration inFlightSettle() {
            return settle;
        }
    }

    @Test
    void aMessageThatLandsJustAfterAnEmptyListingIsQuarantinedToo() {
        for (boolean settles : List.of(true, false)) {
            SandboxMailServer relay = SimulatedRelay.on(clock);
            Account spammer = Account.parse("inflight-" + settles + "@quarantine.example");
            relay.flood(spammer, 10, 1, SandboxMailServer.Upstream.DEFERS);
            CaseReference ref = cases.open(new NewCase(spammer, "test", "in flight", false, null, spammer.login(), "en"), "test");
            InFlightQueue queue = new InFlightQueue(relay);
            queue.crashAtContentCall = -1;
            queue.landsAfterEmptyListing = () -> relay.flood(spammer, 1, 1, SandboxMailServer.Upstream.DEFERS);
            if (!settles) {
                queue.settle = Duration.ZERO;
            }
            QuarantineService quarantine = new QuarantineService(queue, store, index, cases, clock, metrics, 3);

            quarantine.quarantine(ref, spammer);
            if (settles) {
                assertThat(quarantine.ofCase(ref)).hasSize(11);
                assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).isEmpty();
            } else {
                // what the settle look prevents: the late message stays behind, to be released with the next re-enable
                assertThat(quarantine.ofCase(ref)).hasSize(10);
                assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).hasSize(1);
            }
        }
    }

    /**
     * A relay's listing walks its queues one after the other: a message its queue manager moves meanwhile is listed twice
     * (seen on Postfix in a full build: the quarantine index refused the second copy as a duplicate key). Each is taken
     * once.
     */
    @Test
    void aMessageListedTwiceWhileItMovesBetweenQueuesIsQuarantinedOnce() {
        SandboxMailServer relay = SimulatedRelay.on(clock);
        Account spammer = Account.parse("moving@quarantine.example");
        relay.flood(spammer, 7, 1, SandboxMailServer.Upstream.DEFERS);
        CaseReference ref = cases.open(new NewCase(spammer, "test", "moving", false, null, spammer.login(), "en"), "test");
        CrashingQueue queue = new CrashingQueue(relay) {
            @Override
            public List<QueuedMessage> messagesOf(Account a, Set<QueueName> q) {
                List<QueuedMessage> listed = super.messagesOf(a, q);
                List<QueuedMessage> twice = new ArrayList<>(listed);
                // each message also where it was a moment earlier in the walk (the incoming queue)
                listed.forEach(m -> twice.add(0, new QueuedMessage(m.relay(), m.queueId(), QueueName.INCOMING, m.account(),
                        m.sender(), m.recipients(), m.size(), m.arrival())));
                return twice;
            }
        };
        queue.crashAtContentCall = -1;
        QuarantineService quarantine = new QuarantineService(queue, store, index, cases, clock, metrics, 3);

        assertThat(quarantine.quarantine(ref, spammer)).isEqualTo(7);
        assertThat(quarantine.ofCase(ref)).hasSize(7);
        assertThat(quarantine.ofCase(ref).stream().map(QuarantinedMessage::queueId).distinct()).hasSize(7);
        assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).isEmpty();
    }

    @Test
    void crashesAtEveryPointThenARerunLoseNothingAndDuplicateNothing() {
        for (String crashPoint : List.of("copy", "beforeDelete", "afterDelete")) {
            SandboxMailServer relay = SimulatedRelay.on(clock);
            Account spammer = Account.parse("crash-" + crashPoint.toLowerCase() + "@quarantine.example");
            Account bystander = Account.parse("bystander@quarantine.example");
            relay.flood(spammer, 60, 2, SandboxMailServer.Upstream.DEFERS);
            relay.flood(bystander, 5, 1, SandboxMailServer.Upstream.DEFERS);
            Map<String, byte[]> originals = new HashMap<>();
            for (QueuedMessage m : relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))) {
                originals.put(m.queueId(), relay.content(m));
            }
            CaseReference ref = cases.open(new NewCase(spammer, "test", "crash at " + crashPoint, false, null,
                    spammer.login(), "en"), "test");
            CrashingQueue queue = new CrashingQueue(relay);
            queue.crashAt = crashPoint;
            QuarantineService quarantine = new QuarantineService(queue, store, index, cases, clock, metrics, 3);

            assertThatThrownBy(() -> quarantine.quarantine(ref, spammer)).hasMessageContaining("crash at " + crashPoint);
            quarantine.quarantine(ref, spammer);
            quarantine.quarantine(ref, spammer); // and once more: nothing left to do, nothing doubled

            List<QuarantinedMessage> stored = quarantine.ofCase(ref);
            assertThat(stored).as(crashPoint).hasSize(60);
            assertThat(stored.stream().map(QuarantinedMessage::queueId).distinct()).hasSize(60);
            for (QuarantinedMessage m : stored) {
                assertThat(quarantine.content(ref, m.id())).as(m.queueId()).isEqualTo(originals.get(m.queueId()));
                assertThat(m.size()).isEqualTo(originals.get(m.queueId()).length);
            }
            assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).as(crashPoint).isEmpty();
            assertThat(relay.messagesOf(bystander, EnumSet.of(QueueName.DEFERRED))).hasSize(5);
        }
    }

    @Test
    void aCopyThatDoesNotMatchItsIndexStopsTheDelete() {
        SandboxMailServer relay = SimulatedRelay.on(clock);
        Account spammer = Account.parse("tamper@quarantine.example");
        relay.flood(spammer, 3, 1, SandboxMailServer.Upstream.DEFERS);
        CaseReference ref = cases.open(new NewCase(spammer, "test", "tamper", false, null, spammer.login(), "en"), "test");
        CrashingQueue queue = new CrashingQueue(relay);
        queue.crashAt = "beforeDelete";
        QuarantineService quarantine = new QuarantineService(queue, store, index, cases, clock, metrics, 3);
        assertThatThrownBy(() -> quarantine.quarantine(ref, spammer)).hasMessageContaining("crash");
        // the file of one indexed copy disappears: the original must stay in the queue
        QuarantinedMessage first = quarantine.ofCase(ref).get(0);
        store.delete(QuarantineService.key(ref, relay.messagesOf(spammer, EnumSet.allOf(QueueName.class)).stream()
                .filter(m -> m.queueId().equals(first.queueId())).findFirst().orElseThrow()));
        assertThatThrownBy(() -> quarantine.quarantine(ref, spammer)).isInstanceOf(QuarantineIntegrityException.class);
        assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).hasSize(3);
    }

    @Test
    void aReadAheadThatFailsEndsTheRoundAndARerunFinishesIt() {
        SandboxMailServer relay = SimulatedRelay.on(clock);
        Account spammer = Account.parse("crash-readahead@quarantine.example");
        relay.flood(spammer, 700, 1, SandboxMailServer.Upstream.DEFERS); // batches of 100, 500 and 100
        CaseReference ref = cases.open(new NewCase(spammer, "test", "crash reading ahead", false, null, spammer.login(), "en"), "test");
        CrashingQueue queue = new CrashingQueue(relay);
        queue.crashAt = "copy";
        queue.crashAtContentCall = 150; // in the second batch, read while the first one is stored
        QuarantineService quarantine = new QuarantineService(queue, store, index, cases, clock, metrics, 3);

        assertThatThrownBy(() -> quarantine.quarantine(ref, spammer)).hasMessageContaining("crash at copy");
        // the first batch was stored, committed and deleted; nothing else left the queue
        assertThat(quarantine.ofCase(ref)).hasSize(QuarantineService.FIRST_BATCH);
        assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).hasSize(700 - QuarantineService.FIRST_BATCH);

        quarantine.quarantine(ref, spammer);
        assertThat(quarantine.ofCase(ref)).hasSize(700);
        assertThat(quarantine.ofCase(ref).stream().map(QuarantinedMessage::queueId).distinct()).hasSize(700);
        assertThat(relay.messagesOf(spammer, EnumSet.allOf(QueueName.class))).isEmpty();
    }
}
