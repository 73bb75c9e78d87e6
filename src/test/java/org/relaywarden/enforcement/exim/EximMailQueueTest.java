package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EximMailQueue} on a real Exim 4.96: attribution by {@code $authenticated_id} (exipick), not by
 * the forged sender; hold (freeze and move into {@code relaywarden_hold}), which no queue run
 * delivers; copies byte-exact against Exim's own rendering ({@code exim -Mvc}); delete only what is
 * held, idempotently; release delivers; mail held by the ACL is released the same way.
 */
class EximMailQueueTest {

    static final Account ALICE = Account.parse("alice@queue.test");
    static final Account BOB = Account.parse("bob@queue.test");
    static final String PW = "pw-queue";
    static final Set<QueueName> ALL = EnumSet.allOf(QueueName.class);

    final AccountStates states = new AccountStates();
    TestExim exim;
    SmtpSink sink;
    PolicyServer policy;

    @AfterEach
    void stop() {
        TestPostfix.closeAll(null, exim, sink, policy);
    }

    EximMailQueue queueOf(TestExim exim) {
        EximRelay relay = new EximRelay("relay-1", new LocalCommandRunner(), exim.relayProperties(), Duration.ofSeconds(60));
        // an empty index: every message is attributed by its spool file, as after a restart
        return new EximMailQueue(List.of(relay), new TrafficCounters(Clock.systemUTC(), "test"));
    }

    static String spam(int i) {
        String longHeader = "X-Long: " + "v".repeat(70) + ("\n\t" + "w".repeat(70)).repeat(16);
        return "From: <kunde+" + i + "@queue.test>\nTo: <victim" + i + "@remote.test>\nSubject: cheap watches " + i + "\n"
                + longHeader + "\nMessage-ID: <spam-" + i + "@customer.test>\n\nBuy now, offer " + i
                + ".\n.leading dot line\n\ttab and trailing space \n" + "x".repeat(990) + "\nend\n";
    }

