package org.relaywarden.scenario;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators and Prometheus see: metrics after a case, health, and the API description. */
@RelaywardenSpringBootTest
class MetricsAndDocsTest {

    @Autowired
    TestRestTemplate rest;

    ResponseEntity<String> get(String user, String path) {
        HttpHeaders h = new HttpHeaders();
        if (user != null) {
            h.setBasicAuth(user, user);
        }
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(h), String.class);
    }

    @Test
    void prometheusShowsAlertsSuspensionTimesCasesAndTheEngine() {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"metrics@metrics.example\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        api.post("monitoring", "/api/v1/alerts", "{\"account\":\"metrics@metrics.example\",\"source\":\"queue-monitor\"}");
        api.post("agent", "/api/v1/cases/" + caseId + "/answers", "{\"cause\":\"x\",\"prevention\":\"\",\"queueEmptied\":false}");

        ResponseEntity<String> scrape = get("monitoring", "/actuator/prometheus");
        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getBody())
                .containsPattern("relaywarden_alerts_total\\{result=\"opened\",source=\"queue-monitor\"} [1-9]")
                .containsPattern("relaywarden_alerts_total\\{result=\"folded\",source=\"queue-monitor\"} [1-9]")
                .containsPattern("relaywarden_alert_to_suspension_seconds_count [1-9]")
                .contains("relaywarden_alert_to_suspension_seconds_bucket")
                .containsPattern("relaywarden_cases\\{stage=\"awaiting_answers\"} [0-9]")
                .containsPattern("relaywarden_questionnaire_answers_total\\{complete=\"false\",round=\"first\"} [1-9]")
                .contains("camunda_incidents_open", "camunda_jobs_failed", "camunda_job_executor_active 1.0");
        assertThat(get(null, "/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("agent", "/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void healthIsOpenButItsDetailsAreForOperators() {
        assertThat(get(null, "/actuator/health").getBody()).contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(get(null, "/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("operator", "/actuator/health").getBody()).contains("components", "db");
    }

    @Test
    void theApiIsDescribedWithExamplesForAuthenticatedUsers() {
        ResponseEntity<String> docs = get("operator", "/api/openapi");
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("/api/v1/alerts", "/api/v1/alerts/alertmanager", "/api/v1/alerts/grafana",
                "/api/v1/cases/{caseId}/answers", "/api/v1/cases/{caseId}/close", "c4d2b8f1e0a39d7b", "queue-monitor",
                "/api/v1/cases/{caseId}/contacts", "a `contact` field is refused with 400", "it@kunde.example");
        assertThat(get(null, "/api/openapi").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theApiDocumentNamesRelaywardenAndItsVersion() throws Exception {
        var info = new ObjectMapper().readTree(get("operator", "/api/openapi").getBody()).path("info");
        assertThat(info.path("title").asText()).isEqualTo("Relaywarden API");
        // the build's version (build-info.properties from the spring-boot-maven-plugin), not springdoc's "v0"
        assertThat(info.path("version").asText()).isEqualTo(buildInfo().getProperty("build.version")).isNotEqualTo("v0");
        assertThat(info.path("description").asText()).contains("remediation", "Bearer");
    }

    private static Properties buildInfo() throws IOException {
        Properties p = new Properties();
        try (var in = MetricsAndDocsTest.class.getResourceAsStream("/META-INF/build-info.properties")) {
            assertThat(in).as("build-info.properties on the classpath").isNotNull();
            p.load(in);
        }
        return p;
    }
}
