package org.relaywarden.enforcement;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.postfix.QueueFiles;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.relay.MtaLab;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.process.RelayRemediation.Elements.REVIEW_ANSWERS;
import static org.relaywarden.process.RelayRemediation.ReviewDecisions.APPROVE;
import static org.relaywarden.process.RemediationVariables.REVIEW_COMMENT;
import static org.relaywarden.process.RemediationVariables.REVIEW_DECISION;
import static org.relaywarden.process.RemediationVariables.entry;
import static org.relaywarden.process.RemediationVariables.values;
import static org.relaywarden.testsupport.relay.MtaLab.KUNDE;
import static org.relaywarden.testsupport.relay.MtaLab.NACHBAR;

/**
 * The seed's story end to end on a real relay ({@link MtaLab}: Postfix, Exim, qmail), Relaywarden running the case on
 * that relay's adapter (no sandbox). The customer's own Postfix relays through the provider with SMTP AUTH; a cracked
 * user on it floods it with spam. Upstream of the provider first a soft-rejecting server (the seed's signal: spam
 * stays deferred), later a sink that accepts and counts everything: it must receive none of the spam, also after the
 * staged re-enable. One subclass per relay starts its lab with {@link #startOn}.
 */
@SpringBootTest(properties = {
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.detection.burst.staged-threshold=20",
        "relaywarden.questionnaire.claim.grace=PT2S",
        // the upstream that defers every recipient stands for the seed's deferred queue; the risk reads those 4xx
        // answers from the relay's log (every 5 s) and, with the flood's pace, rightly holds the account for review
        // once it has read them: on a slow machine in the middle of the first wave (CI saw 100 never all deferred).
        // This story follows monitoring's alert, as the founding story did; the risk's hold on receivers' answers is
        // RiskOnPostfixTest's and RiskOnEximTest's business
        "relaywarden.risk.deferred-weight=0"})
@DirtiesContext
public abstract class SeedScenario {

    static final int FIRST_WAVE = 100;
    static final int QUEUED_AT_CUSTOMER = 300;
    static final String SPAM = "X-Spam-Marker: cheap-watches";
    /** What the cracked user writes as sender: the customer's own domain. */
    static final String CUSTOMER_SENDER = "info@kunde.example";
    /** At most one message in flight per open session of the customer's Postfix (its destination concurrency, 20 by default). */
    static final int CUSTOMER_SESSIONS = 20;

    static MtaLab lab;
    static TestPostfix customer;
    static Path quarantineDir;

