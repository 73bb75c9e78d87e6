package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.exim.support.DocumentedEximAcl.PolicyClient;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyRequest;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACL blocks of {@code docs/exim.md} in a real Exim 4.96, asking a real policy service through
 * the doc's Perl client (one kept connection per Exim process; {@link PolicyAclOverReadsocketOnEximTest}
 * runs the same over {@code ${readsocket}}): a refusal reaches the next RCPT of a session that is
 * already open (451 and 554), another account relays on, every message counts once, and with
 * Relaywarden down, restarted or silent the mail flows on (fail open) while the suspended-logins
 * file still refuses.
 */
class PolicyAclOnEximTest {

    /** How the ACL asks: the doc's Perl client here. */
    PolicyClient client() {
        return PolicyClient.PERL;
    }

    static final Account ALICE = Account.parse("alice@acl.test");
    static final Account BOB = Account.parse("bob@acl.test");
    static final String PW = "pw-acl";

    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");
    TestExim exim;
    PolicyServer policy;
    SmtpSink sink;

    @AfterEach
    void stop() {
        TestPostfix.closeAll(null, exim, policy, sink);
    }

    void start(RefusalCode refusal) throws IOException {
        int port = Ports.freePort();
        policy = new PolicyServer(new PolicyDecider(states, counters, () -> refusal, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        sink = SmtpSink.start();
        exim = TestExim.named("acl").relayTo(sink.port()).policyService(port, client()).user(ALICE.login(), PW).user(BOB.login(), PW)
                .build().start();
    }

    @ParameterizedTest
    @EnumSource(RefusalCode.class)
    void aSuspensionReachesTheNextRcptOfAnOpenSession(RefusalCode refusal) throws IOException {
        start(refusal);
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@acl.test", "Subject: before\n\nfine\n", "x@remote.test").code()).isEqualTo(250);
            states.put(ALICE, new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-1"));
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            SmtpTestClient.Reply refused = alice.rcptTo("y@remote.test");
            assertThat(refused.code()).isEqualTo(refusal == RefusalCode.TEMPORARY ? 451 : 554);
            assertThat(refused.text()).contains(refusal.reply().substring(4)).contains("case RW-1");
            // the message's next RCPT gets its first RCPT's answer without a question
            int asked = policy.served();
            assertThat(alice.rcptTo("y1@remote.test").code()).isEqualTo(refused.code());
            assertThat(policy.served()).isEqualTo(asked);
            alice.command("RSET");
            // bob, at the same time, relays on
            try (SmtpTestClient bob = SmtpTestClient.connect(exim.smtpPort(), BOB.login(), PW)) {
                assertThat(bob.send("bob@acl.test", "Subject: bob\n\nfine\n", "z@remote.test").code()).isEqualTo(250);
            }
            // and alice is refused again on her next try in the same session
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            assertThat(alice.rcptTo("y2@remote.test").code()).isEqualTo(refused.code());
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.messages().size() >= 2)).isTrue();
        assertThat(sink.count("Subject: before")).isEqualTo(1);
        assertThat(sink.count("Subject: bob")).isEqualTo(1);
        assertThat(sink.messages()).hasSize(2);
        assertThat(exim.mainlog()).contains("rejected RCPT <y@remote.test>: " + refusal.reply() + " relaying suspended, case RW-1");
    }

    @Test
    void everyMessageAndRecipientCountsOnceAndItsEximIdIsKnown() throws IOException {
        start(RefusalCode.TEMPORARY);
        Instant since = Instant.now();
        String lastId;
        try (SmtpTestClient c = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("alice@acl.test", "Subject: m" + i + "\n\nbody\n", "a" + i + "@remote.test",
                        "b" + i + "@remote.test").code()).as("message %d", i).isEqualTo(250);
            }
            // a fourth message, refused as a whole at end of data: suspended after its RCPTs
            assertThat(c.mailFrom("alice@acl.test").code()).isEqualTo(250);
            for (String r : new String[]{"c1@remote.test", "c2@remote.test", "c3@remote.test"}) {
                assertThat(c.rcptTo(r).code()).isEqualTo(250);
            }
            states.put(ALICE, new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-2"));
            SmtpTestClient.Reply endOfData = c.data("Subject: m3\n\nbody\n");
            assertThat(endOfData.code()).isEqualTo(451);
            assertThat(endOfData.text()).contains("case RW-2");
            states.put(ALICE, new AccountStates.Entry(RelayState.ACTIVE, ""));
        }
        try (SmtpTestClient c = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            SmtpTestClient.Reply r = c.send("alice@acl.test", "Subject: m4\n\nbody\n", "d1@remote.test", "d2@remote.test",
                    "d3@remote.test", "d4@remote.test");
            assertThat(r.code()).isEqualTo(250);
            lastId = r.text().replaceAll(".*id=(\\S+).*", "$1");
        }
        var seen = counters.activitySince(since).get(ALICE);
        assertThat(seen.messages()).isEqualTo(5);
        // the fourth message: its first RCPT counted it with one recipient; its other two would have been counted at its
        // end of data, which refused it (the ACL asks at the first RCPT and at the end of data only)
        assertThat(seen.recipients()).isEqualTo(3 * 2 + 1 + 4);
        assertThat(counters.policyLines(ALICE, since, 100)).hasSize(5);
        assertThat(counters.policyLines(ALICE, since, 100).get(4).recipientCount()).isEqualTo(4);
        // the end-of-data request named Exim's message id: the queue knows whose message it is
        assertThat(lastId).matches("[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}");
        assertThat(counters.accountOfQueueId(lastId)).contains(ALICE);
    }

