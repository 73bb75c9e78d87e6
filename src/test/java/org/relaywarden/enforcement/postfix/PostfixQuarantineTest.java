package org.relaywarden.enforcement.postfix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.postfix.support.Flood;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Quarantine of one account's mail on a real Postfix, through Relaywarden's own
 * QuarantineService with the Postfix adapter wired in (relaywarden.mail-server=postfix):
 * 1,000 messages, another account's mail untouched, byte-exact copies, and a crash between
 * copy and delete followed by a re-run that loses nothing and duplicates nothing.
 */
@SpringBootTest(properties = {
        // an engine name of its own: a closing context unregisters its engine's name, and the scenario tests' engine is "default"
        "camunda.bpm.process-engine-name=postfixquarantine",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "camunda.bpm.job-execution.enabled=false",
        // the test opens its cases itself: a detector seeing the flood first would open them before it
        "relaywarden.detection.rate.enabled=false",
        // a thousand messages of one account in a minute: over the default sending limit, which is not what this is about
        "relaywarden.limits.enabled=false",
        "relaywarden.detection.deferred.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:postfix-quarantine;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
@DirtiesContext
class PostfixQuarantineTest {

    static final Account ALICE = Account.parse("alice@example.test");
    static final Account BOB = Account.parse("bob@example.test");
    static final String PW = "pw-quarantine";
    static final int SPAM = 1000;
    static final int POLICY_PORT = TestPostfix.freePort();
    static TestPostfix postfix;
    static Path quarantineDir;

    @DynamicPropertySource
    static void postfix(DynamicPropertyRegistry registry) throws Exception {
        quarantineDir = Files.createTempDirectory("rw-quarantine-");
        // defer_transports keeps every accepted message in the queue, as a soft-rejecting upstream would
        postfix = TestPostfix.named("qrelay").relayhost("[127.0.0.1]:9").policyService(POLICY_PORT)
                .user(ALICE.login(), PW).user(BOB.login(), PW).set("defer_transports", "smtp, relay").build().start();
        postfix.registerAsRelay(registry, "relay-1", POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
    }

    @AfterAll
    static void stop() {
        if (postfix != null) {
            postfix.close();
        }
        if (quarantineDir != null) {
            TestPostfix.deleteTree(quarantineDir);
        }
    }

    @Autowired
    QuarantineService quarantine;
    @Autowired
    MockMvc mvc;
    @Autowired
    CaseRecords cases;
    @MockitoSpyBean
    PostfixMailQueue queue;
    @Autowired
    PostfixConfiguration.PostfixRelays relays;

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: cheap watches " + i
                + "\nDate: Sun, 29 Nov 2026 00:00:00 +0000\nMessage-ID: <spam-" + i + "@customer.test>\n\nBuy now, offer " + i + ".\n.leading dot line\nend\n";
    }

    @Test
    void quarantinesAThousandMessagesOfOneAccountAndSurvivesACrashBetweenCopyAndDelete() throws Exception {
        long t0 = System.nanoTime();
        // alice's mail claims to come from bob and the other way round: attribution must not use the sender
        List<String> aliceIds = Flood.submit(postfix.smtpPort(), ALICE.login(), PW, "bob@example.test", SPAM, 4,
                PostfixQuarantineTest::spam);
        List<String> bobIds = Flood.submit(postfix.smtpPort(), BOB.login(), PW, "alice@example.test", 25, 1,
                i -> "Subject: legit " + i + "\n\nhello\n");
        System.out.printf("submitted %d + %d messages in %d ms%n", aliceIds.size(), bobIds.size(), ms(t0));
        assertThat(aliceIds).hasSize(SPAM);
        assertThat(bobIds).hasSize(25);

        Set<QueueName> all = EnumSet.allOf(QueueName.class);
        assertThat(queue.messagesOf(ALICE, all)).extracting(QueuedMessage::queueId)
                .containsExactlyInAnyOrderElementsOf(aliceIds);

        long t1 = System.nanoTime();
        PostfixMailQueue afterRestart = new PostfixMailQueue(relays.all(), new TrafficCounters(Clock.systemUTC(), "x"));
        assertThat(afterRestart.messagesOf(ALICE, all)).as("attributed by the queue files when the index is empty")
                .extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(aliceIds);
        System.out.printf("attributed %d messages by postcat -e in %d ms%n", SPAM, ms(t1));

        CaseReference ref = cases.open(new NewCase(ALICE, "test", "spam", false, null, ALICE.login(), "en"), "test");
        doThrow(new MailServerException("crash between copy and delete")).doCallRealMethod().when(queue).deleteHeld(any());

        long t2 = System.nanoTime();
        assertThatThrownBy(() -> quarantine.quarantine(ref, ALICE)).hasMessageContaining("crash");
        System.out.printf("first run (copied, then crashed) in %d ms%n", ms(t2));
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);
        assertThat(postfix.queueCounts()).containsEntry("hold", SPAM);

        long t3 = System.nanoTime();
        assertThat(quarantine.quarantine(ref, ALICE)).isEqualTo(SPAM);
        System.out.printf("re-run (verified, deleted) in %d ms%n", ms(t3));
        // the deleted count comes from the listing after the round (postsuper's own counter reads 0 where it can log)
        assertThat(cases.auditTrail(ref)).filteredOn(e -> e.action().equals("QUARANTINE")).last()
                .satisfies(e -> assertThat(e.detail()).contains(SPAM + " messages of").contains(SPAM + " of them deleted"));

        List<QuarantinedMessage> stored = quarantine.ofCase(ref);
        assertThat(stored).hasSize(SPAM);
        assertThat(stored).extracting(QuarantinedMessage::queueId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(aliceIds);
        assertThat(queue.messagesOf(ALICE, all)).isEmpty();
        assertThat(queue.messagesOf(BOB, all)).extracting(QueuedMessage::queueId).containsExactlyInAnyOrderElementsOf(bobIds);

        Map<String, Integer> bySubject = new HashMap<>();
        for (QuarantinedMessage m : stored) {
            byte[] eml = quarantine.content(ref, m.id());
            assertThat(sha256(eml)).isEqualTo(m.sha256());
            assertThat(eml.length).isEqualTo(m.size());
            String text = new String(eml, StandardCharsets.UTF_8);
            assertThat(text).startsWith("Received: from ");
            int i = Integer.parseInt(text.substring(text.indexOf("Subject: cheap watches ") + 23).split("\n")[0]);
            assertThat(text).as("byte-exact after Postfix's Received header").endsWith(spam(i).substring(spam(i).indexOf("To: ")))
                    .contains("From: <kunde+" + i + "@example.test>\n");
            assertThat(m.account()).isEqualTo(ALICE.login());
            assertThat(m.sender()).isEqualTo("bob@example.test");
            assertThat(m.recipients()).containsExactlyInAnyOrder("victim" + i + "@remote.test", "victim" + i + "@other.test");
            bySubject.merge("x" + i, 1, Integer::sum);
        }
        assertThat(bySubject).hasSize(SPAM).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));

        assertThat(quarantine.quarantine(ref, ALICE)).as("a third run finds nothing").isZero();
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);
        System.out.println("quarantine test total " + ms(t0) + " ms; ids by relay: "
                + stored.stream().collect(Collectors.groupingBy(QuarantinedMessage::relay, Collectors.counting())));
    }

    static long ms(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void releasesOneQuarantinedMessageBackToPostfixOnceAndPurgesAfterTheRetention() throws Exception {
        Account carol = Account.parse("carol@example.test");
        postfix.addUser(carol.login(), PW);
        List<String> ids = Flood.submit(postfix.smtpPort(), carol.login(), PW, "carol@example.test", 3, 1,
                i -> "Subject: carol " + i + "\n\nlegit " + i + "\n");
        assertThat(ids).hasSize(3);
        CaseReference ref = cases.open(new NewCase(carol, "test", "false alarm", false, null, carol.login(), "en"), "test");
        assertThat(quarantine.quarantine(ref, carol)).isEqualTo(3);
        QuarantinedMessage first = quarantine.ofCase(ref).get(0);

        String base = "/api/v1/cases/" + ref + "/quarantine";
        mvc.perform(get(base).with(httpBasic("operator", "operator"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3));
        mvc.perform(get(base + "/" + first.id()).with(httpBasic("operator", "operator"))).andExpect(status().isOk())
                .andExpect(content().contentType("message/rfc822"))
                .andExpect(content().bytes(quarantine.content(ref, first.id())));
        mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("agent", "agent")))
                .andExpect(status().isForbidden());
        mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("operator", "operator")))
                .andExpect(status().isNoContent());
        mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("operator", "operator")))
                .andExpect(status().isConflict());
        String queueLine = postfix.tool("postqueue", "-j").orThrow().stdoutText().lines()
                .filter(l -> l.contains("\"sender\": \"carol@example.test\"")).findFirst().orElseThrow();
        assertThat(queueLine).contains(first.recipients().get(0)).contains(first.recipients().get(1));
        assertThat(quarantine.ofCase(ref).get(0).state()).isEqualTo("RELEASED");
        assertThatThrownBy(() -> quarantine.release(ref, first.id(), "operator")).as("never twice")
                .isInstanceOf(IllegalStateException.class);

        assertThat(quarantine.purge(Duration.ofDays(30))).as("nothing is that old yet").isZero();
        assertThat(quarantine.purge(Duration.ZERO)).isGreaterThanOrEqualTo(3);
        assertThat(quarantine.ofCase(ref)).extracting(QuarantinedMessage::state).containsOnly("PURGED");
        assertThatThrownBy(() -> quarantine.content(ref, first.id())).hasMessageContaining("purged");

        String releasedId = queueLine.replaceAll(".*\"queue_id\": \"([0-9A-Za-z]+)\".*", "$1");
        postfix.tool("postsuper", "-d", releasedId).orThrow();
    }

    @Test
    void hostileAccountNamesAreRefusedAtTheApiAndNeverReachPostfix() throws Exception {
        String mapBefore = Files.readString(postfix.accessMap());
        long queuedBefore = postfix.queued();
        for (String hostile : List.of("alice@example.test\\nbob@example.test OK", "$(reboot)@example.test",
                "alice@example.test; postsuper -d ALL", "-d ALL@example.test", "../../etc/passwd")) {
            mvc.perform(post("/api/v1/alerts").with(httpBasic("operator", "operator"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"account\": \"" + hostile + "\", \"source\": \"queue-monitor\"}"))
                    .andExpect(status().isBadRequest());
        }
        assertThat(Files.readString(postfix.accessMap())).isEqualTo(mapBefore);
        assertThat(postfix.queued()).isEqualTo(queuedBefore);
        assertThat(postfix.maillog()).doesNotContain("reboot").doesNotContain("postsuper -d ALL");
    }
}
