package org.relaywarden.enforcement.qmail;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.postfix.support.Flood;
import org.relaywarden.enforcement.postfix.support.SmtpTestClient;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's story end to end on the founding provider's own kind of relay: the customer's
 * Postfix (Debian) relays with SMTP AUTH through the real qmail + vpopmail relay, and Relaywarden
 * runs the case on the qmail adapter. While the relay's remote delivery is paused (the seed's
 * deferring upstream) the spam stays queued; once it resumes, whatever leaves the relay reaches
 * the lab's counting sink, which must receive none of the spam.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=seedonqmail",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=qmail",
        "spring.datasource.url=jdbc:h2:mem:qmail-seed;DB_CLOSE_DELAY=-1",
        "relaywarden.detection.burst.staged-threshold=20",
        "relaywarden.questionnaire.claim.grace=PT2S"})
@DirtiesContext
class SeedScenarioOnQmailTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final int FIRST_WAVE = 100;
    static final int QUEUED_AT_CUSTOMER = 300;
    static final String SPAM = "X-Spam-Marker: cheap-watches";

    static QmailLab lab;
    static TestPostfix customer;
    static Path quarantineDir;

    @DynamicPropertySource
    static void relays(DynamicPropertyRegistry registry) throws Exception {
        lab = QmailLab.get();
        lab.remoteConcurrency(0);
        customer = TestPostfix.customerOf("customer", QmailLab.SMTP_PORT, QmailLab.KUNDE, QmailLab.KUNDE_PW);
        quarantineDir = Files.createTempDirectory("rw-qmail-seed-");
        lab.relaywardenProperties("provider").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        lab.remoteConcurrency(20);
        lab.vmoduser("-x", QmailLab.KUNDE);
        TestPostfix.closeAll(quarantineDir, customer);
    }

    @Autowired
    AlertService alerts;
    @Autowired
    CaseRecords cases;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    QuarantineService quarantine;
    @Autowired
    TaskService tasks;
    @Autowired
    RelayControl relays;
    @Autowired
    QmailMailQueue queue;

    final Map<String, Long> steps = new LinkedHashMap<>();
    long stepStart;

    void step(String name) {
        long now = System.nanoTime();
        steps.put(name, Duration.ofNanos(now - stepStart).toMillis());
        stepStart = now;
        System.out.printf("step %-58s %6d ms%n", name, steps.get(name));
    }

    static void await(String what, Duration max, BooleanSupplier condition) {
        assertThat(QmailLab.await(max, condition)).as(what).isTrue();
    }

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: Cheap watches " + i + "\n"
                + SPAM + "\n\nOnly today.\n";
    }

    long customerDeferred() {
        return customer.tool("postqueue", "-j").orThrow().stdoutText().lines().filter(l -> l.contains("\"deferred\"")).count();
    }

    long auditCount(CaseReference ref, String action) {
        return cases.auditTrail(ref).stream().map(AuditEntry::action).filter(action::equals).count();
    }

    @Test
    void theSeedsCaseEndToEndOnQmailLetsNoSpamOut() throws Exception {
        stepStart = System.nanoTime();
        // 1. A cracked user floods the customer's server; its Postfix relays through the qmail relay with SMTP AUTH
        // (FORCEAUTHMAILFROM on the relay: the customer's envelope sender is its login)
        Flood.submit(customer.smtpPort(), null, null, QmailLab.KUNDE, FIRST_WAVE, 2, SeedScenarioOnQmailTest::spam);
        await("the first wave sits queued at the relay (remote delivery paused)", Duration.ofSeconds(120),
                () -> queue.messagesOf(KUNDE, EnumSet.of(QueueName.DEFERRED)).size() == FIRST_WAVE);
        step("first wave relayed by the customer, queued at the relay");

        // 2. Monitoring raises the alert: suspended (front + NO_SMTP), quarantined, letter sent, waiting for answers
        CaseReference ref = alerts.raise(new AlertRequest(KUNDE.login(), "queue-monitor", "many deferred messages", "warning",
                false, null, null, "en"), "monitoring").ref();
        await("suspended", Duration.ofSeconds(60), () -> relays.stateOf(KUNDE) == RelayState.SUSPENDED);
        await("NO_SMTP set", Duration.ofSeconds(30), () -> (lab.flagsOf(QmailLab.KUNDE) & VpopmailFlags.NO_SMTP) != 0);
        step("alert -> suspended");
        await("awaiting answers", Duration.ofSeconds(120), () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        step("suspended -> quarantined -> letter -> awaiting answers");
        assertThat(quarantine.ofCase(ref)).hasSize(FIRST_WAVE);
        assertThat(cases.evidence(ref)).hasValueSatisfying(e -> {
            assertThat(e.messageCount()).isEqualTo(FIRST_WAVE);
            assertThat(e.sampleLog()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("kunde@example.test"));
        });
        assertThat(queue.messagesOf(KUNDE, EnumSet.allOf(QueueName.class))).isEmpty();

        // 3. The spam goes on: refused temporarily (AUTH 535 by NO_SMTP, or 451 by the front), the customer keeps it all
        Flood.submit(customer.smtpPort(), null, null, QmailLab.KUNDE, QUEUED_AT_CUSTOMER, 2, i -> spam(FIRST_WAVE + i));
        await("the customer's queue holds the spam, deferred", Duration.ofSeconds(180),
                () -> customerDeferred() == QUEUED_AT_CUSTOMER);
        step("customer's queue filled, every message refused temporarily");

        // the relay's upstream recovers: from now on whatever leaves the relay reaches the counting sink
        lab.remoteConcurrency(20);

        // 4. The customer answers (but did not really empty the queue); an agent approves: staged re-enable
        questionnaire.submit(ref, new Answers("daughter's password was guessed", "account deleted", true, "Mail queue is empty"),
                "web", "customer");
        await("review task", Duration.ofSeconds(30), () -> reviewTask(ref) != null);
        tasks.complete(reviewTask(ref).getId(), Map.of("reviewDecision", "approve", "reviewComment", "second chance"));
        await("held", Duration.ofSeconds(60), () -> relays.stateOf(KUNDE) == RelayState.HELD);
        await("AUTH allowed again while held", Duration.ofSeconds(30), () -> (lab.flagsOf(QmailLab.KUNDE) & VpopmailFlags.NO_SMTP) == 0);
        step("answers -> review -> staged re-enable (HOLD)");

        // 5. The customer's Postfix flushes its queue: the front holds, the burst is seen, suspended again
        // a quarantine audits each of its rounds (a message in flight takes one more): count the ones after the flush
        long quarantinesBefore = auditCount(ref, "QUARANTINE");
        long flushed = System.nanoTime();
        customer.flush();
        await("suspended again", Duration.ofSeconds(90), () -> relays.stateOf(KUNDE) == RelayState.SUSPENDED);
        step("customer flushes -> burst detected -> suspended again");
        await("held mail quarantined", Duration.ofSeconds(120), () -> auditCount(ref, "QUARANTINE") > quarantinesBefore
                && cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        step("held mail quarantined, customer asked again");
        System.out.printf("from the flush to the second suspension and quarantine: %d ms%n",
                Duration.ofNanos(System.nanoTime() - flushed).toMillis());

        int quarantined = quarantine.ofCase(ref).size();
        assertThat(quarantined).isGreaterThan(FIRST_WAVE);
        assertThat(queue.messagesOf(KUNDE, EnumSet.allOf(QueueName.class))).as("nothing of the account left at the relay").isEmpty();
        Set<Integer> numbers = new TreeSet<>();
        for (var m : quarantine.ofCase(ref)) {
            numbers.add(spamNumber(quarantine.content(ref, m.id())));
        }
        assertThat(numbers).as("the first wave is quarantined").containsAll(IntStream.range(0, FIRST_WAVE).boxed().toList());
        customer.stop();
        long stillAtCustomer = customer.queued();
        assertThat(numbers.size() + stillAtCustomer).as("none lost (a message in flight may be on both sides)")
                .isGreaterThanOrEqualTo(FIRST_WAVE + QUEUED_AT_CUSTOMER);

        // another account still relays, and its mail reaches the sink
        try (SmtpTestClient other = SmtpTestClient.connect(QmailLab.SMTP_PORT, QmailLab.NACHBAR, QmailLab.NACHBAR_PW)) {
            assertThat(other.send(QmailLab.NACHBAR, "Subject: legit\n\nhello neighbour seed\n", "friend@remote.test").code())
                    .isEqualTo(250);
        }
        await("the sink receives legitimate mail", Duration.ofSeconds(30), () -> lab.sinkCount("hello neighbour seed") == 1);
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(30))).isTrue();
        assertThat(lab.sinkCount(SPAM)).as("spam that reached the sink").isZero();
        System.out.printf("quarantined %d, still in the customer's queue %d, spam at the sink %d; steps %s%n",
                quarantined, stillAtCustomer, lab.sinkCount(SPAM), steps);
    }

    /** The number in a spam message's subject ({@link #spam}), -1 for other mail. */
    static int spamNumber(byte[] message) {
        Matcher m = Pattern.compile("\nSubject: Cheap watches (\\d+)\n").matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    Task reviewTask(CaseReference ref) {
        return tasks.createTaskQuery().processInstanceBusinessKey(ref.toString()).taskDefinitionKey("Task_ReviewAnswers")
                .singleResult();
    }
}
