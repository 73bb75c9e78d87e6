package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's story end to end over REST, on the sandbox mail server: a flooded account is
 * suspended and quarantined, the customer answers incompletely and is followed up, answers fully,
 * is re-enabled in stages, his server floods again (held, caught, re-suspended, quarantined),
 * answers again, is re-enabled, passes probation and the case closes as remediated. No spam
 * leaves the sandbox relay at any point.
 */
@RelaywardenSpringBootTest
class SeedScenarioOnSandboxTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    HistoryService history;

    @Test
    void theSeedsCustomerFromAlertToRemediated() {
        Api api = new Api(rest);
        Account kunde = Account.parse("kunde@seed.example");

        // the cracked password: 300 spam messages stuck deferred at the provider
        JsonNode flood = api.post("operator", "/api/v1/sandbox/accounts/kunde@seed.example/flood",
                "{\"count\": 300, \"recipientsEach\": 3}").getBody();
        assertThat(flood.path("deferred").asInt()).isEqualTo(300);

        // monitoring raises the alert
        ResponseEntity<JsonNode> alert = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"kunde@seed.example\",\"source\":\"queue-monitor\",\"reason\":\"300 deferred\"}");
        assertThat(alert.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String caseId = alert.getBody().path("caseId").asText();
        assertThat(alert.getHeaders().getLocation()).hasToString("/api/v1/cases/" + caseId);

        JsonNode c = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(sandbox.stateOf(kunde)).isEqualTo(RelayState.SUSPENDED);
        assertThat(sandbox.queueCounts(kunde)).isEmpty();
        assertThat(c.path("evidence").path("messageCount").asInt()).isEqualTo(300);
        assertThat(c.path("evidence").path("recipientCount").asInt()).isEqualTo(900);
        assertThat(c.path("evidence").path("sampleLog").get(0).asText()).contains("sasl_username=kunde@seed.example");
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody()).hasSize(300);
        JsonNode firstNotice = letters(api, caseId).get(0);
        assertThat(firstNotice.path("kind").asText()).isEqualTo("FIRST_NOTICE");
        assertThat(firstNotice.path("subject").asText()).contains("[#" + caseId + "]");
        assertThat(firstNotice.path("body").asText()).contains("\n1. ", "\n2. ", "\n3. ", "Mailqueue", caseId,
                "sasl_username=kunde@seed.example");

        // while suspended, the customer's server is refused
        assertThat(sandbox.flood(kunde, 10, 1, SandboxMailServer.Upstream.DEFERS).refused()).isEqualTo(10);

        // answers 1 and 2 only: the follow-up names question 3
        JsonNode partial = api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"Passwort der Tochter geknackt\",\"prevention\":\"Konto gelöscht\",\"queueEmptied\":false}").getBody();
        assertThat(partial.path("complete").asBoolean()).isFalse();
        assertThat(partial.path("missingQuestions").asText()).isEqualTo("3");
        JsonNode followUp = awaitLetter(api, caseId, "FOLLOW_UP", 1);
        assertThat(followUp.path("body").asText()).contains("3. Bitte bestätigen Sie").doesNotContain("1. Was genau");

        // all three: review, approve
        answerCompletely(api, caseId);
        approveReview(api, caseId);
        // the stage starts before its asynchronous hold job has run: wait for the hold itself
        api.awaitCase(caseId, "held", v -> "STAGED_REENABLE".equals(v.path("stage").asText())
                && sandbox.stateOf(kunde) == RelayState.HELD);

        // the customer's server flushes its queue the moment it is re-enabled: held, caught, re-suspended. The policy
        // core answers each message: HOLD while the account is held, a refusal once the burst watch (20 messages)
        // has suspended it, which it does while the flood is still going on
        SandboxMailServer.FloodResult flush = sandbox.flood(kunde, 400, 2, SandboxMailServer.Upstream.ACCEPTS);
        assertThat(flush.held() + flush.refused()).isEqualTo(400);
        assertThat(flush.held()).isGreaterThanOrEqualTo(20);
        int held = flush.held(); // the letter's arrivals may be one more: counted at RCPT, refused at END-OF-MESSAGE
        Instant flooded = Instant.now();
        c = api.awaitCase(caseId, "one failed re-enable, back to answers",
                v -> v.path("failedAttempts").asInt() == 1 && "AWAITING_ANSWERS".equals(v.path("stage").asText()));
        assertThat(sandbox.stateOf(kunde)).isEqualTo(RelayState.SUSPENDED);
        // the burst watch told the process within a second of the flood
        var burst = history.createHistoricActivityInstanceQuery().activityId("Event_BurstDuringStaging")
                .processInstanceId(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseId)
                        .singleResult().getId()).singleResult();
        assertThat(Duration.between(flooded, burst.getEndTime().toInstant())).isLessThan(Duration.ofSeconds(1));
        assertThat(sandbox.queueCounts(kunde)).isEmpty();
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody()).hasSize(300 + held);
        JsonNode failed = awaitLetter(api, caseId, "REENABLE_FAILED", 1);
        assertThat(failed.path("body").asText()).contains(held + " zurückgehaltene Mails sind in Quarantäne");
        List<String> failedAudit = new ArrayList<>();
        api.caseView(caseId).path("audit").forEach(a -> {
            if ("REENABLE_FAILED".equals(a.path("action").asText())) {
                failedAudit.add(a.path("detail").asText());
            }
        });
        assertThat(failedAudit).singleElement().asString().endsWith(", " + held + " held quarantined");
        assertThat(kinds(api, caseId)).containsExactly("FIRST_NOTICE", "FOLLOW_UP", "REENABLE_FAILED");

        // this time the queue really is empty
        answerCompletely(api, caseId);
        approveReview(api, caseId);
        api.awaitStage(caseId, "PROBATION");
        assertThat(sandbox.stateOf(kunde)).isEqualTo(RelayState.PROBATION);
        assertThat(sandbox.flood(kunde, 5, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(5);

        c = api.awaitStage(caseId, "CLOSED");
        assertThat(c.path("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(c.path("finalRelayState").asText()).isEqualTo("ACTIVE");
        assertThat(sandbox.stateOf(kunde)).isEqualTo(RelayState.ACTIVE);
        awaitLetter(api, caseId, "CASE_CLOSED", 1);
        // not one spam message got out: only the 5 sent after remediation were delivered
        assertThat(sandbox.deliveredCount(kunde)).isEqualTo(5);
        assertThat(sandbox.queueCounts(kunde)).doesNotContainKey(QueueName.HOLD);
        assertThat(audit(c)).containsSubsequence("CASE_OPENED", "RELAY_SUSPENDED", "QUARANTINE", "EVIDENCE",
                "LETTER_RECORDED", "ANSWERS_RECEIVED", "RELAY_HELD", "REENABLE_FAILED", "RELAY_PROBATION", "CASE_CLOSED");
    }

    static void answerCompletely(Api api, String caseId) {
        JsonNode full = api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"Passwort geknackt\",\"prevention\":\"SASL nur mit starken Passwörtern, fail2ban\","
                        + "\"queueEmptied\":true,\"queueOutput\":\"Mail queue is empty\"}").getBody();
        assertThat(full.path("complete").asBoolean()).as(String.valueOf(full)).isTrue();
        api.awaitStage(caseId, "IN_REVIEW");
    }

    /** The agent completes the review task through Camunda's REST API, as Tasklist does. */
    static void approveReview(Api api, String caseId) {
        ResponseEntity<JsonNode> found = api.get("agent", "/engine-rest/task?processInstanceBusinessKey=" + caseId
                + "&taskDefinitionKey=Task_ReviewAnswers");
        assertThat(found.getStatusCode()).as(String.valueOf(found)).isEqualTo(HttpStatus.OK);
        JsonNode tasks = found.getBody();
        assertThat(tasks).hasSize(1);
        String taskId = tasks.get(0).path("id").asText();
        ResponseEntity<JsonNode> done = api.post("agent", "/engine-rest/task/" + taskId + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"},\"reviewComment\":{\"value\":\"ok\"}}}");
        assertThat(done.getStatusCode().is2xxSuccessful()).as(String.valueOf(done)).isTrue();
    }

    static JsonNode letters(Api api, String caseId) {
        return api.get("operator", "/api/v1/cases/" + caseId + "/letters").getBody();
    }

    static List<String> kinds(Api api, String caseId) {
        List<String> kinds = new ArrayList<>();
        letters(api, caseId).forEach(l -> kinds.add(l.path("kind").asText()));
        return kinds;
    }

    static JsonNode awaitLetter(Api api, String caseId, String kind, int count) {
        api.awaitCase(caseId, count + " letter(s) " + kind,
                c -> kinds(api, caseId).stream().filter(kind::equals).count() >= count);
        JsonNode found = null;
        for (JsonNode l : letters(api, caseId)) {
            if (kind.equals(l.path("kind").asText())) {
                found = l;
            }
        }
        return found;
    }

    static List<String> audit(JsonNode c) {
        List<String> actions = new ArrayList<>();
        c.path("audit").forEach(a -> actions.add(a.path("action").asText()));
        return actions;
    }
}
