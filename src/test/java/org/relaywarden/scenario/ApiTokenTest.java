package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relaywarden.security.ApiTokensAccess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    /**
     * Issue 16.6: a token made with an operator token survived that token's revocation. Now a token cannot make
     * tokens at all, a token made before that (created by "token:parent") goes with its parent, and tokens expire.
     */
    @Test
    void tokensCannotMakeTokensChildrenGoWithTheParentAndTokensExpire() throws Exception {
        Api api = new Api(rest);
        String parent = api.post("operator", "/api/v1/tokens",
                "{\"name\":\"ops-parent\",\"groups\":[\"relaywarden-operators\"]}").getBody().path("token").asText();
        ResponseEntity<JsonNode> byToken = withToken(parent, HttpMethod.POST, "/api/v1/tokens",
                "{\"name\":\"ops-child\",\"groups\":[\"relaywarden-operators\"]}");
        assertThat(byToken.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_token WHERE name = 'ops-child'", Long.class)).isZero();

        // a child made by the parent before this rule (as the old code let it): revoked with its parent
        String legacy = "rw_legacy-child-of-ops-parent-0123456789abcdefghijklmnopq";
        jdbc.update("INSERT INTO api_token (name, token_hash, groups, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                "ops-legacy-child", ApiTokensAccess.hash(legacy), "relaywarden-operators",
                "token:ops-parent", OffsetDateTime.now());
        assertThat(withToken(legacy, HttpMethod.GET, "/api/v1/tokens", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.exchange("/api/v1/tokens/ops-parent", HttpMethod.DELETE, new HttpEntity<>(basic("operator")), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(withToken(parent, HttpMethod.GET, "/api/v1/tokens", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(withToken(legacy, HttpMethod.GET, "/api/v1/tokens", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        // expiry: the default and the list show it; a short one runs out; above the maximum is refused
        ResponseEntity<JsonNode> usual = api.post("operator", "/api/v1/tokens",
                "{\"name\":\"usual\",\"groups\":[\"relaywarden-monitoring\"]}");
        Instant expires = Instant.parse(usual.getBody().path("expiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(89)),
                Instant.now().plus(Duration.ofDays(91)));
        JsonNode listed = null;
        for (JsonNode t : api.get("operator", "/api/v1/tokens").getBody()) {
            if (t.path("name").asText().equals("usual")) {
                listed = t;
            }
        }
        assertThat(listed.path("expiresAt").asText()).isNotEmpty();
        assertThat(listed.path("createdBy").asText()).isEqualTo("operator");
        String brief = api.post("operator", "/api/v1/tokens",
                "{\"name\":\"brief\",\"groups\":[\"relaywarden-monitoring\"],\"validity\":\"PT1S\"}").getBody().path("token").asText();
        String alert = "{\"account\":\"brief@tokens.example\",\"source\":\"alertmanager\"}";
        assertThat(withToken(brief, HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Thread.sleep(1500);
        assertThat(withToken(brief, HttpMethod.POST, "/api/v1/alerts", alert).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.post("operator", "/api/v1/tokens",
                "{\"name\":\"forever\",\"groups\":[\"relaywarden-monitoring\"],\"validity\":\"P3650D\"}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    static HttpHeaders basic(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }
}
