package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API's answers: new, folded and concurrent alerts, bad input, missing rights, an operator's close. */
@RelaywardenSpringBootTest
class AlertAndCaseApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    SandboxMailServer sandbox;

    static String alert(String account) {
        return "{\"account\":\"" + account + "\",\"source\":\"queue-monitor\",\"reason\":\"many deferred\"}";
    }

    @Test
    void concurrentDuplicateAlertsOpenExactlyOneCaseAndOneProcess() throws Exception {
        Api api = new Api(rest);
        int parallel = 20;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            Callable<ResponseEntity<JsonNode>> call = () -> {
                go.await();
                return api.post("monitoring", "/api/v1/alerts", alert("dup@concurrent.example"));
            };
            futures.add(pool.submit(call));
        }
        go.countDown();
        int opened = 0, folded = 0;
        Set<String> caseIds = new HashSet<>();
        for (Future<ResponseEntity<JsonNode>> f : futures) {
            ResponseEntity<JsonNode> r = f.get();
            if (r.getStatusCode() == HttpStatus.ACCEPTED) {
                opened++;
            } else if (r.getStatusCode() == HttpStatus.OK) {
                folded++;
            }
            caseIds.add(r.getBody().path("caseId").asText());
        }
        pool.shutdown();
        assertThat(opened).isEqualTo(1);
        assertThat(folded).isEqualTo(parallel - 1);
        assertThat(caseIds).hasSize(1);
        String caseId = caseIds.iterator().next();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).count()).isEqualTo(1);
        assertThat(api.caseView(caseId).path("alerts").asInt()).isEqualTo(parallel);
    }

    @Test
    void anAlertForAnOpenCaseIsFoldedAndAnOriginatorFlagIsKept() {
        Api api = new Api(rest);
        ResponseEntity<JsonNode> first = api.post("monitoring", "/api/v1/alerts", alert("fold@fold.example"));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<JsonNode> second = api.post("operator", "/api/v1/alerts",
                "{\"account\":\"fold@fold.example\",\"source\":\"operator\",\"originator\":true}");
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(second.getBody().path("status").asText()).isEqualTo("folded");
        assertThat(second.getBody().path("caseId").asText()).isEqualTo(first.getBody().path("caseId").asText());
        JsonNode c = api.caseView(first.getBody().path("caseId").asText());
        assertThat(c.path("originator").asBoolean()).isTrue();
        assertThat(SeedScenarioOnSandboxTest.audit(c)).contains("ALERT_FOLDED");
    }

    @Test
    void malformedAlertsGetA400ThatSaysWhatIsWrong() {
        Api api = new Api(rest);
        assertBadRequest(api.post("monitoring", "/api/v1/alerts", "{\"account\": \"x\""), "malformed");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts", "{\"source\":\"queue-monitor\"}"), "account");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts", alert("alice;rm -rf /@example.test")), "local part");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts", alert("alice@example.test\\nREJECT")), "domain");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts", alert("no-at-sign")), "local@domain");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"a@b.example\",\"source\":\"Bad Source!\"}"), "source");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"a@b.example\",\"source\":\"x\",\"reason\":\"" + "r".repeat(1001) + "\"}"), "reason");
        assertBadRequest(api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"a@b.example\",\"source\":\"x\",\"originator\":\"perhaps\"}"), "malformed");
        // none of them opened a case
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", "a@b.example").count()).isZero();
    }

    private static void assertBadRequest(ResponseEntity<JsonNode> r, String detailContains) {
        assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().path("title").asText() + " " + r.getBody().path("detail").asText()).contains(detailContains);
    }

    @Test
    void nothingWithoutCredentialsAndOnlyTheRightGroups() {
        Api api = new Api(rest);
        assertThat(api.post(null, "/api/v1/alerts", alert("anon@anon.example")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.get(null, "/api/v1/cases").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.get(null, "/engine-rest/process-definition").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.get(null, "/engine-rest/engine").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // an unknown user: a wrong password for a real one would trip Camunda's login delay for that user
        assertThat(rest.withBasicAuth("nobody", "wrong").getForEntity("/api/v1/cases", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // monitoring may raise alerts but not read cases; agents may not raise alerts or close cases
        assertThat(api.get("monitoring", "/api/v1/cases").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("agent", "/api/v1/alerts", alert("x@role.example")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("agent", "/api/v1/cases/RW-1/close", "{\"finalRelayState\":\"ACTIVE\"}").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("agent", "/api/v1/sandbox/accounts/x@role.example/flood", "{}").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.get("agent", "/api/v1/cases").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.get(null, "/actuator/health").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void unknownCasesAre404AndAnswersOutsideTheQuestionnaireAre409() {
        Api api = new Api(rest);
        assertThat(api.get("operator", "/api/v1/cases/RW-999999").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.get("operator", "/api/v1/cases/../../etc").getStatusCode().is4xxClientError()).isTrue();
        String caseId = api.post("monitoring", "/api/v1/alerts", alert("early@answer.example")).getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        String complete = "{\"cause\":\"a\",\"prevention\":\"b\",\"queueEmptied\":true}";
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/answers", complete).getStatusCode()).isEqualTo(HttpStatus.OK);
        api.awaitStage(caseId, "IN_REVIEW");
        ResponseEntity<JsonNode> again = api.post("agent", "/api/v1/cases/" + caseId + "/answers", complete);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        // the refused answers were not recorded
        assertThat(api.get("agent", "/api/v1/cases/" + caseId + "/answers").getBody()).hasSize(1);
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"" + "x".repeat(10_001) + "\",\"prevention\":\"b\",\"queueEmptied\":true}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void anOperatorClosesACaseAndTheNextAlertOpensANewOneThatRemembersTheFirst() {
        Api api = new Api(rest);
        Account account = Account.parse("closer@close.example");
        String caseId = api.post("monitoring", "/api/v1/alerts", alert(account.login())).getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.SUSPENDED);
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/close",
                "{\"finalRelayState\":\"ACTIVE\",\"reason\":\"mailboxes moved to us\"}").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        JsonNode closed = api.awaitStage(caseId, "CLOSED");
        assertThat(closed.path("outcome").asText()).isEqualTo("CLOSED_BY_OPERATOR");
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.ACTIVE);
        JsonNode last = closed.path("audit").get(closed.path("audit").size() - 1);
        assertThat(last.path("actor").asText()).isEqualTo("operator");
        assertThat(last.path("detail").asText()).contains("mailboxes moved to us");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).count()).isZero();
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/close", "{\"finalRelayState\":\"ACTIVE\"}")
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        ResponseEntity<JsonNode> next = api.post("monitoring", "/api/v1/alerts", alert(account.login()));
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String second = next.getBody().path("caseId").asText();
        assertThat(second).isNotEqualTo(caseId);
        api.awaitStage(second, "AWAITING_ANSWERS");
        assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(
                        runtime.createProcessInstanceQuery().processInstanceBusinessKey(second).singleResult().getId())
                .variableName("earlierIncidents").singleResult().getValue()).isEqualTo(1);
    }
}
