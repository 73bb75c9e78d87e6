package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Await;
import org.assertj.core.api.Assertions;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.SmtpTestClient.Reply;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The immediate layer (policy service) and the durable layer (access map) against a real
 * Postfix: open sessions, both refusal codes, hold and restore, Relaywarden stopped.
 */
class PolicyAndAccessMapOnPostfixTest {

    static final Account ALICE = Account.parse("alice@example.test");
    static final Account BOB = Account.parse("bob@example.test");
    static final String PW = "secret-pw";

    static PostfixAdapterFixture adapter;
    static SmtpSink sink;
    static TestPostfix postfix;

    @BeforeAll
    static void startPostfix() {
        adapter = new PostfixAdapterFixture();
        sink = SmtpSink.start();
        postfix = TestPostfix.named("provider").relayhost(sink.relayhost()).policyService(adapter.policyPort)
                .user(ALICE.login(), PW).user(BOB.login(), PW).build().start();
        adapter.attach(postfix);
    }

    @AfterAll
    static void stopPostfix() {
        if (postfix != null) {
            postfix.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterEach
    void everyoneActive() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.restore(ALICE);
        control.restore(BOB);
    }

    static String message(String marker) {
        return "From: someone@example.test\nTo: x@remote.test\nSubject: " + marker + "\n\nbody " + marker + "\n";
    }

    @Test
    void suspendRefusesTheNextRcptOfAnOpenSessionTemporarilyWhileOthersRelay() {
        suspendRefusesNextRcptOfOpenSession(RefusalCode.TEMPORARY, 451, "4.7.1");
    }

    @Test
    void suspendCanRefusePermanently() {
        suspendRefusesNextRcptOfOpenSession(RefusalCode.PERMANENT, 554, "5.7.1");
    }

    private void suspendRefusesNextRcptOfOpenSession(RefusalCode code, int expected, String enhanced) {
        PolicyRelayControl control = adapter.control(code);
        try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW);
             SmtpTestClient bob = SmtpTestClient.connect(postfix.smtpPort(), BOB.login(), PW)) {
            assertThat(alice.send("a@example.test", message("before-" + code), "r1@remote.test").code()).isEqualTo(250);

            control.suspend(ALICE, "relaying suspended, case RW-7");

            assertThat(alice.mailFrom("a@example.test").code()).isEqualTo(250);
            Reply refused = alice.rcptTo("r2@remote.test");
            assertThat(refused.code()).isEqualTo(expected);
            assertThat(refused.text()).contains(enhanced).contains("case RW-7");
            alice.command("RSET");
            assertThat(bob.send("b@example.test", message("bob-" + code), "r3@remote.test").code()).isEqualTo(250);
        }
        assertThat(control.stateOf(ALICE)).isEqualTo(RelayState.SUSPENDED);
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("bob-" + code) == 1)).isTrue();
        assertThat(sink.count("before-" + code)).isEqualTo(1);
        assertThat(postfix.accessMap()).content().contains("alice@example.test " + code.reply() + " relaying suspended, case RW-7");
    }

    @Test
    void holdAcceptsIntoTheHoldQueueAndRestoreRelaysAgain() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
            control.hold(ALICE, "staged re-enable, case RW-8");
            Reply held = alice.send("a@example.test", message("held-1"), "r1@remote.test", "r2@remote.test");
            assertThat(held.code()).isEqualTo(250);
            String queueId = held.text().substring(held.text().lastIndexOf(' ') + 1);
            assertThat(adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD)))
                    .singleElement().satisfies(m -> {
                        assertThat(m.queueId()).isEqualTo(queueId);
                        assertThat(m.recipients()).containsExactly("r1@remote.test", "r2@remote.test");
                    });
            assertThat(adapter.counters.accountOfQueueId(queueId)).contains(ALICE);

            control.restore(ALICE);
            assertThat(alice.send("a@example.test", message("after-restore"), "r1@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("after-restore") == 1)).isTrue();
        assertThat(sink.count("held-1")).isZero();
        assertThat(postfix.queueCounts()).containsEntry("hold", 1);

        adapter.queue.release(adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD)));
        assertThat(adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD))).isEmpty();
        assertThat(Await.within(Duration.ofSeconds(10), () -> sink.count("held-1") == 1))
                .as("released mail goes out at once, not at the next queue run").isTrue();
    }

    @Test
    void whileRelaywardenIsStoppedTheMapStillRefusesAndOthersRelay() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.suspend(ALICE, "relaying suspended, case RW-9");
        adapter.stopPolicy();
        try {
            try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
                assertThat(alice.mailFrom("a@example.test").code()).isEqualTo(250);
                Reply refused = alice.rcptTo("r1@remote.test");
                assertThat(refused.code()).isEqualTo(451);
                assertThat(refused.text()).contains("case RW-9");
            }
            try (SmtpTestClient bob = SmtpTestClient.connect(postfix.smtpPort(), BOB.login(), PW)) {
                assertThat(bob.send("b@example.test", message("bob-while-down"), "r1@remote.test").code()).isEqualTo(250);
            }
            assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("bob-while-down") == 1)).isTrue();
        } finally {
            adapter.startPolicy();
        }
    }

    @Test
    void stateSurvivesARestartOfRelaywarden() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.suspend(BOB, "relaying suspended, case RW-10");
        control.hold(ALICE, "staged re-enable, case RW-11");

        AccountStates fresh = new AccountStates();
        PolicyRelayControl restarted = new PolicyRelayControl(fresh, adapter.repository,
                new PostfixAccessMaps(List.of(adapter.relay)), () -> RefusalCode.TEMPORARY, Clock.systemUTC());
        restarted.reload();

        assertThat(restarted.nonActiveAccounts()).isEqualTo(Map.of(BOB, RelayState.SUSPENDED, ALICE, RelayState.HELD));
        assertThat(fresh.get(BOB).reason()).isEqualTo("relaying suspended, case RW-10");
    }

    @Test
    void countsMessagesRecipientsAndClientsPerAccount() {
        Account carol = Account.parse("carol@example.test");
        postfix.addUser(carol.login(), PW);
        try (SmtpTestClient c = SmtpTestClient.connect(postfix.smtpPort(), carol.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("c@example.test", message("carol-" + i), "x" + i + "@remote.test", "y" + i + "@remote.test")
                        .code()).isEqualTo(250);
            }
        }
        var window = adapter.counters.window(carol, Duration.ofMinutes(5));
        assertThat(window.messages()).isEqualTo(3);
        assertThat(window.recipients()).isEqualTo(6);
        assertThat(window.distinctClients()).isEqualTo(1);
        assertThat(adapter.counters.submissionsSince(carol, Instant.now().minusSeconds(60)).count()).isEqualTo(3);
    }

    @Test
    void attributesByQueueFileEvenWhenIdsVanishMidBatch() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.hold(ALICE, "staged re-enable, case RW-12");
        List<String> ids = new ArrayList<>();
        try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                Reply r = alice.send("bob@example.test", message("batch-" + i), "r@remote.test");
                ids.add(r.text().substring(r.text().lastIndexOf(' ') + 1));
            }
        }
        // an id that has left the queue sits in the middle of the batch: postcat aborts there
        List<String> batch = List.of(ids.get(0), "4jcZZZZZZZZZZZZ", ids.get(1), ids.get(2));
        Map<String, String> logins = adapter.queue.postcatLogins(adapter.relay, batch);
        assertThat(logins).containsOnlyKeys(ids).containsValue(ALICE.login()).doesNotContainValue("bob@example.test");

        List<QueuedMessage> held = new ArrayList<>(
                adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD)));
        QueuedMessage gone = new QueuedMessage("relay-1",
                "4jcZZZZZZZZZZZZ", QueueName.HOLD, ALICE, "", List.of(), 1, Instant.now());
        held.add(1, gone);
        var contents = adapter.queue.contents(held);
        assertThat(contents).as("the vanished message is skipped, the others are read").hasSize(3).doesNotContainKey(gone);
        contents.forEach((m, bytes) -> assertThat(bytes)
                .isEqualTo(postfix.tool("postcat", "-bh", "-q", m.queueId()).orThrow().stdout()));
        adapter.queue.deleteHeld(adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD)));
        assertThat(adapter.queue.messagesOf(ALICE, EnumSet.allOf(QueueName.class))).isEmpty();
        adapter.queue.deleteHeld(List.of(new QueuedMessage("relay-1", ids.get(0),
                QueueName.HOLD, ALICE, "", List.of(), 0, Instant.now()))); // gone already: not an error
    }

    @Test
    void rawQueueFilesRenderByteForByteAsPostcatPrintsThem() throws Exception {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.hold(ALICE, "staged re-enable, case RW-13");
        List<String> messages = List.of(
                message("plain"),
                "Subject: long line\n\n" + "x".repeat(5000) + "\n" + "y".repeat(2048) + "\n" + "z".repeat(2049) + "\nend\n",
                "Subject: folded\n header continued\nX-Tab:\tvalue\n\n.\n..two dots\n*** MESSAGE CONTENTS hold/x ***\n\n\n",
                "Subject: Gr\u00fc\u00dfe aus K\u00f6ln\nContent-Type: text/plain; charset=utf-8\n\nR\u00e4uber \u20ac 100\n",
                "Subject: no body\n\n");
        List<String> ids = new ArrayList<>();
        try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
            for (String m : messages) {
                Reply r = alice.send("alice@example.test", m, "r@remote.test");
                assertThat(r.code()).isEqualTo(250);
                ids.add(r.text().substring(r.text().lastIndexOf(' ') + 1));
            }
        }
        var held = adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD));
        assertThat(held).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            byte[] postcat = postfix.tool("postcat", "-bh", "-q", id).orThrow().stdout();
            byte[] raw = Files.readAllBytes(postfix.root().resolve("queue/hold/" + id));
            assertThat(QueueFile.message(raw)).as("rendered from the raw queue file " + id).hasValue(postcat);
            long listed = held.stream().filter(h -> h.queueId().equals(id)).findFirst().orElseThrow().size();
            assertThat(QueueFile.rendered(raw)).get().extracting(QueueFile.Rendered::segmentSize).as("the listing's size").isEqualTo(listed);
        }
        var contents = adapter.queue.contents(held);
        assertThat(contents).hasSize(messages.size());
        contents.forEach((m, bytes) -> assertThat(bytes).isEqualTo(postfix.tool("postcat", "-bh", "-q", m.queueId()).orThrow().stdout()));
        assertThat(new String(contents.values().stream().filter(b -> new String(b, StandardCharsets.ISO_8859_1).contains("long line"))
                .findFirst().orElseThrow(), StandardCharsets.ISO_8859_1)).contains("x".repeat(5000) + "\n");
        adapter.queue.deleteHeld(held);
        assertThat(adapter.queue.messagesOf(ALICE, EnumSet.allOf(QueueName.class))).isEmpty();
    }

    @Test
    void aBrokenRelayIsReportedByNameWhileTheOthersAreWritten() {
        PostfixRelay broken = new PostfixRelay("broken-relay", new LocalCommandRunner(),
                Path.of("/nonexistent/postfix"), Path.of("/nonexistent/postfix/map"),
                Duration.ofSeconds(10));
        PolicyRelayControl control = new PolicyRelayControl(adapter.states, adapter.repository,
                new PostfixAccessMaps(List.of(broken, adapter.relay)), () -> RefusalCode.TEMPORARY, Clock.systemUTC());
        Assertions.assertThatThrownBy(() -> control.suspend(BOB, "relaying suspended, case RW-13"))
                .isInstanceOf(MailServerException.class)
                .hasMessageContaining("relay broken-relay").hasMessageNotContaining("relay relay-1");
        assertThat(postfix.accessMap()).content().contains("bob@example.test 451 4.7.1 relaying suspended, case RW-13");
        assertThat(control.stateOf(BOB)).as("in force through the policy service all the same").isEqualTo(RelayState.SUSPENDED);
    }

    @Test
    void evidenceComesFromTheRelaysMailLogOrElseFromThePolicyService() {
        String id;
        try (SmtpTestClient alice = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
            Reply r = alice.send("forged@example.test", message("evidence"), "r@remote.test", "s@remote.test");
            assertThat(r.code()).isEqualTo(250);
            id = r.text().substring(r.text().lastIndexOf(' ') + 1);
        }
        PostfixRelay withLog = new PostfixRelay("relay-1", new LocalCommandRunner(),
                postfix.configDir(), postfix.accessMap(), postfix.root().resolve("maillog"), Duration.ofSeconds(10));
        PostfixMailLog fromLog = new PostfixMailLog(List.of(withLog), adapter.counters);
        Instant since = Instant.now().minusSeconds(120);
        assertThat(Await.within(Duration.ofSeconds(10), () -> fromLog.excerpts(ALICE, since, 100).stream()
                .anyMatch(l -> l.text().contains(id + ": client=") && l.text().contains("sasl_username=alice@example.test")
                        && l.recipientCount() == 2)))
                .as("the relay's own submission line, with the recipient count from the queue manager's line").isTrue();
        assertThat(fromLog.excerpts(ALICE, since, 100)).allSatisfy(l -> {
            assertThat(l.relay()).isEqualTo("relay-1");
            assertThat(l.text()).contains("sasl_username=alice@example.test");
        });
        assertThat(fromLog.excerpts(Account.parse("alice@example.tes"), since, 100)).as("no prefix matches").isEmpty();

        PostfixMailLog withoutLog = new PostfixMailLog(List.of(adapter.relay), adapter.counters);
        assertThat(withoutLog.excerpts(ALICE, since, 100)).isNotEmpty()
                .allSatisfy(l -> assertThat(l.text()).contains("policy: ").contains("sasl_username=alice@example.test"));
    }
}
