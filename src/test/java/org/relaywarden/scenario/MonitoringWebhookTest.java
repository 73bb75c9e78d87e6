package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alertmanager (webhook version 4) and Grafana payloads as those systems send them: at least
 * once, whole groups re-sent, resolutions, truncated groups; and everything malformed.
 */
@RelaywardenSpringBootTest
class MonitoringWebhookTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;

    static String amAlert(String status, String account, String fingerprint, String startsAt) {
        return """
                {"status":"%s","labels":{"alertname":"RelayAccountDeferredQueue","instance":"relay1:9154",
                 "severity":"critical","sasl_username":"%s"},
                 "annotations":{"summary":"%s has 412 messages deferred"},
                 "startsAt":"%s","endsAt":"%s",
                 "generatorURL":"http://prometheus.example:9090/graph?g0.expr=postfix_deferred%%3E100","fingerprint":"%s"}"""
                .formatted(status, account, account, startsAt,
                        "resolved".equals(status) ? "2026-11-29T02:10:00Z" : "0001-01-01T00:00:00Z", fingerprint);
    }

    static String amGroup(String status, int truncated, String... alerts) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"RelayAccountDeferredQueue\\"}","truncatedAlerts":%d,
                 "status":"%s","receiver":"relaywarden","groupLabels":{"alertname":"RelayAccountDeferredQueue"},
                 "commonLabels":{"alertname":"RelayAccountDeferredQueue","severity":"critical"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.example:9093","alerts":[%s]}"""
                .formatted(truncated, status, String.join(",", alerts));
    }

    ResponseEntity<JsonNode> am(String body) {
        return new Api(rest).post("monitoring", "/api/v1/alerts/alertmanager", body);
    }

    @Test
    void aGroupIsTakenOncePerAlertAndAReSentGroupWithOneNewAlertOpensOnlyThatCase() {
        String a1 = amAlert("firing", "am-one@webhook.example", "a1b2c3d4e5f60001", "2026-11-29T01:00:00.000Z");
        String a2 = amAlert("firing", "am-two@webhook.example", "a1b2c3d4e5f60002", "2026-11-29T01:00:05.000Z");
        ResponseEntity<JsonNode> first = am(amGroup("firing", 0, a1, a2));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(first.getBody().path("opened").asInt()).isEqualTo(2);

        ResponseEntity<JsonNode> again = am(amGroup("firing", 0, a1, a2));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("duplicates").asInt()).isEqualTo(2);
        assertThat(again.getBody().path("results").get(0).path("caseId").asText())
                .isEqualTo(first.getBody().path("results").get(0).path("caseId").asText());

        String a3 = amAlert("firing", "am-three@webhook.example", "a1b2c3d4e5f60003", "2026-11-29T01:02:00.000Z");
        ResponseEntity<JsonNode> grown = am(amGroup("firing", 0, a1, a2, a3));
        assertThat(grown.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(grown.getBody().path("opened").asInt()).isEqualTo(1);
        assertThat(grown.getBody().path("duplicates").asInt()).isEqualTo(2);
        for (String account : List.of("am-one@webhook.example", "am-two@webhook.example", "am-three@webhook.example")) {
            assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", account).count()).isEqualTo(1);
        }
    }

    @Test
    void aResolvedAlertIsRecordedOnTheOpenCaseAndStartsNothing() {
        Api api = new Api(rest);
        String fp = "b1b2c3d4e5f60001";
        String firing = amAlert("firing", "resolves@webhook.example", fp, "2026-11-29T01:00:00Z");
        String caseId = am(amGroup("firing", 0, firing)).getBody().path("results").get(0).path("caseId").asText();
        ResponseEntity<JsonNode> resolved = am(amGroup("resolved", 0,
                amAlert("resolved", "resolves@webhook.example", fp, "2026-11-29T01:00:00Z")));
        assertThat(resolved.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(resolved.getBody().path("resolved").asInt()).isEqualTo(1);
        assertThat(resolved.getBody().path("results").get(0).path("caseId").asText()).isEqualTo(caseId);
        // resolved again (re-sent): recorded once
        am(amGroup("resolved", 0, amAlert("resolved", "resolves@webhook.example", fp, "2026-11-29T01:00:00Z")));
        JsonNode c = api.caseView(caseId);
        assertThat(SeedScenarioOnSandboxTest.audit(c).stream().filter("ALERT_RESOLVED"::equals)).hasSize(1);
        assertThat(c.path("stage").asText()).isNotEqualTo("CLOSED");
        // a resolution of an account without a case starts nothing
        am(amGroup("resolved", 0, amAlert("resolved", "nocase@webhook.example", "b1b2c3d4e5f60009", "2026-11-29T01:00:00Z")));
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", "nocase@webhook.example").count()).isZero();
    }

    @Test
    void aTruncatedGroupIsTakenAsFarAsItGoes() {
        ResponseEntity<JsonNode> r = am(amGroup("firing", 40,
                amAlert("firing", "truncated@webhook.example", "c1b2c3d4e5f60001", "2026-11-29T01:00:00Z")));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(r.getBody().path("received").asInt()).isEqualTo(1);
    }

    @Test
    void unusableAlertsAreRefusedWithTheirReason() {
        String noLabel = amAlert("firing", "x@y.example", "d1b2c3d4e5f60001", "2026-11-29T01:00:00Z")
                .replace("\"sasl_username\"", "\"user\"");
        String hostile = amAlert("firing", "x;reboot@y.example", "d1b2c3d4e5f60002", "2026-11-29T01:00:00Z");
        String noFingerprint = amAlert("firing", "z@y.example", "", "2026-11-29T01:00:00Z");
        ResponseEntity<JsonNode> r = am(amGroup("firing", 0, noLabel, hostile, noFingerprint));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().path("refused").asInt()).isEqualTo(3);
        assertThat(r.getBody().path("results").get(0).path("reason").asText()).contains("sasl_username", "missing");
        assertThat(r.getBody().path("results").get(1).path("reason").asText()).contains("local part");
        assertThat(r.getBody().path("results").get(2).path("reason").asText()).contains("fingerprint");
        // one good alert among bad ones: the good one is taken, the bad ones reported
        ResponseEntity<JsonNode> mixed = am(amGroup("firing", 0, noLabel,
                amAlert("firing", "good@mixed.example", "d1b2c3d4e5f60003", "2026-11-29T01:00:00Z")));
        assertThat(mixed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(mixed.getBody().path("refused").asInt()).isEqualTo(1);
    }

    @Test
    void malformedWebhooksGetA4xxThatSaysWhy() {
        Api api = new Api(rest);
        assertDetail(am("{\"version\":\"4\",\"status\":\"firing\"}"), HttpStatus.BAD_REQUEST, "alerts: is missing");
        assertDetail(am("{\"version\":\"3\",\"alerts\":[]}"), HttpStatus.BAD_REQUEST, "version 3");
        assertDetail(am("{\"version\":\"4\",\"alerts\":[]}"), HttpStatus.BAD_REQUEST, "empty");
        assertDetail(am("{\"version\":\"4\",\"alerts\":[{\"startsAt\":\"yesterday\"}]}"), HttpStatus.BAD_REQUEST, "not the JSON");
        assertDetail(am("{\"version\":\"4\",\"alerts\":"), HttpStatus.BAD_REQUEST, "not the JSON");
        assertDetail(am("[1,2,3]"), HttpStatus.BAD_REQUEST, "not the JSON");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(am("{\"version\":\"4\",\"alerts\":" + deep + "}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        String huge = amGroup("firing", 0, amAlert("firing", "huge@webhook.example", "e1b2c3d4e5f60001",
                "2026-11-29T01:00:00Z").replace("has 412", "x".repeat(2_000_000)));
        assertThat(am(huge).getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", "huge@webhook.example").count()).isZero();
        assertThat(api.post(null, "/api/v1/alerts/alertmanager", amGroup("firing", 0)).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.post("agent", "/api/v1/alerts/alertmanager", amGroup("firing", 0)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static void assertDetail(ResponseEntity<JsonNode> r, HttpStatus status, String detail) {
        assertThat(r.getStatusCode()).as(String.valueOf(r.getBody())).isEqualTo(status);
        assertThat(r.getBody().path("detail").asText()).contains(detail);
    }

    @Test
    void grafanaWebhooksOpenCasesToo() {
        String body = """
                {"receiver":"relaywarden","status":"firing","orgId":1,"groupKey":"{}/{}:{}","version":"1",
                 "title":"[FIRING:1] RelayRate","state":"alerting","message":"rate too high","truncatedAlerts":0,
                 "groupLabels":{},"commonLabels":{"alertname":"RelayRate"},"commonAnnotations":{},
                 "externalURL":"http://grafana.example:3000/",
                 "alerts":[{"status":"firing","labels":{"alertname":"RelayRate","sasl_username":"graf@webhook.example"},
                   "annotations":{"description":"900 messages in 5 minutes"},"startsAt":"2026-11-29T01:30:00+01:00",
                   "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://grafana.example:3000/alerting/grafana/x/view",
                   "fingerprint":"57c6d9296de2ad39","silenceURL":"http://grafana.example/silence","dashboardURL":"",
                   "panelURL":"","values":{"B":900},"valueString":"[ var='B' value=900 ]"}]}""";
        ResponseEntity<JsonNode> r = new Api(rest).post("monitoring", "/api/v1/alerts/grafana", body);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String caseId = r.getBody().path("results").get(0).path("caseId").asText();
        assertThat(new Api(rest).caseView(caseId).path("reason").asText()).isEqualTo("900 messages in 5 minutes");
        assertThat(new Api(rest).caseView(caseId).path("source").asText()).isEqualTo("grafana");
    }

    @Test
    void fiftyConcurrentDeliveriesForOneAccountMakeExactlyOneCase() throws Exception {
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // every other delivery repeats the one before it: re-sent groups race their originals
            String fp = "f00000000000%04d".formatted(i / 2);
            String body = amGroup("firing", 0, amAlert("firing", "flood@concurrent.example", fp, "2026-11-29T01:00:00Z"));
            futures.add(pool.submit(() -> {
                go.await();
                return am(body);
            }));
        }
        go.countDown();
        Set<String> cases = new HashSet<>();
        int opened = 0, folded = 0, duplicates = 0;
        for (Future<ResponseEntity<JsonNode>> f : futures) {
            ResponseEntity<JsonNode> response = f.get();
            JsonNode body = response.getBody();
            assertThat(body.path("results").size()).as("%s %s", response.getStatusCode(), body).isEqualTo(1);
            opened += body.path("opened").asInt();
            folded += body.path("folded").asInt();
            duplicates += body.path("duplicates").asInt();
            cases.add(body.path("results").get(0).path("caseId").asText());
        }
        pool.shutdown();
        assertThat(cases).hasSize(1);
        assertThat(opened).isEqualTo(1);
        assertThat(folded).isEqualTo(n / 2 - 1);
        assertThat(duplicates).isEqualTo(n / 2);
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", "flood@concurrent.example").count())
                .isEqualTo(1);
        assertThat(new Api(rest).caseView(cases.iterator().next()).path("alerts").asInt()).isEqualTo(n / 2);
    }
}
