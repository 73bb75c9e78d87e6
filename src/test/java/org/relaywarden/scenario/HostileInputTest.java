package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.util.UriUtils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile inputs against every entry point of the API: each is answered with a clear
 * 4xx, never a 5xx, and leaves nothing behind (no case, no process, no token).
 */
@RelaywardenSpringBootTest
class HostileInputTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    static final List<String> HOSTILE = List.of(
            "; rm -rf /", "$(reboot)@example.test", "`id`@example.test", "a\r\nBcc: x@evil.example",
            "alice@example.test\r\nREJECT", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd@example.test",
            "a\u0000b@example.test", "alice@example.test REJECT all", "alice@example.test\tOK", "x".repeat(300) + "@example.test",
            "alice@exam\u202eple.test", "\uD800@example.test", "ålice@example.test", "alice@example.test,bob@example.test",
            "alice@example.test|/bin/sh", "'; DROP TABLE remediation_case; --@example.test", "{{7*7}}@example.test",
            "<script>alert(1)</script>@example.test", "alice@[127.0.0.1]", "alice@localhost", "");

    final ObjectMapper json = new ObjectMapper();

    int status(String user, HttpMethod method, String path, Object body) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        h.setContentType(MediaType.APPLICATION_JSON);
        try {
            String payload = body == null ? null : body instanceof String s ? s : json.writeValueAsString(body);
            return rest.exchange(URI.create(rest.getRootUri() + path), method, new HttpEntity<>(payload, h), String.class)
                    .getStatusCode().value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Announces a 10 MB body and reads the answer without sending it: the server must refuse
     * from the declared length alone, before reading anything.
     */
    String statusLineForDeclaredBody(int length) {
        return statusLineForDeclaredBody("/api/v1/alerts", "monitoring", length);
    }

    /** The same against any path, as any user (null: no credentials at all). */
    String statusLineForDeclaredBody(String path, String user, int length) {
        int port = Integer.parseInt(rest.getRootUri().replaceAll(".*:(\\d+).*", "$1"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String auth = user == null ? "" : "Authorization: Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)) + "\r\n";
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth
                    + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"account\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long footprint() {
        Long cases = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case", Long.class);
        Long tokens = jdbc.queryForObject("SELECT COUNT(*) FROM api_token", Long.class);
        return cases * 1_000_000 + tokens * 1000 + runtime.createProcessInstanceQuery().count();
    }

    @Test
    void everyEntryPointAnswersHostileInputWithA4xxAndNoSideEffect() {
        List<String> wrong = new ArrayList<>();
        long before = footprint();
        for (String h : HOSTILE) {
            String p = UriUtils.encodePathSegment(h, StandardCharsets.UTF_8);
            Map<String, Object> checks = new LinkedHashMap<>();
            checks.put("alert account", new Object[]{"monitoring", HttpMethod.POST, "/api/v1/alerts",
                    Map.of("account", h, "source", "corpus")});
            checks.put("alert contact", new Object[]{"monitoring", HttpMethod.POST, "/api/v1/alerts",
                    Map.of("account", "victim@corpus.example", "source", "corpus", "contact", h.isEmpty() ? "x" : h)});
            checks.put("alert source", new Object[]{"monitoring", HttpMethod.POST, "/api/v1/alerts",
                    Map.of("account", "victim@corpus.example", "source", h)});
            checks.put("alertmanager label", new Object[]{"monitoring", HttpMethod.POST, "/api/v1/alerts/alertmanager",
                    Map.of("version", "4", "alerts", List.of(Map.of("status", "firing", "fingerprint", "abc123",
                            "startsAt", "2026-11-29T01:00:00Z", "labels", Map.of("sasl_username", h))))});
            checks.put("case path", new Object[]{"operator", HttpMethod.GET, "/api/v1/cases/" + p, null});
            checks.put("answers path", new Object[]{"agent", HttpMethod.POST, "/api/v1/cases/" + p + "/answers",
                    Map.of("cause", "a", "prevention", "b", "queueEmptied", true)});
            checks.put("close path", new Object[]{"operator", HttpMethod.POST, "/api/v1/cases/" + p + "/close",
                    Map.of("finalRelayState", "ACTIVE")});
            checks.put("contacts path", new Object[]{"operator", HttpMethod.POST, "/api/v1/cases/" + p + "/contacts",
                    Map.of("address", "it@kunde.example", "reason", "hostile corpus")});
            checks.put("close state", new Object[]{"operator", HttpMethod.POST, "/api/v1/cases/RW-1/close",
                    Map.of("finalRelayState", h)});
            checks.put("sandbox path", new Object[]{"operator", HttpMethod.POST, "/api/v1/sandbox/accounts/" + p + "/flood",
                    Map.of("count", 1)});
            checks.put("token name", new Object[]{"operator", HttpMethod.POST, "/api/v1/tokens",
                    Map.of("name", h, "groups", List.of("relaywarden-monitoring"))});
            checks.put("quarantine id", new Object[]{"operator", HttpMethod.GET, "/api/v1/cases/RW-1/quarantine/" + p, null});
            for (var c : checks.entrySet()) {
                Object[] a = (Object[]) c.getValue();
                if (h.isEmpty() && a[2].toString().contains("//")) {
                    continue;
                }
                int s = status((String) a[0], (HttpMethod) a[1], (String) a[2], a[3]);
                if (s < 400 || s >= 500) {
                    wrong.add(c.getKey() + " <" + h.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0") + "> -> " + s);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(footprint()).isEqualTo(before);
    }

    @Test
    void hostileBodiesAre4xx() {
        long before = footprint();
        assertThat(statusLineForDeclaredBody(10 * 1024 * 1024)).contains(" 413 ");
        assertThat(status("monitoring", HttpMethod.POST, "/api/v1/alerts", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)))
                .isEqualTo(400);
        assertThat(status("monitoring", HttpMethod.POST, "/api/v1/alerts", "{\"account\":\"a\u0000@example.test\",\"source\":\"x\"}"))
                .isEqualTo(400);
        assertThat(status("monitoring", HttpMethod.POST, "/api/v1/alerts", "not json at all")).isEqualTo(400);
        assertThat(status("monitoring", HttpMethod.POST, "/api/v1/alerts", "{\"account\":[\"a@b.example\"],\"source\":\"x\"}"))
                .isEqualTo(400);
        // invalid UTF-8 (an overlong encoding of '/')
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("monitoring", "monitoring");
        h.setContentType(MediaType.APPLICATION_JSON);
        byte[] overlong = "{\"account\":\"a\u00c0\u00afb@example.test\",\"source\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1);
        int s = rest.exchange("/api/v1/alerts", HttpMethod.POST, new HttpEntity<>(overlong, h), String.class).getStatusCode().value();
        assertThat(s).isEqualTo(400);
        assertThat(footprint()).isEqualTo(before);
    }

    /** The answer's status and body, as the given user with a JSON body. */
    ResponseEntity<String> exchange(String user, HttpMethod method, String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(body, h), String.class);
    }

    /**
     * Issue 16.7: a NUL in an alert's reason or an answer is refused at the edge with a 400 naming the field
     * (before the fix H2 took it, PostgreSQL failed with 409/500 after retries).
     */
    @Test
    void aControlCharacterIsRefusedWithA400NamingTheField() {
        long before = footprint();
        var alert = exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"nul@hostile.example\",\"source\":\"x\",\"reason\":\"412 deferred\\u0000; DROP\"}");
        assertThat(alert.getStatusCode().value()).isEqualTo(400);
        assertThat(alert.getBody()).contains("reason: contains the control character U+0000");
        var bell = exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"nul@hostile.example\",\"source\":\"x\",\"evidenceRef\":\"a\\u0007b\"}");
        assertThat(bell.getStatusCode().value()).isEqualTo(400);
        assertThat(bell.getBody()).contains("evidenceRef: contains the control character U+0007");
        var answers = exchange("agent", HttpMethod.POST, "/api/v1/cases/RW-999999/answers",
                "{\"cause\":\"a\\u0000b\",\"prevention\":\"b\",\"queueEmptied\":true}");
        assertThat(answers.getStatusCode().value()).isEqualTo(400);
        assertThat(answers.getBody()).contains("cause: contains the control character");
        // line breaks and tabs are text, not control characters to refuse
        var tabs = exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"tabs@hostile.example\",\"source\":\"x\",\"reason\":\"line 1\\r\\nline\\t2\"}");
        assertThat(tabs.getStatusCode().value()).isEqualTo(202);
        assertThat(footprint()).isGreaterThan(before);

        // the questionnaire page's form: 400 before anything else (token, CSRF) is looked at
        HttpHeaders form = new HttpHeaders();
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        assertThat(rest.exchange("/q/sometoken", HttpMethod.POST, new HttpEntity<>("cause=a%00b&prevention=x", form), String.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    /**
     * Issue 16.8: one credential sent 300 alerts with distinct sources for one account; the case grew by an alert and
     * an audit entry each, all returned by GET /cases/{id}. Now the fold is capped and the audit trail paged.
     */
    @Test
    void oneCaseDoesNotGrowWithoutBound() throws Exception {
        String caseId = null;
        for (int i = 0; i < 130; i++) {
            var r = exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                    "{\"account\":\"fold@hostile.example\",\"source\":\"src-" + i + "\"}");
            assertThat(r.getStatusCode().value()).isIn(200, 202);
            caseId = json.readTree(r.getBody()).path("caseId").asText();
        }
        var view = json.readTree(exchange("operator", HttpMethod.GET, "/api/v1/cases/" + caseId, null).getBody());
        assertThat(view.path("alerts").asInt()).isEqualTo(100);
        assertThat(view.path("audit").size()).isLessThanOrEqualTo(100);
        int total = view.path("auditTotal").asInt();
        assertThat(total).isGreaterThanOrEqualTo(100).isLessThan(130);
        var page = json.readTree(exchange("agent", HttpMethod.GET, "/api/v1/cases/" + caseId + "/audit?offset=10&limit=20", null)
                .getBody());
        assertThat(page.path("entries").size()).isEqualTo(20);
        assertThat(page.path("total").asInt()).isEqualTo(total);
        assertThat(page.path("entries").get(0).toString()).isEqualTo(view.path("audit").get(10).toString());
        var huge = json.readTree(exchange("agent", HttpMethod.GET, "/api/v1/cases/" + caseId + "/audit?limit=100000", null)
                .getBody());
        assertThat(huge.path("limit").asInt()).isEqualTo(500);
        // an originator alert still changes the case beyond the cap
        exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"fold@hostile.example\",\"source\":\"late\",\"originator\":true}");
        assertThat(json.readTree(exchange("operator", HttpMethod.GET, "/api/v1/cases/" + caseId, null).getBody())
                .path("originator").asBoolean()).isTrue();
    }

    /** Issue 16.11: strict JSON; a key given twice and 1 for a boolean were accepted (the alert opened a case). */
    @Test
    void duplicateKeysAndNumbersForBooleansAreRefused() {
        long before = footprint();
        assertThat(exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"dup1@hostile.example\",\"account\":\"dup2@hostile.example\",\"source\":\"x\"}")
                .getStatusCode().value()).isEqualTo(400);
        assertThat(exchange("monitoring", HttpMethod.POST, "/api/v1/alerts",
                "{\"account\":\"one@hostile.example\",\"source\":\"x\",\"originator\":1}").getStatusCode().value())
                .isEqualTo(400);
        assertThat(footprint()).isEqualTo(before);
    }

    /** Issue 16.11: the questionnaire page had no Content-Security-Policy; its own style and script carry the nonce. */
    @Test
    void theQuestionnairePageHasAStrictContentSecurityPolicy() {
        var page = rest.getForEntity("/q/" + "B".repeat(43), String.class);
        String csp = page.getHeaders().getFirst("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").contains("form-action 'self'");
        String nonce = csp.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
        assertThat(page.getBody()).contains("<style nonce=\"" + nonce + "\"");
        assertThat(rest.getForEntity("/q/" + "B".repeat(43), String.class).getHeaders().getFirst("Content-Security-Policy"))
                .as("a fresh nonce per response").doesNotContain(nonce);
    }

    /**
     * Issue 16.7: a NUL in one alert's annotation of an Alertmanager group: that alert is refused naming the field,
     * the others of the group get their cases (before the fix the alerts after the bad one got none on PostgreSQL).
     */
    @Test
    void aControlCharacterInOneWebhookAlertLetsTheOthersOfTheGroupThrough() throws Exception {
        String group = """
                {"version":"4","status":"firing","alerts":[
                 {"status":"firing","labels":{"sasl_username":"good1@nulgroup.example"},"annotations":{"summary":"ok"},
                  "startsAt":"2026-11-29T01:00:00Z","fingerprint":"nulgroup1"},
                 {"status":"firing","labels":{"sasl_username":"bad@nulgroup.example"},"annotations":{"summary":"a\\u0000b"},
                  "startsAt":"2026-11-29T01:00:00Z","fingerprint":"nulgroup2"},
                 {"status":"firing","labels":{"sasl_username":"good2@nulgroup.example"},"annotations":{"summary":"ok"},
                  "startsAt":"2026-11-29T01:00:00Z","fingerprint":"nulgroup3"}]}""";
        var answer = exchange("monitoring", HttpMethod.POST, "/api/v1/alerts/alertmanager", group);
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        var results = json.readTree(answer.getBody()).path("results");
        assertThat(results.get(0).path("result").asText()).isEqualTo("opened");
        assertThat(results.get(1).path("result").asText()).isEqualTo("refused");
        assertThat(results.get(1).path("reason").asText()).contains("alerts[1].annotations.summary").contains("U+0000");
        assertThat(results.get(2).path("result").asText()).isEqualTo("opened");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE account = 'bad@nulgroup.example'", Long.class))
                .isZero();
    }

    /**
     * Camunda's REST API and the webapps' API read bodies too: a declared 10 MB body is refused
     * from its length alone (also before any login), and a chunked body that grows past 1 MiB is
     * cut off with a 4xx; no message is correlated, no process started.
     */
    @Test
    void engineRestAndWebappBodiesAreSizeLimited() {
        long before = footprint();
        assertThat(statusLineForDeclaredBody("/engine-rest/message", "operator", 10 * 1024 * 1024)).contains(" 413 ");
        assertThat(statusLineForDeclaredBody("/engine-rest/message", null, 10 * 1024 * 1024)).contains(" 413 ");
        assertThat(statusLineForDeclaredBody("/engine-rest/process-definition/key/relay-remediation/start", "operator",
                64 * 1024 * 1024)).contains(" 413 ");
        assertThat(statusLineForDeclaredBody("/camunda/api/engine/engine/default/deployment/create", null, 10 * 1024 * 1024))
                .contains(" 413 ");
        // the same path spelled with a dot segment is the same resource and the same limit
        assertThat(statusLineForDeclaredBody("/./engine-rest/message", "operator", 10 * 1024 * 1024)).contains(" 413 ");
        // chunked: no declared length, the body itself is 2 MiB of JSON
        assertThat(chunkedStatus("/engine-rest/message", "operator", 2 * 1024 * 1024)).isBetween(400, 499);
        // a normal-sized request still reaches Camunda (an unknown message: 400 from Camunda itself)
        assertThat(status("operator", HttpMethod.POST, "/engine-rest/message", Map.of("messageName", "relaywarden.NoSuchMessage")))
                .isEqualTo(400);
        assertThat(footprint()).isEqualTo(before);
    }

    /** POSTs a body of about {@code size} bytes in chunks (no Content-Length) and returns the status. */
    int chunkedStatus(String path, String user, int size) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(rest.getRootUri() + path).toURL()
                    .openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setChunkedStreamingMode(8192);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
            try (var out = c.getOutputStream()) {
                out.write("{\"messageName\":\"".getBytes(StandardCharsets.US_ASCII));
                byte[] filler = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                for (int written = 0; written < size; written += filler.length) {
                    out.write(filler);
                }
                out.write("\"}".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole body is sent: the status below tells
            }
            return c.getResponseCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
