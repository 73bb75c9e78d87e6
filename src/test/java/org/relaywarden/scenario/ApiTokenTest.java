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
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** API tokens: created by operators, shown once, stored hashed, limited to their groups, revocable. */
@RelaywardenSpringBootTest
class ApiTokenTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    ResponseEntity<JsonNode> withToken(String token, HttpMethod method, String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(token);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(body, h), JsonNode.class);
    }

    @Test
    void aMonitoringTokenRaisesAlertsAndNothingElseUntilRevoked() {
        Api api = new Api(rest);
        ResponseEntity<JsonNode> created = api.post("operator", "/api/v1/tokens",
                "{\"name\":\"alertmanager-eu1\",\"groups\":[\"relaywarden-monitoring\"]}");
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String token = created.getBody().path("token").asText();
        assertThat(token).startsWith("rw_").hasSizeGreaterThan(40);

        String alert = "{\"account\":\"token@tokens.example\",\"source\":\"alertmanager\"}";
        assertThat(withToken(token, HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(withToken(token, HttpMethod.GET, "/api/v1/cases", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(withToken(token + "x", HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(withToken("rw_guess", HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        // stored as a hash only; the list shows no secret
        List<String> stored = jdbc.queryForList("SELECT token_hash FROM api_token WHERE name = 'alertmanager-eu1'", String.class);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).hasSize(64).isNotEqualTo(token).doesNotContain(token.substring(3, 20));
        assertThat(api.get("operator", "/api/v1/tokens").getBody().toString()).contains("alertmanager-eu1").doesNotContain(token);
        // the audit trail names the token
        String caseId = withToken(token, HttpMethod.POST, "/api/v1/alerts", alert).getBody().path("caseId").asText();
        assertThat(api.caseView(caseId).path("audit").get(0).path("actor").asText()).isEqualTo("token:alertmanager-eu1");

        assertThat(rest.exchange("/api/v1/tokens/alertmanager-eu1", HttpMethod.DELETE,
                new HttpEntity<>(basic("operator")), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(withToken(token, HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void tokensNeedAValidNameAndKnownGroups() {
        Api api = new Api(rest);
        assertThat(api.post("operator", "/api/v1/tokens", "{\"name\":\"Bad Name!\",\"groups\":[\"relaywarden-monitoring\"]}")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.post("operator", "/api/v1/tokens", "{\"name\":\"x\",\"groups\":[\"camunda-admin\"]}")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.post("monitoring", "/api/v1/tokens", "{\"name\":\"y\",\"groups\":[\"relaywarden-operators\"]}")
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    static HttpHeaders basic(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }
}
