package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.policy.RelayHealth;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.enforcement.qmail.support.QmailLab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The queue operations on the real qmail relay: listing in every state (not yet preprocessed while
 * qmail-send is down, queued, held), moving into the hold folder with qmail-send stopped only for
 * the move (and started again after a failure), a crash between copy and delete, release and
 * resubmission into qmail-queue.
 */
class QueueOnQmailTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final Account NACHBAR = Account.parse(QmailLab.NACHBAR);
    static final Set<QueueName> ALL = EnumSet.allOf(QueueName.class);
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
    void deliveryOnAgain() {
        QmailLab.sh(Duration.ofSeconds(30), "svc -u " + lab.sendService());
        assertThat(Await.within(Duration.ofSeconds(10), lab::sendUp)).isTrue();
        lab.remoteConcurrency(20);
        adapter.queue.deleteHeld(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD)));
        adapter.queue.deleteHeld(adapter.queue.messagesOf(NACHBAR, EnumSet.of(QueueName.HOLD)));
    }

    static void send(String login, String password, String marker, int n) {
        try (SmtpTestClient c = SmtpTestClient.connect(QmailLab.SMTP_PORT, login, password)) {
            for (int i = 0; i < n; i++) {
                assertThat(c.send(login, "Subject: " + marker + " " + i + "\n\nbody " + i + "\n", "x" + i + "@remote.test").code())
                        .isEqualTo(250);
            }
        }
    }

    static void pauseRemoteDelivery() {
        lab.remoteConcurrency(0);
    }

    @Test
    void listsNotYetPreprocessedMailWhileTheQueueIsPausedAndHoldsItWithoutLosingAny() {
        QmailLab.sh(Duration.ofSeconds(30), QmailLab.QUEUE_TOOL + " -s " + lab.sendService() + " pause");
        assertThat(lab.sendUp()).isFalse();
        send(QmailLab.KUNDE, QmailLab.KUNDE_PW, "paused-kunde", 3);
        send(QmailLab.NACHBAR, QmailLab.NACHBAR_PW, "paused-nachbar", 1);

        List<QueuedMessage> todo = adapter.queue.messagesOf(KUNDE, ALL);
        assertThat(todo).hasSize(3).allSatisfy(m -> {
            assertThat(m.queue()).isEqualTo(QueueName.INCOMING);
            assertThat(m.sender()).isEqualTo(QmailLab.KUNDE);
            assertThat(m.size()).isPositive();
        });
        Map<QueuedMessage, byte[]> before = adapter.queue.contents(todo);
        assertThat(before).hasSize(3);

        adapter.queue.hold(todo);
        assertThat(lab.sendUp()).as("hold leaves qmail-send as it found it: down").isFalse();
        List<QueuedMessage> held = adapter.queue.messagesOf(KUNDE, ALL);
        assertThat(held).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(todo.stream().map(QueuedMessage::queueId).toList());
        assertThat(held).allSatisfy(m -> assertThat(m.queue()).isEqualTo(QueueName.HOLD));
        Map<QueuedMessage, byte[]> after = adapter.queue.contents(held);
        for (QueuedMessage m : held) {
            QueuedMessage original = todo.stream().filter(t -> t.queueId().equals(m.queueId())).findFirst().orElseThrow();
            assertThat(after.get(m)).as("byte-exact").isEqualTo(before.get(original));
        }

        QmailLab.sh(Duration.ofSeconds(30), QmailLab.QUEUE_TOOL + " -s " + lab.sendService() + " resume");
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("paused-nachbar") == 1)).isTrue();
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(20))).isTrue();
        assertThat(lab.sinkCount("paused-kunde")).isZero();
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).hasSize(3);
    }

    @Test
    void holdOfQueuedMailStopsQmailSendOnlyForTheMoveAndACrashBetweenCopyAndDeleteLosesAndDoublesNothing() throws Exception {
        pauseRemoteDelivery();
        send(QmailLab.KUNDE, QmailLab.KUNDE_PW, "queued-kunde", 4);
        assertThat(Await.within(Duration.ofSeconds(10), () -> adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.DEFERRED)).size() == 4))
                .as("preprocessed, remote delivery paused").isTrue();
        List<QueuedMessage> queued = adapter.queue.messagesOf(KUNDE, ALL);
        assertThat(adapter.queue.deferredByAccount()).containsEntry("relay-1", Map.of(KUNDE, 4L));
        Map<QueuedMessage, byte[]> before = adapter.queue.contents(queued);

        // the tool dies after committing the copy of the second message, before deleting it from the queue
        String crashAt = queued.get(1).queueId();
        assertThatThrownBy(() -> QmailLab.sh(Duration.ofSeconds(60), "printf '%s\\n' " + String.join(" ",
                queued.stream().map(QueuedMessage::queueId).toList()) + " | RELAYWARDEN_TEST_CRASH_AFTER_COPY=" + crashAt + " "
                + QmailLab.QUEUE_TOOL + " -s " + lab.sendService() + " hold")).hasMessageContaining("crash requested");
        assertThat(lab.sendUp()).as("started again after the failure").isTrue();
        assertThat(Files.exists(QmailLab.HOLD.resolve("msg/" + crashAt + ".env")))
                .as("the interrupted move's copy removed again before qmail-send ran: the queue's is the only one").isFalse();
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.DEFERRED))).extracting(QueuedMessage::queueId)
                .as("the interrupted one and the later ones still queued").contains(crashAt).hasSize(3);
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).hasSize(1);

        // killed outright after committing the third message's copy: qmail-send stays down, the message is in
        // both places but listed once, as queued
        String killAt = queued.get(2).queueId();
        assertThatThrownBy(() -> QmailLab.sh(Duration.ofSeconds(60), "printf '%s\\n' " + String.join(" ",
                queued.stream().map(QueuedMessage::queueId).toList()) + " | RELAYWARDEN_TEST_KILL_AFTER_COPY=" + killAt + " "
                + QmailLab.QUEUE_TOOL + " -s " + lab.sendService() + " hold")).hasMessageContaining("exit 9");
        assertThat(lab.sendUp()).as("a killed run cannot start it").isFalse();
        assertThat(Files.exists(QmailLab.HOLD.resolve("msg/" + killAt + ".env"))).isTrue();
        assertThat(adapter.queue.messagesOf(KUNDE, ALL)).extracting(QueuedMessage::queueId).doesNotHaveDuplicates().hasSize(4);
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.DEFERRED))).extracting(QueuedMessage::queueId)
                .contains(killAt).hasSize(2);

        adapter.queue.hold(queued); // the re-run
        assertThat(lab.sendUp()).as("the re-run starts qmail-send, which the killed run had stopped").isTrue();
        List<QueuedMessage> held = adapter.queue.messagesOf(KUNDE, ALL);
        assertThat(held).hasSize(4).allSatisfy(m -> assertThat(m.queue()).isEqualTo(QueueName.HOLD));
        assertThat(held).extracting(QueuedMessage::queueId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(queued.stream().map(QueuedMessage::queueId).toList());
        Map<QueuedMessage, byte[]> after = adapter.queue.contents(held);
        for (QueuedMessage m : held) {
            byte[] original = before.entrySet().stream().filter(e -> e.getKey().queueId().equals(m.queueId())).findFirst()
                    .orElseThrow().getValue();
            assertThat(after.get(m)).isEqualTo(original);
            assertThat(m.recipients()).hasSize(1);
        }
        assertThat(QmailLab.sh(Duration.ofSeconds(10), "/var/qmail/bin/qmail-qstat")).contains("messages in queue: 0");

        // release two, delete the rest: delivered once each
        lab.remoteConcurrency(20);
        adapter.queue.release(held.subList(0, 2));
        adapter.queue.release(held.subList(0, 2));
        adapter.queue.deleteHeld(held.subList(2, 4));
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).isEmpty();
        // the released two are in qmail's queue until delivered (listed as queued for that moment)
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("queued-kunde") == 2)).isTrue();
        assertThat(Await.within(Duration.ofSeconds(20), () -> adapter.queue.messagesOf(KUNDE, ALL).isEmpty())).isTrue();
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(10))).isTrue();
        assertThat(lab.sinkCount("queued-kunde")).isEqualTo(2);
    }

    @Test
    void healthIsUpWhileQmailSendRunsOrIsPausedAndDownWithoutSupervision() {
        QmailHealthIndicator health = new QmailHealthIndicator(new RelayHealth(adapter.policy),
                new QmailConfiguration.QmailRelays(List.of(adapter.relay)));
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        QmailLab.sh(Duration.ofSeconds(30), QmailLab.QUEUE_TOOL + " -s " + lab.sendService() + " pause");
        assertThat(health.health().getDetails()).containsEntry("relay.relay-1", "qmail-send paused (svc -d)");
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        QmailRelay unsupervised = new QmailRelay("relay-2", adapter.relay.runner(), QmailLab.QMAIL, QmailLab.VPOPMAIL,
                Path.of("/nonexistent/qmail-send"), QmailLab.HOLD, QmailLab.QUEUE_TOOL, null, Duration.ofSeconds(10));
        QmailHealthIndicator down = new QmailHealthIndicator(new RelayHealth(adapter.policy), new QmailConfiguration.QmailRelays(List.of(unsupervised)));
        assertThat(down.health().getStatus().getCode()).isEqualTo("DOWN");
    }

    @Test
    void resubmitHandsAMessageToQmailQueueWithItsEnvelope() {
        byte[] message = "From: kunde@example.test\nSubject: resubmitted-one\n\nfrom quarantine\n".getBytes(StandardCharsets.US_ASCII);
        adapter.queue.resubmit("relay-1", QmailLab.KUNDE, List.of("back@remote.test"), message);
        assertThat(Await.within(Duration.ofSeconds(20), () -> lab.sinkCount("resubmitted-one") == 1)).isTrue();
        assertThat(new String(lab.sinkMessages("resubmitted-one").get(0), StandardCharsets.US_ASCII)).contains("from quarantine");
    }
}
