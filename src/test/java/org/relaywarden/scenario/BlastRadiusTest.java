package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.process.RelayRemediation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.4: one monitoring credential must not suspend every customer. With the default guard (20 new
 * suspensions in 10 minutes, per source and overall), a webhook request with 25 alerts suspends 20 accounts; 5
 * cases wait for an operator, who suspends one and closes another. Its own context and database: the shared
 * scenario context opens many cases and runs with the guard off. The customer directory does not know one account:
 * its case is flagged in the audit trail, not refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=blastradius",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:blast-radius;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-blast-radius-quarantine",
        "relaywarden.mail-server=sandbox",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "camunda.bpm.job-execution.wait-time-in-millis=100",
        "camunda.bpm.job-execution.max-wait=500",
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        // a customer directory that knows every account but blast24@radius.example
        "relaywarden.customers.directory=file",
        "relaywarden.customers.file=src/test/resources/blast-radius-customers.csv",
})
@DirtiesContext
class BlastRadiusTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService tasks;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    MeterRegistry meters;


    static String alert(int i) {
        return """
                {"status":"firing","labels":{"alertname":"RelayAccountDeferredQueue","sasl_username":"blast%02d@radius.example"},
                 "annotations":{"summary":"412 messages deferred"},"startsAt":"2026-11-29T01:00:00Z",
                 "endsAt":"0001-01-01T00:00:00Z","fingerprint":"b1a57000000000%02d"}""".formatted(i, i);
    }

    @Test
    void twentyFiveAlertsInOneRequestSuspendTwentyAndTheRestWaitForAnOperator() throws InterruptedException {
        Api api = new Api(rest);
        String group = """
                {"version":"4","groupKey":"{}:{alertname=\\"RelayAccountDeferredQueue\\"}","truncatedAlerts":0,
                 "status":"firing","receiver":"relaywarden","alerts":[%s]}"""
                .formatted(String.join(",", IntStream.range(0, 25).mapToObj(BlastRadiusTest::alert).toList()));
        ResponseEntity<JsonNode> response = api.post("monitoring", "/api/v1/alerts/alertmanager", group);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getBody().path("opened").asInt()).isEqualTo(25);

        List<String> caseIds = new ArrayList<>();
        response.getBody().path("results").forEach(r -> caseIds.add(r.path("caseId").asText()));
        assertThat(caseIds).hasSize(25);
        // in the order of the group: the first 20 are suspended, the last 5 wait
        for (int i = 0; i < 20; i++) {
            api.awaitCase(caseIds.get(i), "suspended", c -> !"DETECTED".equals(c.path("stage").asText()));
            assertThat(sandbox.stateOf(account(i))).isEqualTo(RelayState.SUSPENDED);
        }
        List<String> held = caseIds.subList(20, 25);
        for (String caseId : held) {
            // the gateway is behind a savepoint: the task exists once its job has run
            var task = confirmationTask(caseId);
            assertThat(task).as(caseId + ": " + tasks.createTaskQuery().processInstanceBusinessKey(caseId).list()).isNotNull();
            assertThat(tasks.getIdentityLinksForTask(task.getId())).anySatisfy(l -> assertThat(l.getGroupId())
                    .isEqualTo("relaywarden-operators"));
            JsonNode c = api.caseView(caseId);
            assertThat(c.path("stage").asText()).isEqualTo("DETECTED");
            assertThat(c.path("audit").toString()).contains("HELD_FOR_CONFIRMATION", "blast radius");
        }
        for (int i = 20; i < 25; i++) {
            assertThat(sandbox.stateOf(account(i))).isEqualTo(RelayState.ACTIVE);
        }
        assertThat(meters.get("relaywarden.alerts").tag("result", "held-for-confirmation").counter().count()).isEqualTo(5.0);
        assertThat(meters.get("relaywarden.cases.awaiting.confirmation").gauge().value()).isEqualTo(5.0);

        // monitoring may raise alerts, not confirm suspensions
        assertThat(api.post("monitoring", "/api/v1/cases/" + held.get(0) + "/confirm-suspension",
                "{\"decision\":\"suspend\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("operator", "/api/v1/cases/" + held.get(0) + "/confirm-suspension",
                "{\"decision\":\"maybe\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<JsonNode> suspend = api.post("operator", "/api/v1/cases/" + held.get(0) + "/confirm-suspension",
                "{\"decision\":\"suspend\",\"reason\":\"the queue is real\"}");
        assertThat(suspend.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        api.awaitCase(held.get(0), "suspended", c -> !"DETECTED".equals(c.path("stage").asText()));
        assertThat(sandbox.stateOf(account(20))).isEqualTo(RelayState.SUSPENDED);
        assertThat(api.caseView(held.get(0)).path("audit").toString())
                .contains("suspensionDecision=suspend; comment: the queue is real", "\"actor\":\"operator\"");

        ResponseEntity<JsonNode> close = api.post("operator", "/api/v1/cases/" + held.get(1) + "/confirm-suspension",
                "{\"decision\":\"close\",\"reason\":\"monitoring misfired\"}");
        assertThat(close.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode closed = api.awaitCase(held.get(1), "closed", c -> "CLOSED".equals(c.path("stage").asText()));
        assertThat(closed.path("outcome").asText()).isEqualTo("CLOSED_BY_OPERATOR");
        assertThat(closed.path("finalRelayState").asText()).isEqualTo("ACTIVE");
        assertThat(sandbox.stateOf(account(21))).isEqualTo(RelayState.ACTIVE);
        assertThat(closed.path("audit").toString()).contains("suspensionDecision=close; comment: monitoring misfired");

        // an account the customer directory does not know is flagged, not refused: held here like its neighbours
        assertThat(api.caseView(held.get(4)).path("audit").toString())
                .contains("CUSTOMER_UNKNOWN", "account unknown to the customer directory (file ");
        assertThat(api.caseView(caseIds.get(0)).path("audit").toString()).doesNotContain("CUSTOMER_UNKNOWN");

        // decided once: a second decision finds nothing waiting
        assertThat(api.post("operator", "/api/v1/cases/" + held.get(1) + "/confirm-suspension",
                "{\"decision\":\"suspend\"}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(meters.get("relaywarden.cases.awaiting.confirmation").gauge().value()).isEqualTo(3.0);
    }

    static Account account(int i) {
        return Account.parse("blast%02d@radius.example".formatted(i));
    }

    /** The case's confirmation task, waited for up to 30 s (null if it never came). */
    Task confirmationTask(String caseId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var task = tasks.createTaskQuery().processInstanceBusinessKey(caseId)
                    .taskDefinitionKey(RelayRemediation.Elements.CONFIRM_SUSPENSION).singleResult();
            if (task != null || System.nanoTime() > until) {
                return task;
            }
            Thread.sleep(50);
        }
    }
}
