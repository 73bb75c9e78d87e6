package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.relaywarden.questionnaire.mail.AgentInbox;
import org.relaywarden.questionnaire.mail.IncomingReply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
            new Row(HttpMethod.POST, "/api/v1/complaints", "{}", Set.of("monitoring", "operator")),
            new Row(HttpMethod.GET, "/api/v1/complaints", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/complaints/999999", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/complaints/999999/raw", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/blocklistings", null, Set.of("monitoring", "agent", "lead", "operator")),
            new Row(HttpMethod.POST, "/api/v1/blocklistings/check", "{}", Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/cases", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/dashboard", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/letters", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/audit", null, PEOPLE),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/answers", null, PEOPLE),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/answers", "{\"cause\":\"a\",\"prevention\":\"b\",\"queueEmptied\":true}", Set.of("agent", "lead", "operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/quarantine", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/quarantine/1", null, Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/close", "{\"finalRelayState\":\"ACTIVE\"}", Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/confirm-suspension", "{\"decision\":\"suspend\",\"reason\":\"matrix\"}", Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/release-held", "{\"note\":\"matrix\"}", Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/cases/RW-999999/contacts", null, PEOPLE),
            new Row(HttpMethod.POST, "/api/v1/cases/RW-999999/contacts", "{\"address\":\"it@kunde.example\",\"reason\":\"matrix\"}", Set.of("operator")),
            new Row(HttpMethod.PUT, "/api/v1/cases/RW-999999/durations", "{\"watchWindow\":\"PT1H\"}", Set.of("operator")),
            new Row(HttpMethod.POST, "/api/v1/sandbox/accounts/%s@matrix.example/flood", "{\"count\":1}", Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/sandbox/accounts/x@matrix.example", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/v1/tokens", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/actuator/prometheus", null, Set.of("monitoring", "operator")),
            new Row(HttpMethod.GET, "/actuator/metrics", null, Set.of("operator")),
            new Row(HttpMethod.GET, "/api/openapi", null, ALL),
            // the README's docs link: /api/docs redirects here (issue 16.11: it was 403 for every role)
            new Row(HttpMethod.GET, "/api/swagger-ui/index.html", null, ALL),
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
        // issue 16.11: wrong Basic credentials on the open paths were a 401; now they are as if absent
        HttpHeaders wrongCredentials = new HttpHeaders();
        wrongCredentials.setBasicAuth("nobody", "wrong");
        assertThat(rest.exchange("/actuator/health", HttpMethod.GET, new HttpEntity<>(wrongCredentials), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.exchange("/q/" + "C".repeat(43), HttpMethod.GET, new HttpEntity<>(wrongCredentials), String.class)
                .getStatusCode().value()).as("the invalid-link page (429 once this address guessed too often)").isIn(404, 429);
        assertThat(rest.exchange("/api/v1/cases", HttpMethod.GET, new HttpEntity<>(wrongCredentials), String.class)
                .getStatusCode()).as("elsewhere they still are").isEqualTo(HttpStatus.UNAUTHORIZED);
        // issue 16.11: the error page asked for directly answered 500 to anyone
        assertThat(call(null, HttpMethod.GET, "/error", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
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
        inbox.readReply(null, new IncomingReply("<matrix-1@customer.example>",
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
    AgentInbox inbox;

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

    // ---- issue 16, second pass: each test performs the attack; each failed before the fix ----

    @Autowired
    RepositoryService repository;
    @Autowired
    IdentityService identity;

    @Autowired
    AuthorizationService authorizations;

    /**
     * 16.1: nobody deploys over REST, not even an administrator (a deployment's expressions run as the server).
     * The administrator here has what Camunda's admin-user setup grants: ALL on every resource. Before the fix
     * the deployment went through.
     */
    @Test
    void nobodyDeploysOverRestNotEvenAnAdministrator() {
        Administrator.ensure(identity, authorizations);
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                             targetNamespace="http://evil.example">
                  <process id="evil" isExecutable="true" camunda:historyTimeToLive="1">
                    <startEvent id="s"/>
                    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
                    <serviceTask id="t" camunda:expression="${''.getClass().forName('java.lang.Runtime')}"/>
                    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
                    <endEvent id="e"/>
                  </process>
                </definitions>
                """;
        for (String path : List.of("/engine-rest/deployment/create", "/engine-rest/engine/default/deployment/create")) {
            var form = new LinkedMultiValueMap<String, Object>();
            form.add("deployment-name", "evil");
            form.add("data", new ByteArrayResource(bpmn.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public String getFilename() {
                    return "evil.bpmn";
                }
            });
            HttpHeaders h = new HttpHeaders();
            h.setBasicAuth(Administrator.ID, Administrator.PASSWORD);
            h.setContentType(MediaType.MULTIPART_FORM_DATA);
            h.set("X-Requested-With", "curl"); // past the cross-site guard: the rule itself refuses it
            assertThat(rest.exchange(path, HttpMethod.POST, new HttpEntity<>(form, h), String.class).getStatusCode())
                    .as(path).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(repository.createDeploymentQuery().deploymentName("evil").count()).isZero();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("evil").count()).isZero();
    }

    /** 16.11: the webapps' cookies keep SameSite (they had it already; the page's session cookie: WrongTokenLimitTest). */
    @Test
    void cookiesAreSameSite() {
        List<String> cookies = new ArrayList<>(rest.getForEntity("/camunda/app/tasklist/default/", String.class)
                .getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()));
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", "agent");
        form.add("password", "agent");
        HttpHeaders h = webappCsrfHeaders();
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        cookies.addAll(rest.exchange("/camunda/api/admin/auth/user/default/login/tasklist", HttpMethod.POST,
                new HttpEntity<>(form, h), String.class).getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()));
        assertThat(cookies).isNotEmpty();
        assertThat(cookies).anyMatch(c -> c.startsWith("JSESSIONID="));
        assertThat(cookies).allSatisfy(c -> assertThat(c.toLowerCase(Locale.ROOT)).contains("samesite="));
    }

    /** 16.1: Camunda Admin's first-user setup is never served, to anybody. */
    @Test
    void camundaAdminsSetupIsNeverServed() {
        assertThat(rest.getForEntity("/camunda/app/admin/default/setup/", String.class).getStatusCode().value()).isIn(401, 403);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        String user = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"I\",\"email\":\"i@evil.example\"},"
                + "\"credentials\":{\"password\":\"intruder-pw-123\"}}";
        assertThat(rest.exchange("/camunda/api/admin/setup/default/user/create", HttpMethod.POST, new HttpEntity<>(user, h),
                String.class).getStatusCode().value()).isIn(401, 403);
        assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
    }

    /**
     * 16.2: a page on another site auto-submits a form to release quarantined spam, with the operator's cached
     * Basic credentials. Before the fix: 204, the message went out. Machines (no Origin, JSON) still pass.
     */
    @Test
    void aCrossSiteFormCannotReleaseQuarantinedMail() {
        Api api = new Api(rest);
        api.post("operator", "/api/v1/sandbox/accounts/csrf@matrix.example/flood", "{\"count\": 3, \"recipientsEach\": 1}");
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"csrf@matrix.example\",\"source\":\"matrix\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        JsonNode quarantined = api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody();
        assertThat(quarantined).hasSize(3);
        String release = "/api/v1/cases/" + caseId + "/quarantine/%s/release";

        // the browser's form post: a simple content type, the attacker's Origin, Sec-Fetch-Site cross-site
        HttpHeaders form = new HttpHeaders();
        form.setBasicAuth("operator", "operator");
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        form.setOrigin("https://evil.example");
        form.set("Sec-Fetch-Site", "cross-site");
        assertThat(rest.exchange(release.formatted(quarantined.get(0).path("id").asText()), HttpMethod.POST,
                new HttpEntity<>("x=1", form), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // an older browser without Sec-Fetch-*: the Origin alone refuses it
        form.remove("Sec-Fetch-Site");
        assertThat(rest.exchange(release.formatted(quarantined.get(0).path("id").asText()), HttpMethod.POST,
                new HttpEntity<>("x=1", form), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // no Origin at all (a privacy setting strips it): a form's content type is still refused
        form.remove(HttpHeaders.ORIGIN);
        assertThat(rest.exchange(release.formatted(quarantined.get(0).path("id").asText()), HttpMethod.POST,
                new HttpEntity<>("x=1", form), String.class).getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        // text/plain, the other way a form posts JSON-looking text
        HttpHeaders text = new HttpHeaders();
        text.setBasicAuth("operator", "operator");
        text.setContentType(MediaType.TEXT_PLAIN);
        assertThat(rest.exchange("/api/v1/alerts", HttpMethod.POST,
                new HttpEntity<>("{\"account\":\"csrf2@matrix.example\",\"source\":\"matrix\"}", text), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody().get(0).path("state").asText())
                .isEqualTo(quarantined.get(0).path("state").asText());

        // curl with Basic and no body, and the same origin (Swagger UI's "try it out"), still work
        HttpHeaders curl = new HttpHeaders();
        curl.setBasicAuth("operator", "operator");
        assertThat(rest.exchange(release.formatted(quarantined.get(1).path("id").asText()), HttpMethod.POST,
                new HttpEntity<>(curl), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        HttpHeaders sameOrigin = new HttpHeaders();
        sameOrigin.setBasicAuth("operator", "operator");
        sameOrigin.setOrigin(rest.getRootUri());
        sameOrigin.set("Sec-Fetch-Site", "same-origin");
        assertThat(rest.exchange(release.formatted(quarantined.get(2).path("id").asText()), HttpMethod.POST,
                new HttpEntity<>(sameOrigin), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    /** 16.2: the same for Camunda's REST API: a cross-site page cannot complete a task with cached credentials. */
    @Test
    void aCrossSiteRequestCannotReachCamundasRestApi() {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("operator", "operator");
        h.setContentType(MediaType.APPLICATION_JSON);
        h.setOrigin("https://evil.example");
        assertThat(rest.exchange("/engine-rest/message", HttpMethod.POST,
                new HttpEntity<>("{\"messageName\":\"nothing\"}", h), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        h.remove(HttpHeaders.ORIGIN);
        assertThat(rest.exchange("/engine-rest/message", HttpMethod.POST,
                new HttpEntity<>("{\"messageName\":\"nothing\"}", h), String.class).getStatusCode().value())
                .as("without Origin, as curl sends it, it reaches Camunda (which knows no such message)").isEqualTo(400);
    }

    /**
     * 16.3: a stranger sends 130 wrong passwords for lead. Before the fix Camunda locked lead for good (ENGINE-27002)
     * and the right password got 401 from everywhere. Now only the guessing address waits, and not for long.
     */
    @Test
    void aStrangerCannotLockOutAUser() throws Exception {
        int wrong = 0;
        for (int i = 0; i < 130; i++) {
            if (rawGet("127.0.0.2", "lead", "guess" + i, "/api/v1/cases").startsWith("HTTP/1.1 401")) {
                wrong++;
            }
        }
        assertThat(wrong).isEqualTo(130);
        assertThat(rawGet("127.0.0.2", "lead", "lead", "/api/v1/cases"))
                .as("the guessing address waits, even with the right password").startsWith("HTTP/1.1 401");
        assertThat(rawGet("127.0.0.1", "lead", "lead", "/api/v1/cases")).startsWith("HTTP/1.1 200");
        assertThat(rawGet("127.0.0.1", "lead", "lead", "/engine-rest/task")).startsWith("HTTP/1.1 200");
        assertThat(identity.checkPassword("lead", "lead")).as("not locked in Camunda").isTrue();
    }

    /** One GET over a socket bound to the given local address, so that the server sees that client address. */
    String rawGet(String from, String user, String password, String path) throws IOException {
        int port = Integer.parseInt(rest.getRootUri().replaceAll(".*:(\\d+).*", "$1"));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }
}
