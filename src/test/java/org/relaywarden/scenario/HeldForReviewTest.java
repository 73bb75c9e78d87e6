package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.risk.RiskFeedback;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.process.RelayRemediation;
import org.relaywarden.process.RemediationVariables;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 29, the desk's side, through the whole application on the sandbox relay: the policy core's verdict (handed
 * to the application's {@link RiskListener}, as the core does on its request thread) opens a case; HOLD holds the
 * account's mail on the relay and waits for the desk; one action releases every held message (the core is told, the
 * case closes as a false positive); "spam" suspends and quarantines with the reasons in the first letter; a verdict
 * rising to SUSPEND suspends. The core's own profile is on its own branch: here a recording {@link RiskFeedback}
 * stands in for it (simulated core). Its own context: the recording feedback is a bean of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=heldforreview",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:held-for-review;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-held-for-review-quarantine",
        "relaywarden.mail-server=sandbox",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "camunda.bpm.job-execution.wait-time-in-millis=100",
        "camunda.bpm.job-execution.max-wait=500",
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        // the verdicts come from the test (the listener), not from the core's own risk on the sandbox's floods
        "relaywarden.risk.enabled=false",
})
@DirtiesContext
class HeldForReviewTest {

    /** The core's side of the seam, simulated: what the process told it. */
    static final List<String> LEARNED = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class SimulatedCore {
        /** Stands in for the application's core (which the sandbox asks too) where the process tells it of a review. */
        @Bean
        @Primary
        RiskFeedback simulatedCoreFeedback() {
            return (account, heldSince) -> LEARNED.add(account.login() + "@" + heldSince);
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RiskListener listener;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    static final List<String> REASONS = List.of("412 messages in 40 s (normal: 3 a minute)",
            "6 sender domains that are not yours", "380 recipient domains never seen");

    RiskVerdict verdict(Account account, RiskLevel level, Instant at) {
        return new RiskVerdict(account, level, level == RiskLevel.HOLD ? 0.72 : 0.97, REASONS, at);
    }

    /** The account's case, once the alert's thread has opened it, in the stage. */
    String caseOf(Api api, Account account, String stage) {
        String caseId = api.awaitCaseOf(account.login());
        api.awaitStage(caseId, stage);
        return caseId;
    }

    Task reviewTask(String caseId) {
        return Api.until("the review task of " + caseId, () -> tasks.createTaskQuery().processInstanceBusinessKey(caseId)
                .taskDefinitionKey(RelayRemediation.Elements.REVIEW_HELD_MAIL).singleResult());
    }

    static String audit(JsonNode view) {
        return view.path("audit").toString();
    }

    @Test
    void heldMailOfALegitimateAccountIsReleasedWithOneActionAndTheCaseClosesAsAFalsePositive() {
        Api api = new Api(rest);
        Account account = Account.parse("newsletter@held.example");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        listener.risky(verdict(account, RiskLevel.HOLD, at));
        String caseId = caseOf(api, account, "HELD_FOR_REVIEW");
        Api.until("the relay state HELD", () -> sandbox.stateOf(account) == RelayState.HELD);
        // the customer's newsletter goes on: accepted and held, nothing delivered, nothing lost
        SandboxMailServer.FloodResult sent = sandbox.flood(account, 40, 3, SandboxMailServer.Upstream.ACCEPTS);
        assertThat(sent.held()).isEqualTo(40);
        assertThat(sandbox.deliveredCount(account)).isZero();

        Task review = reviewTask(caseId);
        assertThat(tasks.getIdentityLinksForTask(review.getId())).anySatisfy(l -> assertThat(l.getGroupId())
                .isEqualTo("relaywarden-operators"));
        Map<String, Object> shown = tasks.getVariablesLocal(review.getId());
        assertThat((String) shown.get("riskReasons")).contains(REASONS.get(0), REASONS.get(2));
        JsonNode view = api.caseView(caseId);
        assertThat(view.path("source").asText()).isEqualTo("policy-risk");
        assertThat(view.path("risk").path("verdicts").get(0).path("level").asText()).isEqualTo("HOLD");
        assertThat(view.path("risk").path("verdicts").get(0).path("reasons").toString()).contains(REASONS.get(1));
        assertThat(view.path("risk").path("heldReview").path("heldSince").asText()).isEqualTo(at.toString());
        assertThat(audit(view)).contains("RISK", "HELD_FOR_REVIEW", "RELAY_HELD");

        // only operators release; the request names no account, no count, no time: the case record does
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/release-held", "{}").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/release-held",
                "{\"note\":\"the shop's newsletter, confirmed by phone\"}").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode closed = api.awaitCase(caseId, "closed", c -> !c.path("closedAt").isNull());
        assertThat(closed.path("outcome").asText()).isEqualTo("CLOSED_BY_OPERATOR");
        assertThat(closed.path("finalRelayState").asText()).isEqualTo("ACTIVE");
        assertThat(sandbox.deliveredCount(account)).isEqualTo(40);
        assertThat(sandbox.queueCounts(account).getOrDefault(QueueName.HOLD, 0L)).isZero();
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.ACTIVE);
        assertThat(LEARNED).contains(account.login() + "@" + at);
        assertThat(audit(closed)).contains("HELD_MAIL_LEGITIMATE", "the shop's newsletter", "RELAY_ACTIVE",
                "HELD_MAIL_RELEASED", "40 held messages released", "QUIET_PERIOD", "CASE_CLOSED");
        assertThat(closed.path("risk").path("heldReview").path("decision").asText()).isEqualTo("LEGITIMATE");
        assertThat(closed.path("risk").path("heldReview").path("decidedBy").asText()).isEqualTo("operator");
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/release-held", "{}").getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(meters.get("relaywarden.risk.cases").tag("level", "hold").counter().count()).isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("relaywarden.risk.reviews").tag("outcome", "legitimate").counter().count()).isEqualTo(1.0);
    }

