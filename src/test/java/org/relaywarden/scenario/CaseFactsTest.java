package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.security.Roles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15, items 1 and 2: the case is the source of truth, and every decision is audited. An agent
 * tries to re-enable another account and to shrink the watch window on a "Review answers" task,
 * through {@code /engine-rest} and through Tasklist's own API; an operator changes variables in
 * the engine; the case's durations change only through Relaywarden's API.
 */
@RelaywardenSpringBootTest
class CaseFactsTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    IdentityService identity;
    @Autowired
    TaskService tasks;

    static final String ANSWERS = "{\"cause\":\"cracked password\",\"prevention\":\"new password, fail2ban\",\"queueEmptied\":true}";

    /** A case waiting in review for {@code account}, and the id of its review task. */
    private String[] caseInReview(Api api, String account) {
        String caseId = api.post("monitoring", "/api/v1/alerts", "{\"account\":\"" + account + "\",\"source\":\"facts\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/answers", ANSWERS).getStatusCode().is2xxSuccessful()).isTrue();
        api.awaitStage(caseId, "IN_REVIEW");
        String taskId = api.get("agent", "/engine-rest/task?processInstanceBusinessKey=" + caseId).getBody().get(0)
                .path("id").asText();
        return new String[]{caseId, taskId};
    }

    private String otherAccountInTerminationReview(Api api, String account) {
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"" + account + "\",\"source\":\"facts\",\"originator\":true}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "TERMINATION_REVIEW");
        return caseId;
    }

    private Object processVariable(String caseId, String name) {
        String pid = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        return runtime.getVariable(pid, name);
    }

    private ResponseEntity<String> send(HttpMethod method, String path, String json, HttpHeaders headers) {
        HttpHeaders h = new HttpHeaders();
        h.addAll(headers);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(json, h), String.class);
    }

    private static HttpHeaders basic(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }

    static final String ATTACK = """
            {"variables": {"reviewDecision": {"value": "approve"}, "account": {"value": "%s"},
             "watchWindow": {"value": "PT1S"}}}""";

    @Test
    void anAgentCannotRewriteTheCaseThroughEngineRest() {
        Api api = new Api(rest);
        String[] review = caseInReview(api, "victim@facts.example");
        String other = "other@facts.example";
        otherAccountInTerminationReview(api, other);
        String task = review[1];

        // PUT a variable: refused, nothing changed
        ResponseEntity<String> put = send(HttpMethod.PUT, "/engine-rest/task/" + task + "/variables/account",
                "{\"value\":\"" + other + "\",\"type\":\"String\"}", basic("agent"));
        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(put.getBody()).contains("only operators may set");
        ResponseEntity<String> patch = send(HttpMethod.POST, "/engine-rest/task/" + task + "/variables",
                "{\"modifications\":{\"watchWindow\":{\"value\":\"PT1S\"}}}", basic("agent"));
        assertThat(patch.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> local = send(HttpMethod.PUT, "/engine-rest/task/" + task + "/localVariables/failedAttempts",
                "{\"value\":0,\"type\":\"Integer\"}", basic("lead"));
        assertThat(local.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // nor end the task by a BPMN error or escalation (with variables or without)
        ResponseEntity<String> error = send(HttpMethod.POST, "/engine-rest/task/" + task + "/bpmnError",
                "{\"errorCode\":\"approve\",\"variables\":{\"account\":{\"value\":\"" + other + "\"}}}", basic("agent"));
        assertThat(error.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(HttpMethod.POST, "/engine-rest/task/" + task + "/bpmnEscalation",
                "{\"escalationCode\":\"x\"}", basic("agent")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(processVariable(review[0], "account")).isEqualTo("victim@facts.example");
        assertThat(processVariable(review[0], "watchWindow")).isNull();

        // complete with extra variables: refused with a clear message, the task stays open
        for (String how : List.of("complete", "submit-form")) {
            ResponseEntity<String> complete = send(HttpMethod.POST, "/engine-rest/task/" + task + "/" + how,
                    ATTACK.formatted(other), basic("agent"));
            assertThat(complete.getStatusCode()).as(how).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(complete.getBody()).contains("not allowed: [account, watchWindow]").contains("reviewDecision");
            assertThat(api.get("agent", "/engine-rest/task/" + task).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        assertThat(api.caseView(review[0]).path("stage").asText()).isEqualTo("IN_REVIEW");

        // the proper approve: the staged re-enable acts on the case's own account with the configured watch window
        ResponseEntity<String> approve = send(HttpMethod.POST, "/engine-rest/task/" + task + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"},\"reviewComment\":{\"value\":\"answers fine\"}}}",
                basic("agent"));
        assertThat(approve.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode staged = api.awaitCase(review[0], "held", c -> sandbox.stateOf(Account.parse("victim@facts.example")) == RelayState.HELD
                || "PROBATION".equals(c.path("stage").asText()));
        assertThat(sandbox.stateOf(Account.parse(other))).isEqualTo(RelayState.SUSPENDED);
        assertThat(staged.path("account").asText()).isEqualTo("victim@facts.example");
        JsonNode audit = api.awaitStage(review[0], "PROBATION").path("audit");
        assertThat(decisions(audit)).containsExactly("agent: Review answers: reviewDecision=approve; comment: answers fine");
        // the watch window was the configured PT3S: the case is in probation about 3 s after the hold
        assertThat(between(audit, "STAGED_REENABLE", "PROBATION")).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(15));
    }

    @Test
    void anAgentCannotRewriteTheCaseThroughTasklistsOwnApi() {
        Api api = new Api(rest);
        String[] review = caseInReview(api, "tasklist-victim@facts.example");
        String task = review[1];
        HttpHeaders session = tasklistSession("agent");

        ResponseEntity<String> put = send(HttpMethod.PUT, "/camunda/api/engine/engine/default/task/" + task
                + "/variables/account", "{\"value\":\"other@facts.example\",\"type\":\"String\"}", session);
        assertThat(put.getBody()).contains("only operators may set");
        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> submit = send(HttpMethod.POST, "/camunda/api/engine/engine/default/task/" + task
                + "/submit-form", ATTACK.formatted("other@facts.example"), session);
        assertThat(submit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(submit.getBody()).contains("not allowed: [account, watchWindow]");
        assertThat(processVariable(review[0], "account")).isEqualTo("tasklist-victim@facts.example");
        assertThat(api.caseView(review[0]).path("stage").asText()).isEqualTo("IN_REVIEW");

        // what Tasklist's form sends: ask again with a comment; in the audit trail
        ResponseEntity<String> askAgain = send(HttpMethod.POST, "/camunda/api/engine/engine/default/task/" + task
                + "/submit-form", "{\"variables\":{\"reviewDecision\":{\"value\":\"askAgain\"},"
                + "\"reviewComment\":{\"value\":\"please paste postqueue -p\"}}}", session);
        assertThat(askAgain.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode c = api.awaitStage(review[0], "AWAITING_ANSWERS");
        assertThat(decisions(c.path("audit")))
                .containsExactly("agent: Review answers: reviewDecision=askAgain; comment: please paste postqueue -p");
    }

    /** An operator may change variables in Cockpit or /engine-rest: no decision follows them, and the audit trail shows them. */
    @Test
    void anOperatorsVariableChangesDecideNothingAndAreAudited() {
        Api api = new Api(rest);
        String[] review = caseInReview(api, "operator-victim@facts.example");
        String other = "operator-other@facts.example";
        otherAccountInTerminationReview(api, other);
        String pid = runtime.createProcessInstanceQuery().processInstanceBusinessKey(review[0]).singleResult().getId();
        assertThat(send(HttpMethod.PUT, "/engine-rest/process-instance/" + pid + "/variables/account",
                "{\"value\":\"" + other + "\",\"type\":\"String\"}", basic("operator")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(send(HttpMethod.POST, "/engine-rest/process-instance/" + pid + "/variables",
                "{\"modifications\":{\"watchWindow\":{\"value\":\"PT0S\"},\"retryCycle\":{\"value\":\"R0/PT1S\"}}}",
                basic("operator")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        // the policy table's inputs too: as variables, they would send the next decision to termination review
        assertThat(send(HttpMethod.POST, "/engine-rest/process-instance/" + pid + "/variables",
                "{\"modifications\":{\"originator\":{\"value\":true},\"volume\":{\"value\":1000000,\"type\":\"Long\"},"
                        + "\"earlierIncidents\":{\"value\":9,\"type\":\"Integer\"}}}",
                basic("operator")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        // the case's own watch window is set longer through Relaywarden's API, so the timer can be looked at
        ResponseEntity<JsonNode> changed = putDurations("operator", review[0], "{\"watchWindow\":\"PT2M\"}");
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(changed.getBody().path("watchWindow").asText()).isEqualTo("PT2M");

        assertThat(send(HttpMethod.POST, "/engine-rest/task/" + review[1] + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"}}}", basic("agent")).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        api.awaitCase(review[0], "held", c -> sandbox.stateOf(Account.parse("operator-victim@facts.example")) == RelayState.HELD);
        assertThat(sandbox.stateOf(Account.parse(other))).isEqualTo(RelayState.SUSPENDED);
        Job watch = awaitTimer(pid);
        long seconds = (watch.getDuedate().getTime() - watch.getCreateTime().getTime()) / 1000;
        assertThat(seconds).isBetween(115L, 125L);

        List<String> audit = new ArrayList<>();
        api.caseView(review[0]).path("audit").forEach(a -> audit.add(a.path("actor").asText() + " "
                + a.path("action").asText() + " " + a.path("detail").asText()));
        assertThat(audit).anyMatch(l -> l.startsWith("operator ENGINE_SetVariable") && l.contains("account=" + other));
        assertThat(audit).anyMatch(l -> l.startsWith("operator ENGINE_ModifyVariable") && l.contains("watchWindow=PT0S"));
        assertThat(audit).anyMatch(l -> l.startsWith("operator DURATIONS_CHANGED") && l.contains("old: ")
                && l.contains("watchWindow=PT3S") && l.contains("new: ") && l.contains("watchWindow=PT2M"));

        // moving the waiting timer: a shorter window through the API brings its due date forward
        assertThat(putDurations("operator", review[0], "{\"watchWindow\":\"PT1M\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
        Job moved = management.createJobQuery().jobId(watch.getId()).singleResult();
        if (moved != null) {
            assertThat((moved.getDuedate().getTime() - moved.getCreateTime().getTime()) / 1000).isBetween(55L, 65L);
        }
        assertThat(api.caseView(review[0]).path("audit").toString()).contains("TIMER_MOVED");

        // a burst: back to the policy, which decides on the case's facts (no originator, one failed attempt,
        // no earlier incidents, no quarantined mail): the questionnaire again, not a termination review
        // held by the core until the burst watch suspends the account mid-flood, then refused
        SandboxMailServer.FloodResult flush = sandbox.flood(Account.parse("operator-victim@facts.example"), 400, 2,
                SandboxMailServer.Upstream.ACCEPTS);
        assertThat(flush.held() + flush.refused()).isEqualTo(400);
        assertThat(flush.held()).isGreaterThanOrEqualTo(20);
        JsonNode again = api.awaitCase(review[0], "back to the questionnaire after the failed re-enable",
                c -> c.path("failedAttempts").asInt() == 1 && List.of("AWAITING_ANSWERS", "TERMINATION_REVIEW")
                        .contains(c.path("stage").asText()));
        assertThat(again.path("stage").asText()).isEqualTo("AWAITING_ANSWERS");
    }

    /** The guard sits in the engine: the Java API with an agent's login is refused the same way. */
    @Test
    void theGuardCoversTheJavaApi() {
        Api api = new Api(rest);
        String[] review = caseInReview(api, "java-api@facts.example");
        String pid = runtime.createProcessInstanceQuery().processInstanceBusinessKey(review[0]).singleResult().getId();
        identity.setAuthentication("lead", List.of(Roles.LEADS, Roles.AGENTS));
        try {
            assertThatThrownBy(() -> runtime.setVariable(pid, "account", "someone@else.example"))
                    .isInstanceOf(AuthorizationException.class).hasMessageContaining("only operators");
            assertThatThrownBy(() -> runtime.createMessageCorrelation("relaywarden.AnswersReceived")
                    .processInstanceBusinessKey(review[0]).setVariable("answersComplete", true).correlate())
                    .isInstanceOf(AuthorizationException.class);
            assertThatThrownBy(() -> tasks.complete(review[1], Map.of("reviewDecision", "approve", "failedAttempts", 0)))
                    .isInstanceOf(ProcessEngineException.class).hasMessageContaining("not allowed: [failedAttempts]");
        } finally {
            identity.clearAuthentication();
        }
        assertThat(tasks.createTaskQuery().taskId(review[1]).count()).isEqualTo(1);
        // Relaywarden's own services have no Camunda login and are not affected
        runtime.setVariable(pid, "note", "set by a service");
        assertThat(runtime.getVariable(pid, "note")).isEqualTo("set by a service");
    }

    @Test
    void durationsChangeOnlyThroughTheApiByOperatorsWithinBounds() {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts", "{\"account\":\"durations@facts.example\",\"source\":\"facts\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(putDurations("agent", caseId, "{\"watchWindow\":\"PT1H\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(putDurations("lead", caseId, "{\"watchWindow\":\"PT1H\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(putDurations("operator", caseId, "{\"watchWindow\":\"PT1S\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(putDurations("operator", caseId, "{\"probationPeriod\":\"P1Y\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(putDurations("operator", caseId, "{\"watchWindow\":\"soon\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(putDurations("operator", caseId, "{\"reminderCycle\":\"R2/PT1S\"}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(putDurations("operator", caseId, "{}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        // the unresponsive timer already waits: it moves with the change
        String pid = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        Job before = management.createJobQuery().processInstanceId(pid).timers().activityId("Timer_CustomerUnresponsive").singleResult();
        // (the engine takes the job's creation time a moment before its due date)
        assertThat(Duration.between(before.getCreateTime().toInstant(), before.getDuedate().toInstant()))
                .isBetween(Duration.ofDays(14).minusSeconds(1), Duration.ofDays(14).plusSeconds(1));
        ResponseEntity<JsonNode> ok = putDurations("operator", caseId, "{\"unresponsiveAfter\":\"P3D\",\"reminderCycle\":\"R1/P1D\"}");
        assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ok.getBody().path("unresponsiveAfter").asText()).isEqualTo("PT72H");
        Job after = management.createJobQuery().jobId(before.getId()).singleResult();
        assertThat(Duration.between(after.getCreateTime().toInstant(), after.getDuedate().toInstant())).isEqualTo(Duration.ofDays(3));

        // an operator's job retry and cancellation over /engine-rest: in the case's audit trail
        assertThat(send(HttpMethod.PUT, "/engine-rest/job/" + after.getId() + "/retries", "{\"retries\":5}", basic("operator"))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(send(HttpMethod.DELETE, "/engine-rest/process-instance/" + pid, null, basic("operator"))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        String audit = api.caseView(caseId).path("audit").toString();
        assertThat(audit).contains("\"actor\":\"operator\",\"action\":\"ENGINE_SetJobRetries\"")
                .contains("\"actor\":\"operator\",\"action\":\"ENGINE_Delete\"")
                .contains("\"actor\":\"operator\",\"action\":\"DURATIONS_CHANGED\"");
    }

    private ResponseEntity<JsonNode> putDurations(String user, String caseId, String json) {
        HttpHeaders h = basic(user);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange("/api/v1/cases/" + caseId + "/durations", HttpMethod.PUT, new HttpEntity<>(json, h), JsonNode.class);
    }

    private Job awaitTimer(String pid) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Job job = management.createJobQuery().processInstanceId(pid).timers().activityId("Timer_WatchWindowOver").singleResult();
            if (job != null) {
                return job;
            }
            sleep(100);
        }
        throw new AssertionError("no watch window timer for " + pid);
    }

    private static List<String> decisions(JsonNode audit) {
        List<String> lines = new ArrayList<>();
        audit.forEach(a -> {
            if ("DECISION".equals(a.path("action").asText())) {
                lines.add(a.path("actor").asText() + ": " + a.path("detail").asText());
                assertThat(a.path("at").asText()).isNotBlank();
            }
        });
        return lines;
    }

    /** Time between the audit lines of two stages. */
    private static Duration between(JsonNode audit, String fromStage, String toStage) {
        Map<String, Instant> at = new LinkedHashMap<>();
        audit.forEach(a -> {
            if ("STAGE".equals(a.path("action").asText())) {
                at.putIfAbsent(a.path("detail").asText(), Instant.parse(a.path("at").asText()));
            }
        });
        return Duration.between(at.get(fromStage), at.get(toStage));
    }

    /** Logs in to Tasklist as the browser does; the headers carry the session cookie and its XSRF token. */
    private HttpHeaders tasklistSession(String user) {
        ResponseEntity<String> page = rest.getForEntity("/camunda/app/tasklist/default/", String.class);
        Map<String, String> cookies = new LinkedHashMap<>();
        collect(cookies, page.getHeaders());
        HttpHeaders h = headers(cookies);
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", user);
        form.add("password", user);
        ResponseEntity<String> login = rest.exchange("/camunda/api/admin/auth/user/default/login/tasklist", HttpMethod.POST,
                new HttpEntity<>(form, h), String.class);
        assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
        collect(cookies, login.getHeaders());
        // the login starts a new session: its XSRF token comes with the next read
        cookies.remove("XSRF-TOKEN");
        ResponseEntity<String> read = rest.exchange("/camunda/api/engine/engine/default/task/count", HttpMethod.GET,
                new HttpEntity<>(headers(cookies)), String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        collect(cookies, read.getHeaders());
        assertThat(cookies).containsKey("XSRF-TOKEN");
        return headers(cookies);
    }

    private static void collect(Map<String, String> cookies, HttpHeaders response) {
        for (String c : response.getOrDefault(HttpHeaders.SET_COOKIE, List.of())) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
    }

    private static HttpHeaders headers(Map<String, String> cookies) {
        HttpHeaders h = new HttpHeaders();
        StringBuilder cookie = new StringBuilder();
        cookies.forEach((k, v) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        h.set(HttpHeaders.COOKIE, cookie.toString());
        if (cookies.containsKey("XSRF-TOKEN")) {
            h.set("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        }
        return h;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