    /**
     * Starts {@code relay} and the customer's Postfix relaying through it, and points Relaywarden at the relay: called by
     * each subclass's {@code @DynamicPropertySource}.
     */
    protected static void startOn(MtaLab relay, DynamicPropertyRegistry registry) throws Exception {
        lab = relay;
        String name = relay.mailServer();
        // an engine name of its own: a closing context unregisters its engine's name, and the scenario tests' engine is "default"
        registry.add("camunda.bpm.process-engine-name", () -> "seedon" + name);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + "-seed;DB_CLOSE_DELAY=-1");
        relay.start(registry, "provider");
        String sender = relay.envelopeSender(KUNDE, CUSTOMER_SENDER);
        // the customer's server sends as its own domain, configured for the account as docs/risk.md says
        // (the risk, on as shipped, would hold a sender domain that is not the account's after its third message)
        registry.add("relaywarden.risk.accounts.[" + KUNDE.login() + "].sender-domains", () -> sender.substring(sender.indexOf('@') + 1));
        customer = TestPostfix.customerOf("customer", relay.smtpPort(), KUNDE.login(), relay.password(KUNDE));
        quarantineDir = Files.createTempDirectory("rw-" + name + "-seed-");
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, customer, lab);
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
    MailQueue queue;

    final Map<String, Long> steps = new LinkedHashMap<>();
    long stepStart;

    void step(String name) {
        long now = System.nanoTime();
        steps.put(name, Duration.ofNanos(now - stepStart).toMillis());
        stepStart = now;
        System.out.printf("step %-58s %6d ms%n", name, steps.get(name));
    }

    static String spam(int i) {
        return "From: <kunde+" + i + "@example.test>\nTo: <victim" + i + "@remote.test>\nSubject: Cheap watches " + i + "\n"
                + SPAM + "\n\nOnly today.\n";
    }

    /** The customer's deferred messages whose reason names the relay's refusal ({@link MtaLab#refusalMark}). */
    long customerDeferredByTheRelay() {
        return customer.tool("postqueue", "-j").orThrow().stdoutText().lines()
                .filter(l -> l.contains("\"deferred\"") && l.contains(lab.refusalMark())).count();
    }

    long auditCount(CaseReference ref, String action) {
        return cases.auditTrail(ref).stream().map(AuditEntry::action).filter(action::equals).count();
    }

    @Test
    public void theSeedsCaseEndToEndLetsNoSpamOut() throws Exception {
        stepStart = System.nanoTime();
        String sender = lab.envelopeSender(KUNDE, CUSTOMER_SENDER);
        // 1. A cracked user on the customer's server floods it; its Postfix relays through the provider with SMTP AUTH
        Flood.submit(customer.smtpPort(), null, null, sender, FIRST_WAVE, 2, SeedScenario::spam);
        Await.until("the first wave sits deferred in the provider's queue", Duration.ofSeconds(120),
                () -> queue.messagesOf(KUNDE, EnumSet.of(QueueName.DEFERRED)).size() == FIRST_WAVE);
        step("first wave relayed by the customer, deferred upstream");

        // 2. Monitoring raises the alert: suspended, quarantined, letter sent, waiting for answers
        CaseReference ref = alerts.raise(new AlertRequest(KUNDE.login(), "queue-monitor", "many deferred messages", "warning",
                false, null, null, "en"), "monitoring").ref();
        Await.until("suspended", Duration.ofSeconds(60), () -> relays.stateOf(KUNDE) == RelayState.SUSPENDED);
        // the state is answered by the policy service first, the durable layer follows it
        Await.until("the durable layer refuses", Duration.ofSeconds(30), () -> lab.durablyRefuses(KUNDE));
        step("alert -> suspended");
        Await.until("awaiting answers", Duration.ofSeconds(120), () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        step("suspended -> quarantined -> letter -> awaiting answers");
        assertThat(quarantine.ofCase(ref)).hasSize(FIRST_WAVE);
        assertThat(cases.evidence(ref)).hasValueSatisfying(e -> {
            assertThat(e.messageCount()).isEqualTo(FIRST_WAVE);
            assertThat(e.recipientCount()).isEqualTo(2 * FIRST_WAVE);
            assertThat(e.sampleLog()).isNotEmpty().allSatisfy(l -> assertThat(l).contains(lab.loginInLog(KUNDE)));
        });
        assertThat(queue.messagesOf(KUNDE, EnumSet.allOf(QueueName.class))).isEmpty();

        // 3. The spam goes on: the provider refuses temporarily, so the customer's Postfix keeps it all (nothing bounces)
        Flood.submit(customer.smtpPort(), null, null, sender, QUEUED_AT_CUSTOMER, 2, i -> spam(FIRST_WAVE + i));
        Await.until("the customer's queue holds the spam, deferred by the relay's refusal", Duration.ofSeconds(180),
                () -> customerDeferredByTheRelay() == QUEUED_AT_CUSTOMER);
        lab.refusalLog().ifPresent(log -> assertThat(log).contains("451 4.7.1").contains("case " + ref));
        step("customer's queue filled, every message refused temporarily");

        // the provider's upstream recovers: from now on whatever leaves the provider reaches the counting sink
        lab.upstreamUp();

        // 4. The customer answers all three questions (but did not really empty the queue); an agent approves
        questionnaire.submit(ref, new Answers("daughter's password was guessed", "account deleted", true, "Mail queue is empty"),
                "web", "customer");
        Await.until("review task", Duration.ofSeconds(30), () -> reviewTask(ref) != null);
        tasks.complete(reviewTask(ref).getId(), values(entry(REVIEW_DECISION, APPROVE), entry(REVIEW_COMMENT, "second chance")));
        Await.until("held", Duration.ofSeconds(60), () -> relays.stateOf(KUNDE) == RelayState.HELD);
        Await.until("the durable layer holds (and no longer refuses)", Duration.ofSeconds(30), () -> lab.durablyHolds(KUNDE));
        step("answers -> review -> staged re-enable (HOLD)");

        // 5. The customer's Postfix flushes its queue: held by the provider, the burst is seen, suspended again
        // a quarantine audits each of its rounds (a message in flight takes one more): count the ones after the flush
        long quarantinesBefore = auditCount(ref, "QUARANTINE");
        long flushed = System.nanoTime();
        customer.flush();
        Await.until("suspended again", Duration.ofSeconds(90), () -> relays.stateOf(KUNDE) == RelayState.SUSPENDED);
        step("customer flushes -> burst detected -> suspended again");
        Await.until("held mail quarantined", Duration.ofSeconds(120), () -> auditCount(ref, "QUARANTINE") > quarantinesBefore
                && cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        step("held mail quarantined, customer asked again");
        System.out.printf("from the flush to the second suspension and quarantine: %d ms%n",
                Duration.ofNanos(System.nanoTime() - flushed).toMillis());

        int quarantined = quarantine.ofCase(ref).size();
        assertThat(quarantined).isGreaterThan(FIRST_WAVE);
        assertThat(queue.messagesOf(KUNDE, EnumSet.allOf(QueueName.class))).as("nothing of the account left at the provider")
                .isEmpty();
        assertThat(lab.held()).as("nothing left in the relay's hold place").isZero();
        // the customer's Postfix stopped, so that its queue holds still while it is counted and read file by file;
        // postqueue reads a stopped queue directly
        customer.stop();
        long stillAtCustomer = customer.queued();
        // none lost, per message (by the number in its subject): each of the spam the customer queued is quarantined or
        // still in the customer's queue. A message in flight when the account was suspended again (the burst is caught
        // while the customer's Postfix is mid-flush) can be on both sides: the provider's queue held it when the
        // quarantine read it, the customer never saw the final 250. At most one per open session of the customer's Postfix.
        Map<Integer, Integer> inQuarantine = new TreeMap<>();
        for (var m : quarantine.ofCase(ref)) {
            inQuarantine.merge(spamNumber(quarantine.content(ref, m.id())), 1, Integer::sum);
        }
        Map<Integer, Integer> atCustomer = new TreeMap<>();
        for (byte[] message : QueueFiles.messages(customer)) {
            atCustomer.merge(spamNumber(message), 1, Integer::sum);
        }
        List<Integer> lost = new ArrayList<>(), onBothSides = new ArrayList<>(), twice = new ArrayList<>();
        for (int i = 0; i < FIRST_WAVE + QUEUED_AT_CUSTOMER; i++) {
            int q = inQuarantine.getOrDefault(i, 0), c = atCustomer.getOrDefault(i, 0);
            if (q + c == 0) {
                lost.add(i);
            }
            if (q > 0 && c > 0) {
                onBothSides.add(i);
            }
            if (q > 1 || c > 1) {
                twice.add(i);
            }
        }
        System.out.printf("per message: %d quarantined, %d at the customer, on both sides %s, twice %s%n",
                inQuarantine.size(), atCustomer.size(), onBothSides, twice);
        assertThat(lost).as("spam neither quarantined nor at the customer").isEmpty();
        assertThat(inQuarantine.keySet()).as("the first wave is quarantined").containsAll(
                IntStream.range(0, FIRST_WAVE).boxed().toList());
        assertThat(onBothSides.size() + twice.size()).as("messages in flight, at most one per customer session")
                .isLessThanOrEqualTo(CUSTOMER_SESSIONS);
        assertThat(atCustomer.values().stream().mapToLong(Integer::longValue).sum()).as("the customer's queue, read file by file")
                .isEqualTo(stillAtCustomer);

        // another account still relays, and its mail does reach the counting sink
        try (SmtpTestClient other = SmtpTestClient.connect(lab.smtpPort(), NACHBAR.login(), lab.password(NACHBAR))) {
            assertThat(other.send(lab.envelopeSender(NACHBAR, NACHBAR.login()), "Subject: legit\n\nhello neighbour seed\n",
                    "friend@remote.test").code()).isEqualTo(250);
        }
        Await.until("the sink receives legitimate mail", Duration.ofSeconds(30), () -> lab.upstreamCount("hello neighbour seed") == 1);
        lab.flush();
        assertThat(lab.awaitQueueEmpty(Duration.ofSeconds(60))).as("the relay delivered all it had").isTrue();
        assertThat(lab.upstreamCount(SPAM)).as("spam that reached upstream (the deferring server or the sink)").isZero();
        System.out.printf("quarantined %d, still in the customer's queue %d, spam upstream %d; steps %s%n",
                quarantined, stillAtCustomer, lab.upstreamCount(SPAM), steps);
    }

    /** The number in a spam message's subject ({@link #spam}), -1 for other mail. */
    static int spamNumber(byte[] message) {
        Matcher m = Pattern.compile("\nSubject: Cheap watches (\\d+)\n").matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    Task reviewTask(CaseReference ref) {
        return tasks.createTaskQuery().processInstanceBusinessKey(ref.toString()).taskDefinitionKey(REVIEW_ANSWERS).singleResult();
    }
}
