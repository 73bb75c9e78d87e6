package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: every role against every endpoint (401 without credentials, 403 without the
 * group, anything else with it), against the Camunda webapps, and against the tasks of a case.
 * Demo users: monitoring (relaywarden-monitoring), agent (agents), lead (leads + agents),
 * operator (operators + camunda-admin).
 */
@RelaywardenSpringBootTest
class AuthorizationMatrixTest {

    @Autowired
    TestRestTemplate rest;

    record Row(HttpMethod method, String path, String body, Set<String> allowed) {
    }

    static final Set<String> ALL = Set.of("monitoring", "agent", "lead", "operator");
    static final Set<String> PEOPLE = Set.of("agent", "lead", "operator");

    static final List<Row> MATRIX = List.of(
            new Row(HttpMethod.POST, "/api/v1/alerts", "{\"account\":\"%s@matrix.example\",\"source\":\"matrix\"}", Set.of("monitoring", "operator")),
            new Row(HttpMethod.POST, "/api/v1/alerts/alertmanager", "{\"version\":\"4\",\"alerts\":[]}", Set.of("monitoring", "operator")),
            new Row(HttpMethod.POST, "/api/v1/alerts/grafana", "{\"alerts\":[]}", Set.of("monitoring", "operator")),
            new Row(HttpMethod.GET, "/api/v1/cases", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/letters", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/answers", null, PEOPLE),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/answers", "{\"cause\":\"a\",\"prevention\":\"b\",\"queueEmptied\":true}", Set.of("agent", "lead", "operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/quarantine", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/quarantine/1", null, Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/close", "{\"finalRelayState\":\"ACTIVE\"}", Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/contacts", null, PEOPLE),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/contacts", "{\"address\":\"it@kunde.example\",\"reason\":\"matrix\"}", Set.of("operator")),
            new Row(HttpMethod.PUT, "/api/v1/cases/RW-999999/durations", "{\"watchWindow\":\"PT1H\"}", Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/sandbox/accounts/%s@matrix.example/flood", "{\"count\":1}", Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/sandbox/accounts/x@matrix.example", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/tokens", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/actuator/prometheus", null, Set.of("monitoring", "operator")),
            new Row(HttpMethod.GET, "/actuator/metrics", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/openapi", null, ALL),
            new Row(HttpMethod.GET, "/engine-rest/engine", null, ALL),
            new Row(HttpMethod.GET, "/engine-rest/process-instance", null, ALL));

    ResponseEntity<String> call(String user, HttpMethod method, String path, String body) {
        HttpHeaders h = new HttpHeaders();
        if (user != null) {
            h.setBasicAuth(user, user);
        }
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(body, h), String.class);
    }

    @Test
    void everyRoleAgainstEveryEndpoint() {
        List<String> wrong = new ArrayList<>();
        for (Row row : MATRIX) {
            for (String user : new String[]{null, "monitoring", "agent", "lead", "operator"}) {
                String path = row.path().formatted(user == null ? "anon" : user);
                String body = row.body() == null ? null : row.body().formatted(user == null ? "anon" : user);
                int status = call(user, row.method(), path, body).getStatusCode().value();
                boolean ok = user == null ? status == 401
                        : row.allowed().contains(user) ? status != 401 && status != 403 : status == 403;
                if (!ok) {
                    wrong.add(row.method() + " " + path + " as " + user + " -> " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void onlyHealthIsOpenAndUnknownPathsAreClosed() {
        assertThat(call(null, HttpMethod.GET, "/actuator/health", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(null, HttpMethod.GET, "/actuator/health/liveness", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(null, HttpMethod.GET, "/actuator/env", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(call(null, HttpMethod.GET, "/h2-console", null).getStatusCode().value()).isIn(401, 403);
        assertThat(call("operator", HttpMethod.GET, "/some/unknown/path", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /** The webapps' own login: Cockpit for operators, Tasklist for people, nothing for monitoring. */
    @Test
    void webappAccessByGroup() {
        Map<String, Map<String, Integer>> expected = Map.of(
                "operator", Map.of("cockpit", 200, "tasklist", 200),
                "agent", Map.of("cockpit", 403, "tasklist", 200),
                "lead", Map.of("cockpit", 403, "tasklist", 200),
                "monitoring", Map.of("cockpit", 403, "tasklist", 403));
        List<String> wrong = new ArrayList<>();
        expected.forEach((user, apps) -> apps.forEach((app, status) -> {
            var form = new LinkedMultiValueMap<String, String>();
            form.add("username", user);
            form.add("password", user);
            HttpHeaders h = webappCsrfHeaders();
            h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
            int got = rest.exchange("/camunda/api/admin/auth/user/default/login/" + app, HttpMethod.POST,
                    new HttpEntity<>(form, h), String.class).getStatusCode().value();
            if (got != status) {
                wrong.add(user + " -> " + app + ": " + got + " (expected " + status + ")");
            }
        }));
        assertThat(wrong).isEmpty();
        // the webapps' CSRF filter stays on: the right password without the XSRF token is refused
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", "operator");
        form.add("password", "operator");
        HttpHeaders plain = new HttpHeaders();
        plain.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        assertThat(rest.exchange("/camunda/api/admin/auth/user/default/login/cockpit", HttpMethod.POST,
                new HttpEntity<>(form, plain), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /** The webapps' CSRF filter (it stays on): a session cookie and its XSRF token, as the browser would send them. */
    private HttpHeaders webappCsrfHeaders() {
        ResponseEntity<String> page = rest.getForEntity("/camunda/app/tasklist/default/", String.class);
        List<String> cookies = page.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of());
        HttpHeaders h = new HttpHeaders();
        StringBuilder cookie = new StringBuilder();
        for (String c : cookies) {
            String pair = c.split(";", 2)[0];
            cookie.append(cookie.isEmpty() ? "" : "; ").append(pair);
            if (pair.startsWith("XSRF-TOKEN=")) {
                h.set("X-XSRF-TOKEN", pair.substring("XSRF-TOKEN=".length()));
            }
        }
        assertThat(h.containsKey("X-XSRF-TOKEN")).as("the webapp hands out an XSRF token: " + cookies).isTrue();
        h.set(HttpHeaders.COOKIE, cookie.toString());
        return h;
    }

    /** Agents see the review tasks of their group, leads also the termination reviews; nobody but operators sees instances. */
    @Test
    void tasksAndInstancesByGroup() {
        Api api = new Api(rest);
        String review = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"review@tasks.example\",\"source\":\"matrix\"}").getBody().path("caseId").asText();
        String termination = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"originator@tasks.example\",\"source\":\"matrix\",\"originator\":true}").getBody().path("caseId").asText();
        api.awaitStage(review, "AWAITING_ANSWERS");
        api.post("agent", "/api/v1/cases/" + review + "/answers", "{\"cause\":\"a\",\"prevention\":\"b\",\"queueEmptied\":true}");
        api.awaitStage(review, "IN_REVIEW");
        api.awaitStage(termination, "TERMINATION_REVIEW");

        assertThat(taskKeys("agent", review)).containsExactly("Task_ReviewAnswers");
        assertThat(taskKeys("agent", termination)).isEmpty();
        assertThat(taskKeys("lead", termination)).containsExactly("Task_TerminationReview");
        assertThat(taskKeys("operator", termination)).containsExactly("Task_TerminationReview");
        assertThat(taskKeys("monitoring", review)).isEmpty();

        assertThat(api.get("agent", "/engine-rest/process-instance?businessKey=" + review).getBody()).isEmpty();
        assertThat(api.get("operator", "/engine-rest/process-instance?businessKey=" + review).getBody()).hasSize(1);
        // an agent cannot complete the lead's task even knowing its id
        String leadTask = api.get("lead", "/engine-rest/task?processInstanceBusinessKey=" + termination).getBody()
                .get(0).path("id").asText();
        assertThat(api.post("agent", "/engine-rest/task/" + leadTask + "/complete",
                "{\"variables\":{\"terminationConfirmed\":{\"value\":true}}}").getStatusCode())
                .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.BAD_REQUEST);
        assertThat(api.caseView(termination).path("stage").asText()).isEqualTo("TERMINATION_REVIEW");
    }

    /** The task for a reply nobody could read goes to agents, and agents can see and complete it with authorizations on. */
    @Test
    void agentsSeeAndCompleteTheReadReplyTask() {
        inbox.readReply(null, new org.relaywarden.questionnaire.mail.IncomingReply("<matrix-1@customer.example>",
                "kunde@matrix.example", "Re: something", List.of("abuse@provider.example"), List.of(),
                "hello, what do you want from me?", false), "no case matched");
        Api api = new Api(rest);
        List<String> forAgent = readReplyTasks("agent");
        assertThat(forAgent).isNotEmpty();
        assertThat(readReplyTasks("monitoring")).isEmpty();
        String id = forAgent.get(0);
        assertThat(api.post("agent", "/engine-rest/task/" + id + "/complete", "{}").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Autowired
    org.relaywarden.questionnaire.mail.AgentInbox inbox;

    private List<String> readReplyTasks(String user) {
        List<String> ids = new ArrayList<>();
        new Api(rest).get(user, "/engine-rest/task").getBody().forEach(t -> {
            if (t.path("name").asText().startsWith("Read customer reply")) {
                ids.add(t.path("id").asText());
            }
        });
        return ids;
    }

    private List<String> taskKeys(String user, String caseId) {
        JsonNode tasks = new Api(rest).get(user, "/engine-rest/task?processInstanceBusinessKey=" + caseId).getBody();
        List<String> keys = new ArrayList<>();
        tasks.forEach(t -> keys.add(t.path("taskDefinitionKey").asText()));
        return keys;
    }
}
