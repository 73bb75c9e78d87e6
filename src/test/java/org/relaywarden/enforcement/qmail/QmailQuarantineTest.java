package org.relaywarden.enforcement.qmail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.postfix.support.Flood;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

/**
 * Quarantine of one account's mail on the real qmail relay, through Relaywarden's own
 * QuarantineService with the qmail adapter wired in ({@code relaywarden.mail-server=qmail}): 1,000
 * messages while another account's mail keeps arriving, byte-exact copies, and a crash between copy
 * and delete followed by a re-run that loses nothing and duplicates nothing.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=qmailquarantine",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=qmail",
        "camunda.bpm.job-execution.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        "relaywarden.limits.enabled=false",
        "relaywarden.detection.deferred.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:qmail-quarantine;DB_CLOSE_DELAY=-1"})
@DirtiesContext
class QmailQuarantineTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final Account NACHBAR = Account.parse(QmailLab.NACHBAR);
    static final int SPAM = 1000;
    static QmailLab lab;
    static Path quarantineDir;

    @DynamicPropertySource
    static void qmail(DynamicPropertyRegistry registry) throws Exception {
        lab = QmailLab.get();
        quarantineDir = Files.createTempDirectory("rw-qmail-quarantine-");
        registry.add("relaywarden.qmail.relays.relay-1.send-service", () -> lab.sendService().toString());
        registry.add("relaywarden.qmail.relays.relay-1.smtpd-log", () -> lab.smtpdLog().toString());
        registry.add("relaywarden.policy.port", () -> QmailLab.POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
    }

    @AfterAll
    static void stop() {
        lab.remoteConcurrency(20);
        if (quarantineDir != null) {
            TestPostfix.deleteTree(quarantineDir);
        }
    }

    @Autowired
    QuarantineService quarantine;
    @Autowired
    CaseRecords cases;
    @MockitoSpyBean
    QmailMailQueue queue;

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: cheap watches " + i
                + "\nDate: Sun, 29 Nov 2026 00:00:00 +0000\nMessage-ID: <spam-" + i + "@customer.test>\n\nBuy now, offer " + i
                + ".\n.leading dot line\nend\n";
    }

    @Test
    void quarantinesAThousandMessagesOfOneAccountWhileAnothersMailArrivesAndSurvivesACrashBetweenCopyAndDelete() throws Exception {
        lab.remoteConcurrency(0); // the upstream is "down": everything accepted stays queued, as in the seed
        long t0 = System.nanoTime();
        Flood.submit(QmailLab.SMTP_PORT, QmailLab.KUNDE, QmailLab.KUNDE_PW, QmailLab.KUNDE, SPAM, 4, QmailQuarantineTest::spam);
        System.out.printf("submitted %d messages through qmail-smtpd and the queue front in %d ms%n", SPAM, ms(t0));
        Set<QueueName> all = EnumSet.allOf(QueueName.class);
        assertThat(QmailLab.await(Duration.ofSeconds(60), () -> queue.messagesOf(KUNDE, all).size() == SPAM)).isTrue();

        CaseReference ref = cases.open(new NewCase(KUNDE, "test", "spam", false, null, KUNDE.login(), "en"), "test");
        doThrow(new MailServerException("crash between copy and delete")).doCallRealMethod().when(queue).deleteHeld(any());

        // the neighbour keeps sending while the queue is worked on
        CompletableFuture<Void> neighbour = CompletableFuture.runAsync(() ->
                Flood.submit(QmailLab.SMTP_PORT, QmailLab.NACHBAR, QmailLab.NACHBAR_PW, QmailLab.NACHBAR, 30, 1,
                        i -> "Subject: legit nachbar " + i + "\n\nhello\n"));
        long t2 = System.nanoTime();
        assertThatThrownBy(() -> quarantine.quarantine(ref, KUNDE)).hasMessageContaining("crash");
        System.out.printf("first run (held, copied, then crashed) in %d ms%n", ms(t2));
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);
        assertThat(queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).as("all moved to the hold folder, none deleted").hasSize(SPAM);
        assertThat(lab.sendUp()).as("qmail-send running again").isTrue();

        long t3 = System.nanoTime();
        assertThat(quarantine.quarantine(ref, KUNDE)).isEqualTo(SPAM);
        System.out.printf("re-run (verified, deleted) in %d ms%n", ms(t3));
        neighbour.get();
        assertThat(cases.auditTrail(ref)).filteredOn(e -> e.action().equals("QUARANTINE")).last()
                .satisfies(e -> assertThat(e.detail()).contains(SPAM + " messages of").contains(SPAM + " of them deleted"));

        List<QuarantinedMessage> stored = quarantine.ofCase(ref);
        assertThat(stored).hasSize(SPAM);
        assertThat(stored).extracting(QuarantinedMessage::queueId).doesNotHaveDuplicates();
        assertThat(queue.messagesOf(KUNDE, all)).isEmpty();
        assertThat(queue.messagesOf(NACHBAR, all)).as("the neighbour's mail untouched").hasSize(30);

        Map<String, Integer> seen = new HashMap<>();
        for (QuarantinedMessage m : stored) {
            byte[] eml = quarantine.content(ref, m.id());
            assertThat(sha256(eml)).isEqualTo(m.sha256());
            String text = new String(eml, StandardCharsets.UTF_8);
            assertThat(text).startsWith("Received: (qmail ");
            int i = Integer.parseInt(text.substring(text.indexOf("Subject: cheap watches ") + 23).split("\n")[0]);
            assertThat(text).as("byte-exact after qmail's Received header").endsWith("\n" + spam(i));
            assertThat(m.account()).isEqualTo(KUNDE.login());
            assertThat(m.recipients()).containsExactlyInAnyOrder("victim" + i + "@remote.test", "victim" + i + "@other.test");
            seen.merge("x" + i, 1, Integer::sum);
        }
        assertThat(seen).hasSize(SPAM).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(quarantine.quarantine(ref, KUNDE)).as("a third run finds nothing").isZero();

        lab.remoteConcurrency(20);
        // two recipients in two domains each: qmail-remote delivers them one by one
        assertThat(QmailLab.await(Duration.ofSeconds(60), () -> lab.sinkCount("legit nachbar") == 60)).isTrue();
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(30))).isTrue();
        assertThat(lab.sinkCount("cheap watches")).as("none of the spam left").isZero();
        System.out.println("quarantine test total " + ms(t0) + " ms");
    }

    static long ms(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
