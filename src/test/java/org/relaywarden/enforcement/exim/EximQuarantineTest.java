package org.relaywarden.enforcement.exim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Quarantine of one account's mail on a real Exim, through Relaywarden's own QuarantineService with
 * the Exim adapter wired in ({@code relaywarden.mail-server=exim}): 1,000 messages, another account's
 * mail untouched, byte-exact copies, and a crash between copy and delete followed by a re-run that
 * loses nothing and duplicates nothing. Also: the application's relay control writes the relay's
 * suspended-logins file, and the health indicator reads Exim's version.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=eximquarantine",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=exim",
        "camunda.bpm.job-execution.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        "relaywarden.limits.enabled=false",
        "relaywarden.detection.deferred.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:exim-quarantine;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
@DirtiesContext
class EximQuarantineTest {

    static final Account ALICE = Account.parse("alice@example.test");
    static final Account BOB = Account.parse("bob@example.test");
    static final String PW = "pw-quarantine";
    static final int SPAM = 1000;
    static final int POLICY_PORT = TestPostfix.freePort();
    static TestExim exim;
    static Path quarantineDir;

    @DynamicPropertySource
    static void exim(DynamicPropertyRegistry registry) throws Exception {
        quarantineDir = Files.createTempDirectory("rw-quarantine-");
        // queue_only: every accepted message stays queued, as behind a refusing upstream
        exim = TestExim.named("qrelay").policyService(POLICY_PORT).user(ALICE.login(), PW).user(BOB.login(), PW)
                .set("queue_only", "true").build().start();
        exim.registerAsRelay(registry, "relay-1", POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
    }

    @AfterAll
    static void stop() {
        TestPostfix.closeAll(quarantineDir, exim);
    }

    @Autowired
    QuarantineService quarantine;
    @Autowired
    CaseRecords cases;
    @Autowired
    RelayControl relays;
    @Autowired
    MockMvc mvc;
    @MockitoSpyBean
    EximMailQueue queue;
    @Autowired
    EximConfiguration.EximRelays eximRelays;

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: cheap watches " + i
                + "\nDate: Sun, 29 Nov 2026 00:00:00 +0000\nMessage-ID: <spam-" + i + "@customer.test>\n\nBuy now, offer " + i
                + ".\n.leading dot line\nend\n";
    }

    @Test
    void quarantinesAThousandMessagesOfOneAccountAndSurvivesACrashBetweenCopyAndDelete() throws Exception {
        long t0 = System.nanoTime();
        List<String> aliceIds = exim.flood(ALICE.login(), PW, "bob@example.test", SPAM, 4, EximQuarantineTest::spam);
        List<String> bobIds = exim.flood(BOB.login(), PW, "alice@example.test", 25, 1, i -> "Subject: legit " + i + "\n\nhello\n");
        System.out.printf("submitted %d + %d messages in %d ms%n", aliceIds.size(), bobIds.size(), ms(t0));
        assertThat(aliceIds).hasSize(SPAM);
        assertThat(bobIds).hasSize(25);

        Set<QueueName> all = EnumSet.allOf(QueueName.class);
        assertThat(queue.messagesOf(ALICE, all)).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(aliceIds);
        long t1 = System.nanoTime();
        EximMailQueue afterRestart = new EximMailQueue(eximRelays.all(), new TrafficCounters(Clock.systemUTC(), "x"));
        assertThat(afterRestart.messagesOf(ALICE, all)).as("attributed by exipick when the index is empty")
                .extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(aliceIds);
        System.out.printf("attributed %d messages by exipick in %d ms%n", SPAM, ms(t1));

        CaseReference ref = cases.open(new NewCase(ALICE, "test", "spam", false, null, ALICE.login(), "en"), "test");
        doThrow(new MailServerException("crash between copy and delete")).doCallRealMethod().when(queue).deleteHeld(any());

        long t2 = System.nanoTime();
        assertThatThrownBy(() -> quarantine.quarantine(ref, ALICE)).hasMessageContaining("crash");
        System.out.printf("first run (copied, then crashed) in %d ms%n", ms(t2));
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(SPAM);

        long t3 = System.nanoTime();
        assertThat(quarantine.quarantine(ref, ALICE)).isEqualTo(SPAM);
        System.out.printf("re-run (verified, deleted) in %d ms%n", ms(t3));
        assertThat(cases.auditTrail(ref)).filteredOn(e -> e.action().equals("QUARANTINE")).last()
                .satisfies(e -> assertThat(e.detail()).contains(SPAM + " messages of").contains(SPAM + " of them deleted"));

        List<QuarantinedMessage> stored = quarantine.ofCase(ref);
        assertThat(stored).hasSize(SPAM);
        assertThat(stored).extracting(QuarantinedMessage::queueId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(aliceIds);
        assertThat(queue.messagesOf(ALICE, all)).isEmpty();
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).isEmpty();
        assertThat(queue.messagesOf(BOB, all)).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(bobIds);
        for (QuarantinedMessage m : stored) {
            byte[] eml = quarantine.content(ref, m.id());
            assertThat(sha256(eml)).isEqualTo(m.sha256());
            String text = new String(eml, StandardCharsets.UTF_8);
            assertThat(text).startsWith("Received: from ");
            int i = Integer.parseInt(text.substring(text.indexOf("Subject: cheap watches ") + 23).split("\n")[0]);
            assertThat(text).as("byte-exact after Exim's Received header").endsWith(spam(i).substring(spam(i).indexOf("To: ")));
            assertThat(m.account()).isEqualTo(ALICE.login());
            assertThat(m.sender()).isEqualTo("bob@example.test");
            assertThat(m.recipients()).containsExactlyInAnyOrder("victim" + i + "@remote.test", "victim" + i + "@other.test");
        }
        assertThat(quarantine.quarantine(ref, ALICE)).as("a third run finds nothing").isZero();
        System.out.println("exim quarantine test total " + ms(t0) + " ms");
    }

    @Test
    void theApplicationsRelayControlWritesTheSuspendedLoginsFileAndHealthReadsExim() throws Exception {
        Account carol = Account.parse("carol@example.test");
        relays.suspend(carol, "relaying suspended, case RW-99");
        assertThat(Files.readString(exim.suspendedFile())).contains("carol@example.test: 451 4.7.1 relaying suspended, case RW-99\n");
        relays.restore(carol);
        assertThat(Files.readString(exim.suspendedFile())).doesNotContain("carol@");
        String health = mvc.perform(get("/actuator/health").with(httpBasic("operator", "operator")))
                .andReturn().getResponse().getContentAsString();
        assertThat(health).contains("Exim version 4.96");
    }

    @Test
    void hostileAccountNamesAreRefusedAtTheApiAndNeverReachExim() throws Exception {
        String fileBefore = Files.readString(exim.suspendedFile());
        List<String> queuedBefore = exim.queued("");
        for (String hostile : List.of("alice@example.test\\nbob@example.test: 554", "$(reboot)@example.test",
                "alice@example.test; exim -Mrm", "-Mrm@example.test", "../../etc/passwd", "${run{/bin/true}}@example.test")) {
            mvc.perform(post("/api/v1/alerts").with(httpBasic("operator", "operator"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"account\": \"" + hostile + "\", \"source\": \"queue-monitor\"}"))
                    .andExpect(status().isBadRequest());
        }
        assertThat(Files.readString(exim.suspendedFile())).isEqualTo(fileBefore);
        assertThat(exim.queued("")).isEqualTo(queuedBefore);
        assertThat(exim.mainlog()).doesNotContain("reboot").doesNotContain("-Mrm");
    }

    static long ms(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
