package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case API the Cockpit case tab uses (issue 22): state changes with the webapp login session only with the
 * webapps' CSRF token, the same role rules as with Basic, purging one quarantined message, retrying a case's failed
 * steps, the account's state on each relay, finding a case by id or account, and which actions a role is offered.
 */
@RelaywardenSpringBootTest
class CaseTabApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;

    /** A case with {@code count} quarantined messages, waiting for answers. */
    private String caseWithQuarantine(Api api, String account, int count) {
        assertThat(api.post("operator", "/api/v1/sandbox/accounts/" + account + "/flood", "{\"count\": " + count + "}")
                .getStatusCode().is2xxSuccessful()).isTrue();
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"" + account + "\",\"source\":\"queue-monitor\",\"reason\":\"deferred\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        return caseId;
    }

    @Test
    void aWebappSessionChangesACaseOnlyWithItsCsrfToken() {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"csrf@casetab.example\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        Map<String, String> session = webappSession("operator", "cockpit");
        String body = "{\"address\":\"it@casetab.example\",\"reason\":\"their contractor\"}";

        assertThat(sessionCall(session, HttpMethod.GET, "/api/v1/cases/" + caseId, null, null).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> noToken = sessionCall(session, HttpMethod.POST, "/api/v1/cases/" + caseId + "/contacts", body, null);
        assertThat(noToken.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(noToken.getBody()).contains("CSRF");
        assertThat(sessionCall(session, HttpMethod.POST, "/api/v1/cases/" + caseId + "/contacts", body, "wrong-token")
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(sessionCall(session, HttpMethod.PUT, "/api/v1/cases/" + caseId + "/durations",
                "{\"watchWindow\":\"PT30M\"}", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.caseView(caseId).path("audit").toString()).doesNotContain("it@casetab.example");

        ResponseEntity<String> withToken = sessionCall(session, HttpMethod.POST, "/api/v1/cases/" + caseId + "/contacts",
                body, session.get("XSRF-TOKEN"));
        assertThat(withToken.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(withToken.getBody()).contains("it@casetab.example");
        JsonNode audit = api.get("operator", "/api/v1/cases/" + caseId + "/audit?limit=500").getBody().path("entries");
        assertThat(audit.findValues("actor").stream().map(JsonNode::asText)).contains("operator");
        assertThat(audit.toString()).contains("it@casetab.example");
        // bad input on the session is a 4xx like with Basic
        assertThat(sessionCall(session, HttpMethod.PUT, "/api/v1/cases/" + caseId + "/durations",
                "{\"watchWindow\":\"thirty minutes\"}", session.get("XSRF-TOKEN")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        // the session is accepted for the case API only: not for the rest of Relaywarden's API
        assertThat(sessionCall(session, HttpMethod.POST, "/api/v1/tokens", "{\"name\":\"x\"}", session.get("XSRF-TOKEN"))
                .getStatusCode().value()).isIn(401, 403);
    }

    @Test
    void anAgentsSessionCannotReleaseOrPurgeAndIsOfferedNoActions() {
        Api api = new Api(rest);
        String caseId = caseWithQuarantine(api, "agentrelease@casetab.example", 2);
        long id = api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody().get(0).path("id").asLong();
        // an agent logs in to Tasklist (Cockpit is for operators): the same webapp session, with its CSRF token
        Map<String, String> agent = webappSession("agent", "tasklist");
        for (String action : List.of("release", "purge")) {
            assertThat(sessionCall(agent, HttpMethod.POST, "/api/v1/cases/" + caseId + "/quarantine/" + id + "/" + action,
                    "{}", agent.get("XSRF-TOKEN")).getStatusCode()).as(action).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(sessionCall(agent, HttpMethod.POST, "/api/v1/cases/" + caseId + "/close",
                "{\"finalRelayState\":\"ACTIVE\"}", agent.get("XSRF-TOKEN")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        JsonNode offered = json(sessionCall(agent, HttpMethod.GET, "/api/v1/cases/" + caseId + "/actions", null, null));
        assertThat(offered.path("user").asText()).isEqualTo("agent");
        offered.path("allowed").fields().forEachRemaining(e -> assertThat(e.getValue().asBoolean()).as(e.getKey()).isFalse());
        JsonNode operator = api.get("operator", "/api/v1/cases/" + caseId + "/actions").getBody();
        assertThat(operator.path("open").asBoolean()).isTrue();
        operator.path("allowed").fields().forEachRemaining(e -> assertThat(e.getValue().asBoolean()).as(e.getKey()).isTrue());
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody().get(0).path("state").asText())
                .isEqualTo("STORED");
    }

    @Test
    void anOperatorPurgesOneQuarantinedMessageAudited() {
        Api api = new Api(rest);
        String caseId = caseWithQuarantine(api, "purge@casetab.example", 2);
        String base = "/api/v1/cases/" + caseId + "/quarantine";
        JsonNode listed = api.get("operator", base).getBody();
        long id = listed.get(0).path("id").asLong();
        long other = listed.get(1).path("id").asLong();

        assertThat(api.post("agent", base + "/" + id + "/purge", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("lead", base + "/" + id + "/purge", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("operator", base + "/" + id + "/purge", "{\"reason\":\"" + "x".repeat(1001) + "\"}")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.post("operator", base + "/999999999/purge", "{}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.post("operator", "/api/v1/cases/RW-x/quarantine/" + id + "/purge", "{}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(api.post("operator", base + "/" + id + "/purge", "{\"reason\":\"plain spam\"}").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode after = api.get("operator", base).getBody();
        for (JsonNode m : after) {
            assertThat(m.path("state").asText()).as("message " + m.path("id")).isEqualTo(m.path("id").asLong() == id ? "PURGED" : "STORED");
        }
        assertThat(rest.exchange(base + "/" + id, HttpMethod.GET, new HttpEntity<>(basic("operator")), byte[].class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rest.exchange(base + "/" + other, HttpMethod.GET, new HttpEntity<>(basic("operator")), byte[].class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.post("operator", base + "/" + id + "/purge", "{}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.post("operator", base + "/" + id + "/release", "{}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        JsonNode audit = api.get("operator", "/api/v1/cases/" + caseId + "/audit?limit=500").getBody().path("entries");
        List<JsonNode> purged = new ArrayList<>();
        audit.forEach(a -> {
            if (a.path("action").asText().equals("QUARANTINE_PURGED")) {
                purged.add(a);
            }
        });
        assertThat(purged).hasSize(1);
        assertThat(purged.get(0).path("actor").asText()).isEqualTo("operator");
        assertThat(purged.get(0).path("detail").asText()).contains("plain spam", listed.get(0).path("queueId").asText());
    }

    @Test
    void anOperatorRetriesTheCasesOwnFailedSteps() {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"retry@casetab.example\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        String bystander = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"bystander@casetab.example\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        api.awaitStage(bystander, "AWAITING_ANSWERS");
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/retry", "{}").getStatusCode())
                .as("nothing failed yet").isEqualTo(HttpStatus.CONFLICT);

        // a step of each case runs out of retries (the engine raises an incident, as after a failing relay call)
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        String other = runtime.createProcessInstanceQuery().processInstanceBusinessKey(bystander).singleResult().getId();
        Job job = management.createJobQuery().processInstanceId(instance).list().get(0);
        Job otherJob = management.createJobQuery().processInstanceId(other).list().get(0);
        management.setJobRetries(job.getId(), 0);
        management.setJobRetries(otherJob.getId(), 0);
        assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isEqualTo(1);

        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/retry", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("lead", "/api/v1/cases/" + caseId + "/retry", "{}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.post("operator", "/api/v1/cases/RW-999999999/retry", "{}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // a process instance named in the body is no part of the request: the case decides
        ResponseEntity<JsonNode> retried = api.post("operator", "/api/v1/cases/" + caseId + "/retry",
                "{\"reason\":\"relay is back\",\"processInstanceId\":\"" + other + "\"}");
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody().path("retried").size()).isEqualTo(1);
        assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries()).isEqualTo(1);
        assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isZero();
        assertThat(management.createJobQuery().jobId(otherJob.getId()).singleResult().getRetries())
                .as("the other case's step is not touched").isZero();
        JsonNode audit = api.get("operator", "/api/v1/cases/" + caseId + "/audit?limit=500").getBody().path("entries");
        assertThat(audit.toString()).contains("STEP_RETRIED", "relay is back");
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/retry", "{}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        management.setJobRetries(otherJob.getId(), 1);
    }

    @Test
    void theAccountsStateOnEachRelayComesFromTheCaseRecord() {
        Api api = new Api(rest);
        String caseId = caseWithQuarantine(api, "relaystate@casetab.example", 1);
        for (String user : List.of("operator", "agent", "lead")) {
            ResponseEntity<JsonNode> state = api.get(user, "/api/v1/cases/" + caseId + "/relay-state");
            assertThat(state.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
            assertThat(state.getBody().path("account").asText()).isEqualTo("relaystate@casetab.example");
            assertThat(state.getBody().path("relays").size()).isEqualTo(1);
            assertThat(state.getBody().path("relays").get(0).path("relay").asText()).isEqualTo("sandbox");
            assertThat(state.getBody().path("relays").get(0).path("state").asText()).isEqualTo("SUSPENDED");
        }
        assertThat(api.get("monitoring", "/api/v1/cases/" + caseId + "/relay-state").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.get("operator", "/api/v1/cases/RW-999999999/relay-state").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void casesAreFoundByIdOrAccount() {
        Api api = new Api(rest);
        String first = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"search@casetab.example\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.awaitStage(first, "AWAITING_ANSWERS");
        ResponseEntity<JsonNode> byId = api.get("agent", "/api/v1/cases?q=" + first);
        assertThat(byId.getBody()).hasSize(1);
        assertThat(byId.getBody().get(0).path("account").asText()).isEqualTo("search@casetab.example");
        JsonNode byAccount = api.get("lead", "/api/v1/cases?q=search@casetab.example").getBody();
        assertThat(byAccount.findValues("caseId").stream().map(JsonNode::asText)).containsExactly(first);
        assertThat(api.get("operator", "/api/v1/cases?q=nobody@casetab.example").getBody()).isEmpty();
        assertThat(api.get("operator", "/api/v1/cases?q=RW-999999999").getBody()).isEmpty();
        assertThat(api.get("operator", "/api/v1/cases?q=RW-abc").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("operator", "/api/v1/cases?q=not an account").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.get("monitoring", "/api/v1/cases?q=" + first).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    // ---- the webapps' login session, as a browser holds it -----------------------------------------------------

    /** Logs in to a Camunda webapp as its form does; returns the cookies (JSESSIONID, XSRF-TOKEN of the new session). */
    private Map<String, String> webappSession(String user, String app) {
        Map<String, String> cookies = new LinkedHashMap<>();
        collect(cookies, rest.getForEntity("/camunda/app/" + app + "/default/", String.class).getHeaders());
        HttpHeaders h = cookieHeaders(cookies, cookies.get("XSRF-TOKEN"));
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", user);
        form.add("password", user);
        ResponseEntity<String> login = rest.exchange("/camunda/api/admin/auth/user/default/login/" + app, HttpMethod.POST,
                new HttpEntity<>(form, h), String.class);
        assertThat(login.getStatusCode()).as(user + " logs in to " + app).isEqualTo(HttpStatus.OK);
        collect(cookies, login.getHeaders());
        cookies.remove("XSRF-TOKEN"); // the login starts a new session: its token comes with the next read
        ResponseEntity<String> read = rest.exchange("/camunda/api/engine/engine/default/task/count", HttpMethod.GET,
                new HttpEntity<>(cookieHeaders(cookies, null)), String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        collect(cookies, read.getHeaders());
        assertThat(cookies).containsKeys("JSESSIONID", "XSRF-TOKEN");
        return cookies;
    }

    private ResponseEntity<String> sessionCall(Map<String, String> cookies, HttpMethod method, String path, String json,
                                               String xsrf) {
        HttpHeaders h = cookieHeaders(cookies, xsrf);
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        if (json != null) {
            h.setContentType(MediaType.APPLICATION_JSON);
        }
        return rest.exchange(path, method, new HttpEntity<>(json, h), String.class);
    }

    private static JsonNode json(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        try {
            return new ObjectMapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpHeaders basic(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }

    private static void collect(Map<String, String> cookies, HttpHeaders response) {
        for (String c : response.getOrDefault(HttpHeaders.SET_COOKIE, List.of())) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
    }

    private static HttpHeaders cookieHeaders(Map<String, String> cookies, String xsrf) {
        HttpHeaders h = new HttpHeaders();
        StringBuilder cookie = new StringBuilder();
        cookies.forEach((k, v) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        h.set(HttpHeaders.COOKIE, cookie.toString());
        if (xsrf != null) {
            h.set("X-XSRF-TOKEN", xsrf);
        }
        return h;
    }
}