    @Test
    void heldMailJudgedSpamIsSuspendedAndQuarantinedAndTheFirstLetterNamesTheReasons() {
        Api api = new Api(rest);
        Account account = Account.parse("cracked@held.example");
        listener.risky(verdict(account, RiskLevel.HOLD, Instant.now()));
        String caseId = caseOf(api, account, "HELD_FOR_REVIEW");
        Api.until("the relay state HELD", () -> sandbox.stateOf(account) == RelayState.HELD);
        sandbox.flood(account, 25, 2, SandboxMailServer.Upstream.ACCEPTS);
        Task review = reviewTask(caseId);
        tasks.setAssignee(review.getId(), "operator");
        tasks.complete(review.getId(), Map.of(RemediationVariables.HELD_MAIL_DECISION.name(),
                RelayRemediation.HeldMailDecisions.SPAM, RemediationVariables.HELD_MAIL_NOTE.name(), "forged senders"));
        JsonNode waiting = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.SUSPENDED);
        assertThat(sandbox.deliveredCount(account)).isZero();
        assertThat(sandbox.queueCounts(account).getOrDefault(QueueName.HOLD, 0L)).isZero();
        assertThat(waiting.path("evidence").path("messageCount").asInt()).isEqualTo(25);
        assertThat(waiting.path("evidence").path("riskReasons").toString()).contains(REASONS.get(0));
        assertThat(audit(waiting)).contains("HELD_MAIL_SPAM", "RELAY_SUSPENDED");
        JsonNode letters = api.get("operator", "/api/v1/cases/" + caseId + "/letters").getBody();
        assertThat(letters.toString()).contains(REASONS.get(0), REASONS.get(1));
        assertThat(meters.get("relaywarden.risk.reviews").tag("outcome", "spam").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aHeldCaseWhoseRiskRisesToSuspendIsSuspended() {
        Api api = new Api(rest);
        Account account = Account.parse("rising@held.example");
        Instant at = Instant.now();
        listener.risky(verdict(account, RiskLevel.HOLD, at));
        String caseId = caseOf(api, account, "HELD_FOR_REVIEW");
        reviewTask(caseId);
        listener.risky(verdict(account, RiskLevel.SUSPEND, at.plusSeconds(5)));
        JsonNode suspended = api.awaitCase(caseId, "suspended", c -> List.of("SUSPENDED", "QUARANTINED", "AWAITING_ANSWERS")
                .contains(c.path("stage").asText()));
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.SUSPENDED);
        assertThat(suspended.path("risk").path("verdicts")).hasSize(2);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(caseId)
                .taskDefinitionKey(RelayRemediation.Elements.REVIEW_HELD_MAIL).count()).isZero();
    }

    @Test
    void aSureVerdictOpensANormalCaseWithTheReasonsAsItsEvidence() {
        Api api = new Api(rest);
        Account account = Account.parse("sure@held.example");
        listener.risky(verdict(account, RiskLevel.SUSPEND, Instant.now()));
        String caseId = caseOf(api, account, "AWAITING_ANSWERS");
        JsonNode view = api.caseView(caseId);
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.SUSPENDED);
        assertThat(view.path("evidence").path("riskReasons").toString()).contains(REASONS.get(2));
        assertThat(audit(view)).doesNotContain("HELD_FOR_REVIEW");
        assertThat(meters.get("relaywarden.risk.cases").tag("level", "suspend").counter().count()).isGreaterThanOrEqualTo(1.0);
    }

    /** An operator who closes a held case with the account active (any stage's close) releases its held mail too. */
    @Test
    void closingAHeldCaseWithTheAccountActiveReleasesItsHeldMail() {
        Api api = new Api(rest);
        Account account = Account.parse("closed@held.example");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        listener.risky(verdict(account, RiskLevel.HOLD, at));
        String caseId = caseOf(api, account, "HELD_FOR_REVIEW");
        reviewTask(caseId);
        assertThat(sandbox.flood(account, 7, 1, SandboxMailServer.Upstream.ACCEPTS).held()).isEqualTo(7);
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/close",
                "{\"finalRelayState\":\"ACTIVE\",\"reason\":\"known customer\"}").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode closed = api.awaitStage(caseId, "CLOSED");
        assertThat(sandbox.deliveredCount(account)).isEqualTo(7);
        assertThat(sandbox.queueCounts(account).getOrDefault(QueueName.HOLD, 0L)).isZero();
        assertThat(LEARNED).contains(account.login() + "@" + at);
        assertThat(audit(closed)).contains("7 held messages released", "QUIET_PERIOD");
    }
}