    @Test
    void attributesHoldsCopiesDeletesAndReleasesByLogin() throws Exception {
        sink = SmtpSink.start();
        // queue_only: nothing is delivered at reception; the queue holds what a busy or refused upstream would leave
        exim = TestExim.named("queue").relayTo(sink.port()).user(ALICE.login(), PW).user(BOB.login(), PW)
                .set("queue_only", "true").build().start();
        List<String> aliceIds = exim.flood(ALICE.login(), PW, "bob@queue.test", 20, 2, EximMailQueueTest::spam);
        List<String> bobIds = exim.flood(BOB.login(), PW, "alice@queue.test", 5, 1, i -> "Subject: legit " + i + "\n\nhello\n");
        assertThat(aliceIds).hasSize(20);
        assertThat(bobIds).hasSize(5);
        EximMailQueue queue = queueOf(exim);

        List<QueuedMessage> alices = queue.messagesOf(ALICE, ALL);
        assertThat(alices).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(aliceIds);
        assertThat(alices).allSatisfy(m -> {
            assertThat(m.queue()).isEqualTo(QueueName.DEFERRED);
            assertThat(m.sender()).isEqualTo("bob@queue.test");
            assertThat(m.recipients()).hasSize(2);
            assertThat(m.size()).isGreaterThan(990);
        });
        assertThat(queue.deferredByAccount()).isEqualTo(Map.of("relay-1", Map.of(ALICE, 20L, BOB, 5L)));

        queue.hold(alices);
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).containsExactlyInAnyOrderElementsOf(aliceIds);
        assertThat(queue.messagesOf(ALICE, EnumSet.of(QueueName.DEFERRED))).isEmpty();
        List<QueuedMessage> held = queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD));
        assertThat(held).hasSize(20);
        assertThat(Files.readString(exim.spool().resolve("relaywarden_hold/input/" + aliceIds.get(0) + "-H"))).contains("\n-frozen ");
        queue.hold(alices); // again: already frozen and moved, no error

        exim.flush();
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: legit") == 5)).isTrue();
        assertThat(sink.count("cheap watches")).as("no queue run delivers held mail").isZero();
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(20);

        Map<QueuedMessage, byte[]> copies = queue.contents(held);
        assertThat(copies).hasSize(20);
        for (Map.Entry<QueuedMessage, byte[]> e : copies.entrySet()) {
            byte[] exims = exim.exim("-qG" + TestExim.HOLD_QUEUE, "-Mvc", e.getKey().queueId()).orThrow().stdout();
            assertThat(e.getValue()).as("copy of %s as Exim renders it", e.getKey().queueId()).isEqualTo(exims);
            assertThat(new String(e.getValue(), StandardCharsets.UTF_8)).startsWith("Received: from ")
                    .contains("\n.leading dot line\n").contains("\ttab and trailing space \n");
        }
        assertThat(queue.content(held.get(0))).isEqualTo(copies.get(held.get(0)));

        List<QueuedMessage> first = held.subList(0, 10);
        queue.deleteHeld(first);
        queue.deleteHeld(first); // again: gone, no error
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(10);
        assertThat(queue.contents(first)).as("gone messages are missing, not an error").isEmpty();
        // bob's messages were never held: deleting them as held leaves them alone (they were delivered meanwhile anyway)
        queue.deleteHeld(queue.messagesOf(BOB, ALL));

        queue.release(held.subList(10, 20));
        assertThat(Await.within(Duration.ofSeconds(30), () -> sink.count("cheap watches") == 10)).as(() -> exim.mainlog()).isTrue();
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).isEmpty();
        assertThat(queue.messagesOf(ALICE, ALL)).isEmpty();
    }

    @Test
    void mailHeldByTheAclIsReleasedAndDelivered() throws IOException {
        int port = Ports.freePort();
        TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");
        policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        sink = SmtpSink.start();
        exim = TestExim.named("hold").relayTo(sink.port()).policyService(port).user(ALICE.login(), PW).build().start();
        states.put(ALICE, new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-7"));
        List<String> ids = exim.flood(ALICE.login(), PW, "alice@queue.test", 3, 1, i -> "Subject: staged " + i + "\n\nx\n");
        assertThat(ids).hasSize(3);
        EximRelay relay = new EximRelay("relay-1", new LocalCommandRunner(), exim.relayProperties(), Duration.ofSeconds(60));
        EximMailQueue queue = new EximMailQueue(List.of(relay), counters);
        List<QueuedMessage> held = queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD));
        assertThat(held).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(sink.count("Subject: staged")).isZero();

        byte[] first = queue.content(held.get(0));
        queue.release(held);
        assertThat(Await.within(Duration.ofSeconds(30), () -> sink.count("Subject: staged") == 3)).isTrue();
        assertThat(queue.messagesOf(ALICE, ALL)).isEmpty();

        // a message released from quarantine goes back through exim -odi, to its recipients, with its sender
        queue.resubmit("relay-1", "alice@queue.test", List.of("again@remote.test"), first);
        assertThat(Await.within(Duration.ofSeconds(30), () -> sink.count("Subject: staged") == 4)).isTrue();
        assertThat(exim.mainlog()).contains("<= alice@queue.test U=root P=local").contains("=> again@remote.test");
    }

    /**
     * The spool file's rarer parts, written into a real message's {@code -H} file the way Exim writes
     * them: a recipient already delivered (the tree), a header marked deleted ({@code *}), an ACL
     * variable whose value spans lines. The copy still equals {@code exim -Mvc}, and the listing
     * still reads.
     */
    @Test
    void copiesMatchEximForDeliveredRecipientsDeletedHeadersAndMultiLineVariables() throws Exception {
        exim = TestExim.named("spool").user(ALICE.login(), PW).set("queue_only", "true").build().start();
        List<String> ids = exim.flood(ALICE.login(), PW, "alice@queue.test", 1, 1, i -> "Subject: to be deleted\nX-Keep: yes\n\nbody\n");
        assertThat(ids).hasSize(1);
        Path h = exim.spool().resolve("input/" + ids.get(0) + "-H");
        String text = Files.readString(h, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("\nXX\n2\n");
        String doctored = text.replace("\nXX\n2\n", "\nNN victim0@other.test\n2\n")
                .replace("\n-body_linecount", "\n-aclm _rwtest 5\na\nb\nc\n-body_linecount")
                .replaceFirst("\n(\\d{3,}) ( Subject: to be deleted)", "\n$1*$2");
        assertThat(doctored).contains("* Subject: to be deleted");
        Files.writeString(h, doctored, StandardCharsets.ISO_8859_1);

        EximMailQueue queue = queueOf(exim);
        List<QueuedMessage> listed = queue.messagesOf(ALICE, ALL);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).recipients()).containsExactly("victim0@remote.test");
        byte[] copy = queue.content(listed.get(0));
        assertThat(copy).isEqualTo(exim.exim("-Mvc", ids.get(0)).orThrow().stdout());
        assertThat(new String(copy, StandardCharsets.US_ASCII)).doesNotContain("to be deleted").contains("X-Keep: yes\n\nbody\n");
    }
}
