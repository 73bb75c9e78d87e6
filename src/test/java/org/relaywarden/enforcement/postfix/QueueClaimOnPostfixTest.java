package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
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
import org.relaywarden.enforcement.RefusedAttemptLog;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.process.RelayRemediation.Elements.REVIEW_ANSWERS;
import static org.relaywarden.process.RelayRemediation.ReviewDecisions.APPROVE;
import static org.relaywarden.process.RemediationVariables.REVIEW_COMMENT;
import static org.relaywarden.process.RemediationVariables.REVIEW_DECISION;
import static org.relaywarden.process.RemediationVariables.entry;
import static org.relaywarden.process.RemediationVariables.values;

/**
 * The false queue claim on real Postfix: the customer's own Postfix (relayhost = the provider, SMTP
 * AUTH) holds spam deferred by the provider's 451 (policy service) and the customer claims "queue
 * emptied". Then {@code postqueue -f} on the customer makes it retry: every retry reaches the
 * policy service, the claim is contradicted, no staged re-enable, a letter with the figures.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=queueclaimonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "spring.datasource.url=jdbc:h2:mem:postfix-queue-claim;DB_CLOSE_DELAY=-1",
        "relaywarden.questionnaire.claim.grace=PT2S"})
@DirtiesContext
class QueueClaimOnPostfixTest {

    static final Account KUNDE = Account.parse("kunde@claim.test");
    static final String PW = "kunde-pw";
    static final int POLICY_PORT = Ports.freePort();
    static final int QUEUED_AT_CUSTOMER = 120;

    static SmtpSink deferring;
    static TestPostfix provider;
    static TestPostfix customer;
    static Path quarantineDir;

    @DynamicPropertySource
    static void twoPostfixes(DynamicPropertyRegistry registry) throws IOException {
        deferring = SmtpSink.start("451 4.7.1 try again later");
        provider = TestPostfix.named("claim-provider").relayhost(deferring.relayhost()).policyService(POLICY_PORT)
                .user(KUNDE.login(), PW).build().start();
        // the customer's Postfix retries only when told to (postqueue -f): its own backoff is an hour
        customer = TestPostfix.customerOf("claim-customer", provider, KUNDE.login(), PW);
        quarantineDir = Files.createTempDirectory("rw-claim-quarantine-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.postfix.relays.provider.maillog", () -> provider.root().resolve("maillog").toString());
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, customer, provider, deferring);
    }

    @Autowired
    AlertService alerts;
    @Autowired
    CaseRecords cases;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    TaskService tasks;
    @Autowired
    RelayControl relays;
    @Autowired
    RefusedAttemptLog refused;
    @Autowired
    LetterService letters;

    static String spam(int i) {
        return "From: <kunde+" + i + "@claim.test>\nTo: <victim" + i + "@remote.test>\nSubject: Cheap watches " + i + "\n\nOnly today.\n";
    }

    long customerDeferredBy451() {
        return customer.tool("postqueue", "-j").orThrow().stdoutText().lines()
                .filter(l -> l.contains("\"deferred\"") && l.contains("4.7.1")).count();
    }

    /** Refused attempts since a moment, once they have stopped growing (the customer's retries are over). */
    RefusedAttemptLog.Summary settled(Instant since) {
        long[] last = {-1};
        Await.until("the customer's retries end", Duration.ofSeconds(120), () -> {
            long n = refused.since(KUNDE, since, 0).attempts();
            boolean same = n > 0 && n == last[0];
            last[0] = n;
            if (!same) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return same;
        });
        return refused.since(KUNDE, since, 5);
    }

    Task reviewTask(CaseReference ref) {
        return tasks.createTaskQuery().processInstanceBusinessKey(ref.toString()).taskDefinitionKey(REVIEW_ANSWERS)
                .singleResult();
    }

    @Test
    void aFalseQueueClaimIsContradictedByTheCustomersRetriesNoStagedReenableAndALetterWithTheFigures() throws Exception {
        // the alert: suspended (451 by the policy service), waiting for answers
        CaseReference ref = alerts.raise(new AlertRequest(KUNDE.login(), "queue-monitor", "many deferred messages", "warning",
                false, null, null, "en"), "monitoring").ref();
        Await.until("awaiting answers", Duration.ofSeconds(90), () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        assertThat(relays.stateOf(KUNDE)).isEqualTo(RelayState.SUSPENDED);

        // a cracked user on the customer's server: spam piles up there, each message refused 451 by the provider
        Flood.submit(customer.smtpPort(), null, null, "info@kunde.example", QUEUED_AT_CUSTOMER, 2, QueueClaimOnPostfixTest::spam);
        Await.until("the customer's queue holds the spam, deferred by 451", Duration.ofSeconds(120),
                () -> customerDeferredBy451() == QUEUED_AT_CUSTOMER);
        RefusedAttemptLog.Summary before = settled(cases.get(ref).createdAt());
        assertThat(before.observable()).isTrue();
        assertThat(before.distinctMessages()).as("every queued message was tried once").isEqualTo(QUEUED_AT_CUSTOMER);
        assertThat(before.latest().get(0).recipientCount()).as("both RCPTs of a transaction make one attempt").isEqualTo(2);

        // the customer claims the queue is empty; it is not
        questionnaire.submit(ref, new Answers("a user's password was guessed", "password changed, fail2ban", true,
                "Mail queue is empty"), "page", "customer");
        Instant claimed = Instant.now();
        Await.until("review task", Duration.ofSeconds(30), () -> reviewTask(ref) != null);

        // after the grace period the customer's Postfix retries its queue (postqueue -f), twice
        Thread.sleep(2_500);
        customer.flush();
        RefusedAttemptLog.Summary once = settled(claimed.plusSeconds(2));
        customer.flush();
        RefusedAttemptLog.Summary twice = settled(claimed.plusSeconds(2));
        System.out.printf("refused after the claim: first flush %d attempts / %d distinct, second %d / %d%n",
                once.attempts(), once.distinctMessages(), twice.attempts(), twice.distinctMessages());
        assertThat(once.distinctMessages()).isPositive().isLessThanOrEqualTo(QUEUED_AT_CUSTOMER);
        assertThat(twice.attempts()).as("the second flush retried again").isGreaterThan(once.attempts());
        assertThat(twice.distinctMessages()).as("a retried message is the same message").isLessThanOrEqualTo(QUEUED_AT_CUSTOMER)
                .isLessThan(twice.attempts());

        // the agent approves: the check contradicts the claim, the account is never held, the customer gets the figures
        tasks.complete(reviewTask(ref).getId(), values(entry(REVIEW_DECISION, APPROVE), entry(REVIEW_COMMENT, "looks fine")));
        Await.until("back to awaiting answers", Duration.ofSeconds(60), () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS
                && letters.ofCase(ref).stream().anyMatch(l -> l.kind() == LetterKind.QUEUE_NOT_EMPTY));
        assertThat(relays.stateOf(KUNDE)).isEqualTo(RelayState.SUSPENDED);
        assertThat(cases.auditTrail(ref).stream().map(AuditEntry::action)).doesNotContain("RELAY_HELD");
        assertThat(cases.auditTrail(ref).stream().filter(a -> a.action().equals("QUEUE_CLAIM_CHECK")).map(AuditEntry::detail))
                .singleElement().asString().startsWith("contradicted: " + twice.attempts() + " refused attempts, about "
                        + twice.distinctMessages() + " distinct messages");
        LetterService.SentLetter letter = letters.ofCase(ref).stream().filter(l -> l.kind() == LetterKind.QUEUE_NOT_EMPTY)
                .findFirst().orElseThrow();
        assertThat(letter.body()).contains("has tried to send " + twice.distinctMessages() + " different messages",
                "(" + twice.attempts() + " attempts", "postqueue -p", "exim -bp", "qmail-qstat");
        assertThat(letter.recipients()).isNotEmpty();
        assertThat(customerDeferredBy451()).as("the customer's server still holds its spam").isEqualTo(QUEUED_AT_CUSTOMER);
        assertThat(deferring.count("Cheap watches")).as("nothing reached the upstream").isZero();
    }
}
