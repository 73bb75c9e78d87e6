package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Talks to Relaywarden's REST API as the demo users would, with curl-like JSON bodies. */
class Api {

    private final TestRestTemplate rest;
    private final Map<String, String> passwords = new HashMap<>();

    Api(TestRestTemplate rest) {
        this.rest = rest;
    }

    /** A user whose password is not its name (the demo users' is). */
    Api withPassword(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    ResponseEntity<JsonNode> post(String user, String path, String json) {
        return exchange(user, HttpMethod.POST, path, json);
    }

    ResponseEntity<JsonNode> get(String user, String path) {
        return rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(user)), JsonNode.class);
    }

    ResponseEntity<JsonNode> exchange(String user, HttpMethod method, String path, String json) {
        HttpHeaders h = headers(user);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(json, h), JsonNode.class);
    }

    /** Basic credentials sent with the first request (demo users: password = user name). */
    private HttpHeaders headers(String user) {
        HttpHeaders h = new HttpHeaders();
        if (user != null) {
            h.setBasicAuth(user, passwords.getOrDefault(user, user));
        }
        return h;
    }

    JsonNode caseView(String caseId) {
        return get("operator", "/api/v1/cases/" + caseId).getBody();
    }

    /** Polls the case until the condition holds (the job executor works in the background). */
    JsonNode awaitCase(String caseId, String what, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = caseView(caseId);
            if (last != null && condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("case " + caseId + " did not reach: " + what + "; last seen: " + last);
    }

    JsonNode awaitStage(String caseId, String stage) {
        return awaitCase(caseId, "stage " + stage, c -> stage.equals(c.path("stage").asText()));
    }

    /** The newest case of the account, once there is one (an alert raised on a thread of its own opens it). */
    String awaitCaseOf(String account) {
        return until("a case for " + account, () -> {
            JsonNode found = get("operator", "/api/v1/cases?q=" + account).getBody();
            return found != null && found.size() > 0 ? found.get(0).path("caseId").asText() : null;
        });
    }

    /** Polls the probe until it gives a value (not null, not false); fails naming {@code what} after 60 s. */
    static <T> T until(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("did not see " + what + " within 60 s");
    }
}