    @Test
    void heldBetweenItsRcptsAndItsEndOfDataAMessageIsAcceptedFrozenAndTheNextGoesToTheHoldQueue() throws Exception {
        start(RefusalCode.TEMPORARY);
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            assertThat(alice.rcptTo("x@remote.test").code()).isEqualTo(250);
            states.put(ALICE, new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-6"));
            SmtpTestClient.Reply r = alice.data("Subject: late hold\n\nx\n");
            assertThat(r.code()).as("the queue can be chosen only at RCPT: accepted frozen, not refused").isEqualTo(250);
            assertThat(alice.send("alice@acl.test", "Subject: late hold\n\nx\n", "x@remote.test").code()).isEqualTo(250);
        }
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(1);
        List<String> frozen = exim.queued("");
        assertThat(frozen).hasSize(1);
        assertThat(Files.readString(exim.spool().resolve("input/" + frozen.get(0) + "-H"))).contains("\n-frozen ");
        assertThat(exim.mainlog()).contains("relaywarden: held at the end of data, frozen: staged re-enable, case RW-6");
        Thread.sleep(2000); // a frozen message delivered anyway would reach the sink within this
        assertThat(sink.count("late hold")).isZero();
    }

    @Test
    void withRelaywardenDownMailFlowsAndTheFileStillRefuses() throws IOException {
        start(RefusalCode.TEMPORARY);
        exim.writeSuspended("# written by Relaywarden\n" + ALICE.login() + ": 451 4.7.1 relaying suspended, case RW-3\n");
        policy.close();
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            SmtpTestClient.Reply r = alice.rcptTo("x@remote.test");
            assertThat(r.code()).isEqualTo(451);
            assertThat(r.text()).contains("4.7.1 relaying suspended, case RW-3");
        }
        try (SmtpTestClient bob = SmtpTestClient.connect(exim.smtpPort(), BOB.login(), PW)) {
            assertThat(bob.send("bob@acl.test", "Subject: while down\n\nfine\n", "z@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: while down") == 1)).isTrue();
    }

    @Test
    void aChangedFileCountsForTheNextSessionWithoutAReload() throws IOException {
        start(RefusalCode.TEMPORARY);
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@acl.test", "Subject: one\n\nfine\n", "x@remote.test").code()).isEqualTo(250);
        }
        exim.writeSuspended(ALICE.login() + ": 554 5.7.1 relaying suspended, case RW-4\n");
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            assertThat(alice.rcptTo("x@remote.test").code()).isEqualTo(554);
        }
        exim.writeSuspended("");
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@acl.test", "Subject: two\n\nfine\n", "x@remote.test").code()).isEqualTo(250);
        }
    }

    @Test
    void aHeldAccountsMailIsAcceptedIntoTheHoldQueueAndNotDelivered() throws IOException {
        start(RefusalCode.TEMPORARY);
        states.put(ALICE, new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-5"));
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(alice.send("alice@acl.test", "Subject: held" + i + "\n\nx\n", "x@remote.test").code()).isEqualTo(250);
            }
        }
        try (SmtpTestClient bob = SmtpTestClient.connect(exim.smtpPort(), BOB.login(), PW)) {
            assertThat(bob.send("bob@acl.test", "Subject: bob\n\nfine\n", "z@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: bob") == 1)).isTrue();
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(3);
        exim.flush();
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(3);
        assertThat(sink.count("Subject: held")).isZero();
        assertThat(exim.mainlog()).contains("Q=relaywarden_hold");
    }

    /**
     * Three messages of two recipients in one SMTP session: six questions (the first RCPT and the end of data of each;
     * the second RCPT gets the first one's answer); the Perl client asks them all over one connection, readsocket opens
     * one per question.
     */
    @Test
    void oneSessionsQuestionsGoOverOneConnectionWithPerl() throws IOException {
        start(RefusalCode.TEMPORARY);
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(alice.send("alice@acl.test", "Subject: kept" + i + "\n\nx\n", "a" + i + "@remote.test",
                        "b" + i + "@remote.test").code()).isEqualTo(250);
            }
        }
        assertThat(policy.served()).isEqualTo(6);
        assertThat(policy.accepted()).isEqualTo(client() == PolicyClient.PERL ? 1 : 6);
    }

    /**
     * The policy service restarts while a session is open (its kept connection is gone): the next RCPT of that
     * session is asked again over a new connection and answered by the restarted service.
     */
    @Test
    void aRestartedPolicyServiceAnswersTheNextRcptOfAnOpenSession() throws IOException {
        start(RefusalCode.TEMPORARY);
        int port = policy.port();
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@acl.test", "Subject: before restart\n\nx\n", "x@remote.test").code()).isEqualTo(250);
            policy.close();
            policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()),
                    new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
            policy.start();
            states.put(ALICE, new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-7"));
            assertThat(alice.mailFrom("alice@acl.test").code()).isEqualTo(250);
            SmtpTestClient.Reply r = alice.rcptTo("y@remote.test");
            assertThat(r.code()).isEqualTo(451);
            assertThat(r.text()).contains("case RW-7");
        }
        assertThat(policy.served()).isEqualTo(1);
    }

    /** A policy service that takes connections but never answers: each question is DUNNO after 2 s, the mail goes. */
    @Test
    void aPolicyServiceThatNeverAnswersCostsTwoSecondsPerQuestionAndTheMailGoes() throws Exception {
        sink = SmtpSink.start();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            exim = TestExim.named("silent").relayTo(sink.port()).policyService(silent.getLocalPort(), client())
                    .user(ALICE.login(), PW).build().start();
            try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
                long t0 = System.nanoTime();
                assertThat(alice.send("alice@acl.test", "Subject: unanswered\n\nx\n", "x@remote.test").code()).isEqualTo(250);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                // two questions (RCPT, end of data), each given up after its 2 s; generous bounds for a loaded machine
                assertThat(ms).isBetween(3_500L, 25_000L);
            }
            assertThat(held).isNotEmpty();
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: unanswered") == 1)).isTrue();
    }

    /**
     * What the ACL sends, as the policy service parsed it: exactly the documented attributes,
     * one request at the first RCPT and one at the end of data, and a client's hostile values (a quoted local part with a space, an
     * equals sign and a quote) flattened to one printable token.
     */
    @Test
    void theRequestsCarryTheDocumentedAttributesAndHostileValuesStayOneToken() throws IOException {
        List<PolicyRequest> seen = new CopyOnWriteArrayList<>();
        int port = Ports.freePort();
        policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()) {
            @Override
            public String decide(PolicyRequest r) {
                seen.add(r);
                return super.decide(r);
            }
        }, new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        sink = SmtpSink.start();
        exim = TestExim.named("hostile").relayTo(sink.port()).policyService(port, client()).user(ALICE.login(), PW).build().start();
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.command("MAIL FROM:<\"a b=c\\\"d\"@acl.test>").code()).isEqualTo(250);
            assertThat(alice.command("RCPT TO:<\"x y\"@remote.test>").code()).isEqualTo(250);
            assertThat(alice.rcptTo("plain@remote.test").code()).isEqualTo(250);
            assertThat(alice.rcptTo("third@Other.TEST").code()).isEqualTo(250);
            assertThat(alice.data("Subject: hostile\n\nx\n").code()).isEqualTo(250);
        }
        // the first RCPT and the end of data: the second RCPT is not asked
        assertThat(seen).hasSize(2);
        var rcpt = seen.get(0);
        assertThat(rcpt.attributes().keySet()).containsExactlyInAnyOrder("request", "protocol_state", "sasl_username",
                "sasl_method", "client_address", "sender", "recipient", "recipient_count", "instance");
        assertThat(rcpt.protocolState()).isEqualTo("RCPT");
        assertThat(rcpt.saslUsername()).isEqualTo(ALICE.login());
        assertThat(rcpt.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(rcpt.sender()).doesNotContain(" ").contains("@acl.test").startsWith("\"a?b=c");
        assertThat(rcpt.recipient()).isEqualTo("x?y@remote.test"); // $local_part comes unquoted
        var eom = seen.get(1);
        assertThat(eom.attributes().keySet()).containsExactlyInAnyOrder("request", "protocol_state", "sasl_username",
                "sasl_method", "client_address", "sender", "recipient_count", "queue_id", "size", "recipient_domains",
                "instance");
        assertThat(eom.protocolState()).isEqualTo("END-OF-MESSAGE");
        assertThat(eom.recipientCount()).isEqualTo(3);
        // the recipients' distinct domains, lower-cased
        assertThat(eom.get("recipient_domains")).isEqualTo("remote.test,other.test");
        assertThat(eom.instance()).isEqualTo(rcpt.instance());
        assertThat(eom.queueId()).matches("[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}");
        assertThat(Long.parseLong(eom.get("size"))).isPositive();
    }
}
