package org.relaywarden.enforcement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.relay.MtaLab;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.relaywarden.testsupport.relay.MtaLab.KUNDE;
import static org.relaywarden.testsupport.relay.MtaLab.NACHBAR;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Quarantine of one account's mail on a real relay ({@link MtaLab}: Postfix, Exim, qmail), through Relaywarden's own
 * QuarantineService with that relay's adapter wired in: 1,000 messages while another account's mail keeps arriving,
 * byte-exact copies, and a crash between copy and delete followed by a re-run that loses nothing and duplicates nothing;
 * hostile account names never reach the relay. One subclass per relay starts its lab with {@link #startOn} and adds what
 * only that relay has.
 */
@SpringBootTest(properties = {
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        // the test opens its cases itself: a detector seeing the flood first would open them before it
        "relaywarden.detection.rate.enabled=false",
        // a thousand messages of one account in a minute: over the default sending limit, which is not what this is about
        "relaywarden.limits.enabled=false",
        // nor is the risk: a thousand messages of an account without history to new domains would be held for review
        "relaywarden.risk.enabled=false",
        "relaywarden.detection.deferred.enabled=false"})
@AutoConfigureMockMvc
@DirtiesContext
public abstract class QuarantineScenario {

    static final int SPAM = 1000;
    static final int NEIGHBOUR = 30;

    protected static MtaLab lab;
    static Path quarantineDir;

    /** Starts {@code relay} (upstream down) and points Relaywarden at it: called by each subclass's {@code @DynamicPropertySource}. */
    protected static void startOn(MtaLab relay, DynamicPropertyRegistry registry) throws Exception {
        lab = relay;
        String name = relay.mailServer();
        // an engine name of its own: a closing context unregisters its engine's name, and the scenario tests' engine is "default"
        registry.add("camunda.bpm.process-engine-name", () -> name + "quarantine");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + "-quarantine;DB_CLOSE_DELAY=-1");
        quarantineDir = Files.createTempDirectory("rw-" + name + "-quarantine-");
        relay.start(registry, "relay-1");
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, lab);
    }

    @Autowired
    protected QuarantineService quarantine;
    @Autowired
    protected CaseRecords cases;
    @Autowired
    protected MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @MockitoSpyBean
    MailQueue queue;

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: cheap watches " + i
                + "\nDate: Sun, 29 Nov 2026 00:00:00 +0000\nMessage-ID: <spam-" + i + "@customer.test>\n\nBuy now, offer " + i
                + ".\n.leading dot line\nend\n";
    }

    static String legit(int i) {
        return "Subject: legit nachbar " + i + "\n\nhello <nachbar-" + i + ">\n";
    }

    static List<String> idsOf(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::queueId).toList();
    }

    @Test
    public void quarantinesAThousandMessagesOfOneAccountWhileAnothersMailArrivesAndSurvivesACrashBetweenCopyAndDelete()
            throws Exception {
        long t0 = System.nanoTime();
        // kunde's mail claims to come from nachbar where the relay lets it (qmail forces the login): attribution must not
        // use the sender
        String forged = lab.envelopeSender(KUNDE, NACHBAR.login());
        List<String> accepted = lab.submit(KUNDE, forged, SPAM, 4, QuarantineScenario::spam);
        System.out.printf("submitted %d messages in %d ms%n", accepted.size(), ms(t0));
        assertThat(accepted).as("every message accepted").hasSize(SPAM);

        Set<QueueName> all = EnumSet.allOf(QueueName.class);
        Await.until("the relay queued them all", Duration.ofSeconds(120), () -> queue.messagesOf(KUNDE, all).size() == SPAM);
        List<String> queued = idsOf(queue.messagesOf(KUNDE, all));
        if (lab.repliesWithQueueId()) {
            assertThat(queued).as("the ids the relay named in its 250s").containsExactlyInAnyOrderElementsOf(accepted);
        }
        long t1 = System.nanoTime();
        assertThat(idsOf(lab.queueAfterRestart(context).messagesOf(KUNDE, all)))
                .as("attributed by the queue itself when the index is empty").containsExactlyInAnyOrderElementsOf(queued);
        System.out.printf("attributed %d messages after a restart in %d ms%n", SPAM, ms(t1));

        CaseReference ref = cases.open(new NewCase(KUNDE, "test", "spam", false, null, KUNDE.login(), "en"), "test");
        doThrow(new MailServerException("crash between copy and delete")).doCallRealMethod().when(queue).deleteHeld(any());

        // the neighbour keeps sending while the queue is worked on
        CompletableFuture<List<String>> neighbour = CompletableFuture.supplyAsync(() ->
                lab.submit(NACHBAR, lab.envelopeSender(NACHBAR, KUNDE.login()), NEIGHBOUR, 1, QuarantineScenario::legit));
        long t2 = System.nanoTime();
        assertThatThrownBy(() -> quarantine.quarantine(ref, KUNDE)).hasMessageContaining("crash");
        System.out.printf("first run (held, copied, then crashed) in %d ms%n", ms(t2));
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);
        assertThat(queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).as("all held, none deleted").hasSize(SPAM);
        assertThat(lab.held()).as("in the relay's hold place").isEqualTo(SPAM);
        assertThat(lab.running()).as("the relay runs").isTrue();

        long t3 = System.nanoTime();
        assertThat(quarantine.quarantine(ref, KUNDE)).isEqualTo(SPAM);
        System.out.printf("re-run (verified, deleted) in %d ms%n", ms(t3));
        List<String> neighbours = neighbour.get();
        assertThat(neighbours).as("the neighbour's mail accepted").hasSize(NEIGHBOUR);
        // the deleted count comes from the listing after the round (Postfix's postsuper counter reads 0 where it can log)
        assertThat(cases.auditTrail(ref)).filteredOn(e -> e.action().equals("QUARANTINE")).last()
                .satisfies(e -> assertThat(e.detail()).contains(SPAM + " messages of").contains(SPAM + " of them deleted"));

        List<QuarantinedMessage> stored = quarantine.ofCase(ref);
        assertThat(stored).hasSize(SPAM);
        assertThat(stored).extracting(QuarantinedMessage::queueId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(queued);
        assertThat(queue.messagesOf(KUNDE, all)).isEmpty();
        assertThat(lab.held()).as("the relay's hold place emptied").isZero();
        assertThat(queue.messagesOf(NACHBAR, all)).as("the neighbour's mail untouched").hasSize(NEIGHBOUR);
        if (lab.repliesWithQueueId()) {
            assertThat(idsOf(queue.messagesOf(NACHBAR, all))).containsExactlyInAnyOrderElementsOf(neighbours);
        }

        Map<String, Integer> seen = new HashMap<>();
        for (QuarantinedMessage m : stored) {
            byte[] eml = quarantine.content(ref, m.id());
            assertThat(sha256(eml)).isEqualTo(m.sha256());
            assertThat(eml.length).isEqualTo(m.size());
            String text = new String(eml, StandardCharsets.UTF_8);
            assertThat(text).startsWith(lab.receivedHeaderStart());
            int i = Integer.parseInt(text.substring(text.indexOf("Subject: cheap watches ") + 23).split("\n")[0]);
            assertThat(text).as("byte-exact after the relay's Received header").endsWith("\n" + spam(i));
            assertThat(m.account()).isEqualTo(KUNDE.login());
            assertThat(m.sender()).isEqualTo(forged);
            assertThat(m.recipients()).containsExactlyInAnyOrder("victim" + i + "@remote.test", "victim" + i + "@other.test");
            seen.merge("x" + i, 1, Integer::sum);
        }
        assertThat(seen).hasSize(SPAM).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(quarantine.quarantine(ref, KUNDE)).as("a third run finds nothing").isZero();
        assertThat(quarantine.ofCase(ref)).hasSize(SPAM);

        // the upstream recovers: the neighbour's mail leaves, none of the spam
        lab.upstreamUp();
        lab.flush();
        Await.until("every message of the neighbour delivered", Duration.ofSeconds(90),
                () -> IntStream.range(0, NEIGHBOUR).allMatch(i -> lab.upstreamCount("<nachbar-" + i + ">") >= 1));
        assertThat(lab.awaitQueueEmpty(Duration.ofSeconds(60))).as("the relay delivered all it had").isTrue();
        assertThat(lab.upstreamCount("cheap watches")).as("none of the spam left").isZero();
        System.out.println(lab.mailServer() + " quarantine test total " + ms(t0) + " ms; ids by relay: "
                + stored.stream().collect(Collectors.groupingBy(QuarantinedMessage::relay, Collectors.counting())));
    }

    @Test
    public void hostileAccountNamesAreRefusedAtTheApiAndNeverReachTheRelay() throws Exception {
        String durableBefore = durable();
        List<String> queuedBefore = lab.queuedIds();
        for (String hostile : List.of("alice@example.test\\nbob@example.test OK", "alice@example.test\\nbob@example.test: 554",
                "$(reboot)@example.test", "alice@example.test; postsuper -d ALL", "alice@example.test; exim -Mrm",
                "-d ALL@example.test", "-Mrm@example.test", "../../etc/passwd", "${run{/bin/true}}@example.test")) {
            mvc.perform(post("/api/v1/alerts").with(httpBasic("operator", "operator"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"account\": \"" + hostile + "\", \"source\": \"queue-monitor\"}"))
                    .andExpect(status().isBadRequest());
        }
        assertThat(durable()).isEqualTo(durableBefore);
        assertThat(lab.queuedIds()).isEqualTo(queuedBefore);
        assertThat(lab.log()).doesNotContain("reboot").doesNotContain("postsuper -d ALL").doesNotContain("-Mrm");
    }

    static String durable() throws IOException {
        return Files.exists(lab.durableFile()) ? Files.readString(lab.durableFile()) : "";
    }

    static long ms(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
