package org.relaywarden.enforcement.qmail;

import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.SmtpTestClient.Reply;
import org.relaywarden.enforcement.qmail.support.QmailLab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The immediate layer (the queue front asking the policy service) and the durable layer
 * (vpopmail's NO_SMTP flag) against the real qmail + vpopmail relay: an already authenticated
 * session, a new session, another account, POP3, hold and release, Relaywarden stopped, counting.
 */
class PolicyAndVpopmailOnQmailTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final Account NACHBAR = Account.parse(QmailLab.NACHBAR);
    static QmailAdapterFixture adapter;
    static QmailLab lab;

    @BeforeAll
    static void start() {
        adapter = new QmailAdapterFixture();
        lab = adapter.lab;
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterEach
    void everyoneActive() {
        adapter.control.restore(KUNDE);
        adapter.control.restore(NACHBAR);
        lab.vmoduser("-x", KUNDE.login());
        lab.vmoduser("-x", NACHBAR.login());
    }

    static String message(String marker) {
        return "From: someone@example.test\nTo: x@remote.test\nSubject: " + marker + "\n\nbody " + marker + "\n";
    }

    static SmtpTestClient kunde() {
        return SmtpTestClient.connect(QmailLab.SMTP_PORT, QmailLab.KUNDE, QmailLab.KUNDE_PW);
    }

    static SmtpTestClient nachbar() {
        return SmtpTestClient.connect(QmailLab.SMTP_PORT, QmailLab.NACHBAR, QmailLab.NACHBAR_PW);
    }

    /** A new session's AUTH PLAIN reply code (235 accepted, 535 refused). */
    static int authCode(String login, String password) {
        return SmtpTestClient.authCode(QmailLab.SMTP_PORT, login, password);
    }

    @Test
    void suspendRefusesTheNextMessageOfAnAuthenticatedSessionTemporarilyAndNewLoginsWhileOthersRelayAndPopWorks() {
        Instant started = Instant.now().minusSeconds(2); // tai64n labels are seconds + nanoseconds; the clocks are the same
        try (SmtpTestClient kunde = kunde(); SmtpTestClient nachbar = nachbar()) {
            assertThat(kunde.send(QmailLab.KUNDE, message("before-suspend"), "r1@remote.test").code()).isEqualTo(250);

            adapter.control.suspend(KUNDE, "relaying suspended, case RW-7");

            Reply refused = kunde.send(QmailLab.KUNDE, message("after-suspend-same-session"), "r2@remote.test");
            assertThat(refused.code()).as("the session authenticated before the suspension").isEqualTo(451);
            assertThat(refused.text()).contains("4.7.1").contains("case RW-7");
            assertThat(nachbar.send(QmailLab.NACHBAR, message("nachbar-relays"), "r3@remote.test").code()).isEqualTo(250);
        }
        assertThat(authCode(QmailLab.KUNDE, QmailLab.KUNDE_PW)).as("a new session's AUTH: NO_SMTP").isEqualTo(535);
        assertThat(lab.flagsOf(KUNDE.login()) & VpopmailFlags.NO_SMTP).isNotZero();
        assertThat(lab.popLoginWorks(QmailLab.KUNDE, QmailLab.KUNDE_PW)).as("POP3 keeps working").isTrue();
        assertThat(authCode(QmailLab.NACHBAR, QmailLab.NACHBAR_PW)).isEqualTo(235);
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("nachbar-relays") == 1)).isTrue();
        assertThat(lab.sinkCount("before-suspend")).isEqualTo(1);
        assertThat(lab.sinkCount("after-suspend-same-session")).isZero();

        adapter.control.restore(KUNDE);
        assertThat(lab.flagsOf(KUNDE.login())).isZero();
        try (SmtpTestClient kunde = kunde()) {
            assertThat(kunde.send(QmailLab.KUNDE, message("after-restore"), "r1@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("after-restore") == 1)).isTrue();

        List<MailLog.LogLine> evidence = adapter.log.excerpts(KUNDE, started, 100);
        assertThat(evidence).as("qmail-smtpd's own lines, tai64n times").hasSize(3)
                .allSatisfy(l -> assertThat(l.time()).isBetween(started, Instant.now().plusSeconds(1)))
                .anySatisfy(l -> assertThat(l.text()).contains("result=rejected").contains("code=451").contains("case_RW-7")
                        .contains("authuser=kunde@example.test"))
                .anySatisfy(l -> assertThat(l.text()).contains("result=accepted"));
        assertThat(evidence).extracting(MailLog.LogLine::clientAddress).contains("127.0.0.1");
    }

    @Test
    void restoreClearsOnlyTheFlagRelaywardenSetAndKeepsTheProvidersOwn() {
        lab.vmoduser("-w", KUNDE.login()); // the provider: no webmail for this account
        adapter.control.suspend(KUNDE, "case RW-10");
        assertThat(lab.flagsOf(KUNDE.login())).isEqualTo(0x04 | VpopmailFlags.NO_SMTP);
        adapter.control.restore(KUNDE);
        assertThat(lab.flagsOf(KUNDE.login())).as("NO_WEBMAIL kept, NO_SMTP cleared").isEqualTo(0x04);

        lab.vmoduser("-s", NACHBAR.login()); // the provider had blocked SMTP for this one already
        adapter.control.suspend(NACHBAR, "case RW-11");
        adapter.control.restore(NACHBAR);
        assertThat(lab.flagsOf(NACHBAR.login()) & VpopmailFlags.NO_SMTP).as("the provider's own NO_SMTP stays").isNotZero();
        assertThat(adapter.flags.setByRelaywarden("relay-1")).isEmpty();
    }

    @Test
    void whileRelaywardenIsStoppedTheFlagAndTheStatesFileStillRefuseAndHoldAndOthersRelayFailingOpen() {
        try (SmtpTestClient openBefore = kunde()) {
            adapter.control.suspend(KUNDE, "relaying suspended, case RW-9");
            adapter.control.hold(NACHBAR, "staged re-enable, case RW-12");
            adapter.stopPolicy();
            try {
                assertThat(authCode(QmailLab.KUNDE, QmailLab.KUNDE_PW)).as("NO_SMTP").isEqualTo(535);
                Reply refused = openBefore.send(QmailLab.KUNDE, message("open-session-while-down"), "r1@remote.test");
                assertThat(refused.code()).as("the states file, in a session authenticated before").isEqualTo(451);
                assertThat(refused.text()).contains("case RW-9");
                try (SmtpTestClient nachbar = nachbar()) {
                    assertThat(nachbar.send(QmailLab.NACHBAR, message("held-while-down"), "r1@remote.test").code()).isEqualTo(250);
                }
                assertThat(adapter.queue.messagesOf(NACHBAR, EnumSet.of(QueueName.HOLD))).hasSize(1);

                adapter.control.restore(NACHBAR); // the states file is rewritten even while the policy service is down
                long t0 = System.nanoTime();
                try (SmtpTestClient nachbar = nachbar()) {
                    assertThat(nachbar.send(QmailLab.NACHBAR, message("nachbar-while-down"), "r1@remote.test").code()).isEqualTo(250);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("fail open within the front's timeout")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("nachbar-while-down") == 1)).isTrue();
                assertThat(lab.sinkCount("held-while-down")).isZero();
                assertThat(lab.sinkCount("open-session-while-down")).isZero();
            } finally {
                adapter.startPolicy();
            }
        }
        adapter.queue.deleteHeld(adapter.queue.messagesOf(NACHBAR, EnumSet.of(QueueName.HOLD)));
    }

    /**
     * A policy endpoint that takes the connection and closes it without an answer (a node going down, a balancer
     * with no node behind it) is trouble like no connection at all: the states file decides, not DUNNO. Before, the
     * front took the empty answer for DUNNO and let a suspended account's open session relay.
     */
    @Test
    void aPolicyEndpointThatClosesWithoutAnAnswerLeavesItToTheStatesFile() throws Exception {
        try (SmtpTestClient openBefore = kunde()) {
            adapter.control.suspend(KUNDE, "relaying suspended, case RW-11");
            adapter.stopPolicy();
            AtomicInteger closed = new AtomicInteger();
            try (ServerSocket mute = new ServerSocket()) {
                mute.setReuseAddress(true);
                mute.bind(new InetSocketAddress("127.0.0.1", QmailLab.POLICY_PORT));
                Thread closer = new Thread(() -> {
                    while (!mute.isClosed()) {
                        try (Socket s = mute.accept()) {
                            closed.incrementAndGet();
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                closer.setDaemon(true);
                closer.start();
                Reply refused = openBefore.send(QmailLab.KUNDE, message("open-session-mute-policy"), "r1@remote.test");
                assertThat(closed.get()).as("the front asked the mute endpoint").isPositive();
                assertThat(refused.code()).as("the states file, not DUNNO").isEqualTo(451);
                assertThat(refused.text()).contains("case RW-11");
                mute.close();
                closer.join(5000);
            } finally {
                adapter.startPolicy();
            }
        }
        assertThat(lab.sinkCount("open-session-mute-policy")).isZero();
    }

    /**
     * A flood fills qmail-smtpd's log and multilog rotates it: the case's evidence still has the lines that are now in
     * a rotated file ({@code @<tai64n>.s} beside {@code current}), earliest first. Seen in a full run: the first line
     * of a case was gone from {@code current} a second after it was written.
     */
    @Test
    void evidenceReadsTheLinesMultilogRotatedOutOfCurrent() {
        Instant started = Instant.now().minusSeconds(2);
        try (SmtpTestClient nachbar = nachbar()) {
            assertThat(nachbar.send(QmailLab.NACHBAR, message("before-rotation"), "rot-before@remote.test").code()).isEqualTo(250);
        }
        // the newest rotated file's name (a tai64n label: names sort by time); multilog keeps only the newest ten
        Supplier<String> newestRotated = () -> {
            try (var files = Files.list(lab.smtpdLog().getParent())) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("@")).max(String::compareTo).orElse("");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        String before = newestRotated.get();
        // multilog rotates current on ALRM (svc -a on the log service), as it does when the file reaches its size
        QmailLab.sh(Duration.ofSeconds(10), "svc -a " + QmailLab.BASE.resolve("service/qmail-smtpd/log"));
        assertThat(Await.within(Duration.ofSeconds(10), () -> newestRotated.get().compareTo(before) > 0)).as("multilog rotated").isTrue();
        try (SmtpTestClient nachbar = nachbar()) {
            assertThat(nachbar.send(QmailLab.NACHBAR, message("after-rotation"), "rot-after@remote.test").code()).isEqualTo(250);
        }
        // other tests of this class sent mail as nachbar a moment before: this test's lines are told by their recipients
        Supplier<List<String>> mine = () -> adapter.log.excerpts(NACHBAR, started, 100).stream()
                .map(MailLog.LogLine::text).filter(t -> t.contains("rcptto=rot-")).toList();
        assertThat(Await.within(Duration.ofSeconds(10), () -> mine.get().size() == 2))
                .as("both lines, one of them rotated out of current: " + mine.get()).isTrue();
        assertThat(mine.get().get(0)).contains("rcptto=rot-before@remote.test");
        assertThat(mine.get().get(1)).contains("rcptto=rot-after@remote.test");
        List<MailLog.LogLine> all = adapter.log.excerpts(NACHBAR, started, 100);
        assertThat(adapter.log.excerpts(NACHBAR, started, 1)).as("the limit keeps the earliest").containsExactly(all.get(0));
    }

    /**
     * The burst watch's refusal at once: the held account's open session is refused at its next message before any
     * durable layer is written (vpopmail's flag and the states file follow with the process's suspension); it never
     * overwrites a state the process changed meanwhile.
     */
    @Test
    void suspendIfRefusesTheNextMessageAtOnceAndLeavesTheDurableLayerToTheProcesssSuspension() throws Exception {
        Path statesFile = QmailLab.HOLD.resolveSibling("states");
        adapter.control.hold(KUNDE, "staged re-enable, case RW-9");
        String heldStates = Files.readString(statesFile);
        try (SmtpTestClient kunde = kunde()) {
            assertThat(kunde.send(QmailLab.KUNDE, message("held-before-burst"), "r1@remote.test").code()).isEqualTo(250);

            assertThat(adapter.control.suspendIf(KUNDE, RelayState.PROBATION, "relaying suspended after a burst, case RW-9"))
                    .as("not on probation: nothing changed").isFalse();
            assertThat(adapter.control.stateOf(KUNDE)).isEqualTo(RelayState.HELD);
            assertThat(adapter.control.suspendIf(KUNDE, RelayState.HELD, "relaying suspended after a burst, case RW-9")).isTrue();

            Reply refused = kunde.send(QmailLab.KUNDE, message("after-burst-same-session"), "r2@remote.test");
            assertThat(refused.code()).as("the policy service refuses at once").isEqualTo(451);
            assertThat(refused.text()).contains("after a burst, case RW-9");
            assertThat(lab.flagsOf(KUNDE.login()) & VpopmailFlags.NO_SMTP).as("the flag waits for the process").isZero();
            assertThat(Files.readString(statesFile)).as("so does the states file").isEqualTo(heldStates);
            assertThat(adapter.control.suspendIf(KUNDE, RelayState.HELD, "relaying suspended after a burst, case RW-9"))
                    .as("suspended with this reason already").isTrue();
        }
        adapter.control.suspend(KUNDE, "relaying suspended, case RW-9");
        assertThat(lab.flagsOf(KUNDE.login()) & VpopmailFlags.NO_SMTP).as("the process's suspension writes the flag").isNotZero();
        assertThat(Files.readString(statesFile)).contains(KUNDE.login() + "\t").contains("case RW-9");
        assertThat(adapter.control.suspendIf(KUNDE, RelayState.HELD, "relaying suspended after a burst, case RW-9"))
                .as("suspended by the process: not this burst's, left as it is").isFalse();
        assertThat(authCode(QmailLab.KUNDE, QmailLab.KUNDE_PW)).isEqualTo(535);
        assertThat(lab.sinkCount("after-burst-same-session")).isZero();
        adapter.queue.deleteHeld(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD)));
    }

    @Test
    void holdAcceptsIntoTheHoldFolderWithoutDeliveringAndReleaseDeliversOnce() {
        adapter.control.hold(KUNDE, "staged re-enable, case RW-8");
        try (SmtpTestClient kunde = kunde()) {
            assertThat(kunde.send(QmailLab.KUNDE, message("held-1"), "r1@remote.test", "r2@remote.test").code()).isEqualTo(250);
        }
        List<QueuedMessage> held = adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD));
        assertThat(held).singleElement().satisfies(m -> {
            assertThat(m.recipients()).containsExactly("r1@remote.test", "r2@remote.test");
            assertThat(m.account()).isEqualTo(KUNDE);
        });
        assertThat(new String(adapter.queue.content(held.get(0)), StandardCharsets.UTF_8)).contains("Subject: held-1");
        adapter.control.restore(KUNDE);
        try (SmtpTestClient kunde = kunde()) {
            assertThat(kunde.send(QmailLab.KUNDE, message("after-hold-restore"), "r1@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("after-hold-restore") == 1)).isTrue();
        assertThat(lab.sinkCount("held-1")).as("held mail is not delivered").isZero();

        adapter.queue.release(held);
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).isEmpty();
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("held-1") == 2)).as("one message, two recipients").isTrue();
        adapter.queue.release(held);
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(10))).isTrue();
        assertThat(lab.sinkCount("held-1")).as("released once").isEqualTo(2);
    }

    @Test
    void aMessageCountsOnceWithAllItsRecipients() {
        long messages = adapter.counters.messagesInLimitWindow(NACHBAR);
        long recipients = adapter.counters.recipientsInLimitWindow(NACHBAR);
        try (SmtpTestClient nachbar = nachbar()) {
            assertThat(nachbar.send(QmailLab.NACHBAR, message("three-rcpts"), "a@remote.test", "b@remote.test", "c@remote.test")
                    .code()).isEqualTo(250);
        }
        assertThat(adapter.counters.messagesInLimitWindow(NACHBAR)).isEqualTo(messages + 1);
        assertThat(adapter.counters.recipientsInLimitWindow(NACHBAR)).isEqualTo(recipients + 3);
        assertThat(adapter.states.stateOf(NACHBAR)).isEqualTo(RelayState.ACTIVE);
    }
}
