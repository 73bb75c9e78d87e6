package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.relaywarden.process.RelayRemediation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 27.2, 27.3 and 27.5 over real HTTP, each as the probe did it; each failed before the fix.
 */
@RelaywardenSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class EngineRefusalTest {

    static final String REVIEW = RelayRemediation.Elements.REVIEW_ANSWERS;
    static final String MACHINE_GROUP = "relaywarden-monitoring";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;

    /**
     * 27.2: a refused job execute or retries change used up a retry (three made an incident), an unknown id answered
     * 404 where a known one answered 403, and every try logged a stack trace. Now: refused before the engine, the
     * job untouched, known and unknown ids answered alike, one log line each.
     */
    @Test
    void aRefusedJobCallChangesNothingAndUnknownIdsAnswerAlike(CapturedOutput output) {
        Api api = new Api(rest);
        String caseId = openCase(api, "jobs@refusal.example");
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        Job job = management.createJobQuery().processInstanceId(instance).timers().list().get(0);
        String unknown = UUID.randomUUID().toString();
        int logFrom = output.getAll().length();

        List<String> unlike = new ArrayList<>();
        int calls = 0;
        for (String user : List.of("monitoring", "agent", "lead")) {
            for (int i = 0; i < 3; i++) {
                calls += 2;
                compare(unlike, user + " execute", api.post(user, "/engine-rest/job/" + job.getId() + "/execute", null),
                        api.post(user, "/engine-rest/job/" + unknown + "/execute", null));
            }
            calls += 4;
            compare(unlike, user + " retries", api.exchange(user, HttpMethod.PUT, "/engine-rest/job/" + job.getId() + "/retries",
                    "{\"retries\":0}"), api.exchange(user, HttpMethod.PUT, "/engine-rest/job/" + unknown + "/retries", "{\"retries\":0}"));
            compare(unlike, user + " read", api.get(user, "/engine-rest/job/" + job.getId()),
                    api.get(user, "/engine-rest/job/" + unknown));
        }
        assertThat(unlike).as("a known and an unknown job id answer alike, with 403").isEmpty();

        Job after = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(after).as("the timer job is still there").isNotNull();
        assertThat(after.getRetries()).as("no retry used up").isEqualTo(job.getRetries());
        assertThat(after.getExceptionMessage()).isNull();
        assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).as("no incident").isZero();
        assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("AWAITING_ANSWERS");

        List<String> lines = output.getAll().substring(logFrom).lines()
                .filter(l -> l.contains(job.getId()) || l.contains(unknown)).toList();
        assertThat(lines).as("one log line per refused call, nothing else naming the job").hasSize(calls)
                .allMatch(l -> l.contains("refused before the engine"));
    }

    private static void compare(List<String> unlike, String what, ResponseEntity<JsonNode> known, ResponseEntity<JsonNode> unknown) {
        if (known.getStatusCode().value() != 403 || unknown.getStatusCode().value() != 403
                || !String.valueOf(known.getBody()).equals(String.valueOf(unknown.getBody()))) {
            unlike.add(what + ": known " + known.getStatusCode().value() + " " + known.getBody() + " / unknown "
                    + unknown.getStatusCode().value() + " " + unknown.getBody());
        }
    }

    /**
     * 27.3: an agent added relaywarden-monitoring as candidate group, renamed the task and delegated it to monitoring,
     * which approved it; the audit named the agent's chosen task name. Now: the agent is refused before the engine,
     * an operator cannot hand it to a machine account either, and the audit names the task by its BPMN name.
     */
    @Test
    void noReviewIsHandedToAMachineAccount() {
        Api api = new Api(rest);
        String caseId = caseInReview(api, "handover@refusal.example");
        String task = reviewTask(caseId).getId();
        String path = "/engine-rest/task/" + task;

        List<String> wrong = new ArrayList<>();
        expect(wrong, 403, "agent candidate group", api.post("agent", path + "/identity-links",
                "{\"groupId\":\"" + MACHINE_GROUP + "\",\"type\":\"candidate\"}"));
        expect(wrong, 403, "agent removes agents", api.post("agent", path + "/identity-links/delete",
                "{\"groupId\":\"relaywarden-agents\",\"type\":\"candidate\"}"));
        expect(wrong, 403, "agent rename", api.exchange("agent", HttpMethod.PUT, path, "{\"name\":\"Looks fine\"}"));
        expect(wrong, 403, "agent delegate", api.post("agent", path + "/delegate", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 403, "agent claim for monitoring", api.post("agent", path + "/claim", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 403, "agent assign to monitoring", api.post("agent", path + "/assignee", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 403, "agent resolve", api.post("agent", path + "/resolve",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"}}}"));
        // an operator may manage tasks, but not hand one to a machine account
        expect(wrong, 400, "operator delegate", api.post("operator", path + "/delegate", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 400, "operator assign", api.post("operator", path + "/assignee", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 400, "operator claim for", api.post("operator", path + "/claim", "{\"userId\":\"monitoring\"}"));
        expect(wrong, 400, "operator candidate group", api.post("operator", path + "/identity-links",
                "{\"groupId\":\"" + MACHINE_GROUP + "\",\"type\":\"candidate\"}"));
        expect(wrong, 400, "operator candidate user", api.post("operator", path + "/identity-links",
                "{\"userId\":\"monitoring\",\"type\":\"candidate\"}"));
        expect(wrong, 400, "operator owner", api.post("operator", path + "/identity-links",
                "{\"userId\":\"monitoring\",\"type\":\"owner\"}"));
        // the monitoring account works no task
        expect(wrong, 403, "monitoring claims", api.post("monitoring", path + "/claim", "{\"userId\":\"agent\"}"));
        assertThat(wrong).isEmpty();

        Task unchanged = tasks.createTaskQuery().taskId(task).singleResult();
        assertThat(unchanged.getAssignee()).isNull();
        assertThat(unchanged.getOwner()).isNull();
        assertThat(unchanged.getName()).isEqualTo("Review answers");
        assertThat(tasks.getIdentityLinksForTask(task)).extracting(IdentityLink::getGroupId).doesNotContain(MACHINE_GROUP)
                .contains("relaywarden-agents");
        assertThat(tasks.getIdentityLinksForTask(task)).extracting(IdentityLink::getUserId).doesNotContain("monitoring");

        // an operator renames the task; the agent claims it for itself and decides: the audit names the BPMN's task
        assertThat(api.exchange("operator", HttpMethod.PUT, path, "{\"name\":\"Looks fine\"}").getStatusCode().value()).isEqualTo(204);
        assertThat(api.post("agent", path + "/claim", "{\"userId\":\"agent\"}").getStatusCode().value()).isEqualTo(204);
        assertThat(api.post("agent", path + "/complete", "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"}}}")
                .getStatusCode().value()).isEqualTo(204);
        JsonNode audit = api.awaitCase(caseId, "the review's decision in the audit", c -> {
            for (JsonNode a : c.path("audit")) {
                if ("DECISION".equals(a.path("action").asText())) {
                    return true;
                }
            }
            return false;
        }).path("audit");
        List<String> decisions = new ArrayList<>();
        audit.forEach(a -> {
            if ("DECISION".equals(a.path("action").asText())) {
                decisions.add(a.path("actor").asText() + ": " + a.path("detail").asText());
            }
        });
        assertThat(decisions).containsExactly("agent: Review answers: reviewDecision=approve");
    }

    /** 27.2: a task the agent may not see answers as an unknown one (a lead's termination review). */
    @Test
    void aTaskTheAgentMayNotSeeAnswersAsAnUnknownOne() {
        Api api = new Api(rest);
        String caseId = openCase(api, "originator@refusal.example", true);
        api.awaitStage(caseId, "TERMINATION_REVIEW");
        String leads = tasks.createTaskQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        String unknown = UUID.randomUUID().toString();
        List<String> unlike = new ArrayList<>();
        for (String action : List.of("/claim", "/complete", "/unclaim", "/submit-form")) {
            String body = action.equals("/claim") ? "{\"userId\":\"agent\"}" : "{}";
            ResponseEntity<JsonNode> known = api.post("agent", "/engine-rest/task/" + leads + action, body);
            ResponseEntity<JsonNode> none = api.post("agent", "/engine-rest/task/" + unknown + action, body);
            if (known.getStatusCode() != none.getStatusCode() || !String.valueOf(known.getBody()).equals(String.valueOf(none.getBody()))
                    || known.getStatusCode().value() != 404) {
                unlike.add(action + ": known " + known.getStatusCode().value() + " " + known.getBody() + " / unknown "
                        + none.getStatusCode().value() + " " + none.getBody());
            }
        }
        assertThat(unlike).isEmpty();
        assertThat(tasks.createTaskQuery().taskId(leads).singleResult().getAssignee()).isNull();
    }

    /** 27.5: an unknown review decision left the gateway without a way on (500); the task stays open with a 400. */
    @Test
    void anUnknownReviewDecisionIsA400AndTheTaskStaysOpen() {
        Api api = new Api(rest);
        String caseId = caseInReview(api, "decision@refusal.example");
        String task = reviewTask(caseId).getId();
        List<String> wrong = new ArrayList<>();
        expect(wrong, 400, "unknown decision", api.post("agent", "/engine-rest/task/" + task + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"yolo\"}}}"));
        expect(wrong, 400, "no decision (operator)", api.post("operator", "/engine-rest/task/" + task + "/complete", "{}"));
        // what Tasklist sends to resolve a delegated task, with a variable outside the form: it answered 500
        expect(wrong, 403, "resolve with a variable outside the form", api.post("agent",
                "/engine-rest/task/" + task + "/resolve", "{\"variables\":{\"account\":{\"value\":\"other@x.example\"}}}"));
        expect(wrong, 400, "serialized Java variable", api.post("agent", "/engine-rest/task/" + task + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"type\":\"Object\",\"value\":\"rO0ABXQABWhlbGxv\",\"valueInfo\":"
                        + "{\"objectTypeName\":\"java.lang.String\",\"serializationDataFormat\":\"application/x-java-serialized-object\"}}}}"));
        expect(wrong, 400, "serialized Java variable (operator)", api.exchange("operator", HttpMethod.PUT,
                "/engine-rest/task/" + task + "/variables/probe", "{\"type\":\"Object\",\"value\":\"rO0ABXQABWhlbGxv\","
                        + "\"valueInfo\":{\"objectTypeName\":\"java.lang.String\"}}"));
        assertThat(wrong).isEmpty();
        assertThat(tasks.createTaskQuery().taskId(task).count()).as("the task is still open").isOne();
        assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("IN_REVIEW");
    }

    /** 27.5: a start without a business key answered 500, and a second process for an existing case was started. */
    @Test
    void oneProcessPerCaseAndNoneWithoutACase() {
        Api api = new Api(rest);
        String caseId = openCase(api, "second@refusal.example");
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        long before = runtime.createProcessInstanceQuery().count();
        List<String> wrong = new ArrayList<>();
        String start = "/engine-rest/process-definition/key/" + RelayRemediation.PROCESS_ID + "/start";
        expect(wrong, 400, "no business key", api.post("operator", start, "{}"));
        expect(wrong, 400, "not a case", api.post("operator", start, "{\"businessKey\":\"hello\"}"));
        expect(wrong, 409, "second start", api.post("operator", start, "{\"businessKey\":\"" + caseId + "\"}"));
        expect(wrong, 400, "second start by message", api.post("operator", "/engine-rest/message",
                "{\"messageName\":\"" + RelayRemediation.Messages.ABUSE_SUSPECTED + "\",\"businessKey\":\"" + caseId + "\"}"));
        assertThat(wrong).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).count()).isOne();
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(before);
    }

    private static void expect(List<String> wrong, int status, String what, ResponseEntity<JsonNode> answer) {
        if (answer.getStatusCode().value() != status) {
            wrong.add(what + ": " + answer.getStatusCode().value() + " " + answer.getBody() + " (expected " + status + ")");
        }
    }

    private String openCase(Api api, String account) {
        return openCase(api, account, false);
    }

    private String openCase(Api api, String account, boolean originator) {
        return api.post("monitoring", "/api/v1/alerts", "{\"account\":\"" + account + "\",\"source\":\"refusal\""
                + (originator ? ",\"originator\":true" : "") + "}").getBody().path("caseId").asText();
    }

    private String caseInReview(Api api, String account) {
        String caseId = openCase(api, account);
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        api.post("agent", "/api/v1/cases/" + caseId + "/answers", "{\"cause\":\"a\",\"prevention\":\"b\",\"queueEmptied\":true}");
        api.awaitStage(caseId, "IN_REVIEW");
        return caseId;
    }

    private Task reviewTask(String caseId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(caseId).taskDefinitionKey(REVIEW).singleResult();
    }
}
