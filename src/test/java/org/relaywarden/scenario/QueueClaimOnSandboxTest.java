package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.scenario.SeedScenarioOnSandboxTest.*;

/**
 * The customer's "queue emptied" checked against what the relay sees (here the sandbox's refused
 * submissions), and pasted queue output judged alike on every channel, the REST API included.
 */
@RelaywardenSpringBootTest
class QueueClaimOnSandboxTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    TaskService tasks;

    String open(Api api, String login) {
        String caseId = api.post("monitoring", "/api/v1/alerts", "{\"account\":\"" + login + "\",\"source\":\"queue-monitor\","
                + "\"reason\":\"many deferred\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        return caseId;
    }

    Map<String, Object> reviewForm(String caseId) {
        Task t = tasks.createTaskQuery().processInstanceBusinessKey(caseId).taskDefinitionKey("Task_ReviewAnswers").singleResult();
        return tasks.getVariablesLocal(t.getId());
    }

    @Test
    void retriesAfterTheClaimContradictItTheCustomerGetsTheFiguresAndTheCaseWaitsForAnswersAgain() throws Exception {
        Api api = new Api(rest);
        Account kunde = Account.parse("kunde@claim.example");
        String caseId = open(api, kunde.login());

        // the customer's server tries its 40 queued messages (2 recipients each) while suspended: refused
        assertThat(sandbox.flood(kunde, 40, 2, SandboxMailServer.Upstream.DEFERS).refused()).isEqualTo(40);
        answerCompletely(api, caseId);
        assertThat(reviewForm(caseId).get("retriesSummary").toString())
                .contains("40 refused attempts, about 40 distinct messages").doesNotContain("No retries since");
        assertThat(reviewForm(caseId).get("retriesLatest").toString()).contains("spam39@claim.example", "victim78@");

        // after the claim (and its grace of 1 s) the server retries the same 40 messages
        Thread.sleep(1_500);
        assertThat(sandbox.flood(kunde, 40, 2, SandboxMailServer.Upstream.DEFERS).refused()).isEqualTo(40);
        approveReview(api, caseId);

        JsonNode letter = awaitLetter(api, caseId, "QUEUE_NOT_EMPTY", 1);
        assertThat(letter.path("body").asText()).contains("40", "postqueue -p", "exim -bp", "qmail-qstat");
        JsonNode c = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(sandbox.stateOf(kunde)).as("no staged re-enable").isEqualTo(RelayState.SUSPENDED);
        assertThat(kinds(api, caseId)).doesNotContain("REENABLE_FAILED");
        assertThat(c.path("audit").toString()).contains("QUEUE_CLAIM_CHECK", "contradicted: 40 refused attempts, about 40 distinct messages");
        assertThat(audit(c)).doesNotContain("RELAY_HELD");

        // the customer really empties the queue now: no retries after the new claim, the claim holds
        answerCompletely(api, caseId);
        assertThat(reviewForm(caseId).get("retriesSummary").toString())
                .contains("80 refused attempts, about 40 distinct messages");
        Thread.sleep(1_200);
        approveReview(api, caseId);
        // the stage starts before its asynchronous hold job has run: wait for the hold itself
        JsonNode staged = api.awaitCase(caseId, "held", v -> "STAGED_REENABLE".equals(v.path("stage").asText())
                && sandbox.stateOf(kunde) == RelayState.HELD);
        assertThat(staged.path("audit").toString()).contains("holds: no refused attempt since");
    }

    @Test
    void aQueueListingPastedThroughTheApiLeavesQuestionThreeOpenAsOnThePageAndInMail() {
        Api api = new Api(rest);
        String caseId = open(api, "listing@claim.example");
        String listing = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\\n"
                + "4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  spam1@listing.example\\n                        victim1@remote.test\\n\\n"
                + "4BqF2x1Zk9z5vND    2345 Sat Nov 28 21:04:14  spam2@listing.example\\n                        victim2@remote.test\\n\\n"
                + "-- 5 Kbytes in 2 Requests.";
        ResponseEntity<JsonNode> r = api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"cracked password\",\"prevention\":\"fail2ban\",\"queueEmptied\":true,\"queueOutput\":\"" + listing + "\"}");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody().path("complete").asBoolean()).isFalse();
        assertThat(r.getBody().path("missingQuestions").asText()).isEqualTo("3");
        assertThat(r.getBody().path("queueOutputMessages").asInt()).isEqualTo(2);
        JsonNode followUp = awaitLetter(api, caseId, "FOLLOW_UP", 1);
        assertThat(followUp.path("subject").asText()).contains("3");
        JsonNode c = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(c.path("audit").toString()).contains("the pasted queue output still lists 2 messages");

        // the listing of an empty queue answers it
        answerCompletely(api, caseId);
    }
}
