package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 27.1: a stored task query (a Tasklist filter) with a JUEL expression was code execution for an
 * administrator: listing the filter evaluated {@code Runtime.exec}. As an administrator ({@link Administrator}: camunda-admin
 * with ALL on every resource), over HTTP: every such filter is refused with a 4xx, listing anything runs nothing, and no
 * marker file appears.
 */
@RelaywardenSpringBootTest
class StoredQueryExpressionTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    AuthorizationService authorizations;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStoredFilterWithAnExpressionIsRefusedAndRunsNothing() throws Exception {
        Administrator.ensure(identity, authorizations);
        Api api = new Api(rest).withPassword(Administrator.ID, Administrator.PASSWORD);
        String admin = Administrator.ID;
        Path dir = Files.createTempDirectory("rw-expression");
        Path marker = dir.resolve("ran");
        String exec = "''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch "
                + marker + "')";
        List<String> answers = new ArrayList<>();
        List<String> notRefused = new ArrayList<>();
        // a filter stored before expressions were switched off (written to the table: the API no longer takes it)
        String stored = "stored-" + UUID.randomUUID();
        jdbc.update("INSERT INTO ACT_RU_FILTER (ID_, REV_, RESOURCE_TYPE_, NAME_, OWNER_, QUERY_, PROPERTIES_)"
                + " VALUES (?, 1, 'Task', 'stored probe', ?, ?, NULL)", stored, admin,
                "{\"assigneeExpression\":\"${" + exec + "}\"}");
        record(answers, notRefused, "stored list", api.get(admin, "/engine-rest/filter/" + stored + "/list"));
        record(answers, notRefused, "stored count", api.get(admin, "/engine-rest/filter/" + stored + "/count"));
        for (String property : List.of("assigneeExpression", "candidateUserExpression", "ownerExpression")) {
            String query = "{\"" + property + "\":\"${" + exec + "}\"}";
            ResponseEntity<JsonNode> created = api.post(admin, "/engine-rest/filter/create",
                    "{\"resourceType\":\"Task\",\"name\":\"probe\",\"owner\":\"" + admin + "\",\"query\":" + query + "}");
            record(answers, notRefused, property + " create", created);
            if (created.getStatusCode().is4xxClientError()) {
                assertThat(created.getBody().path("message").asText()).as(property).containsIgnoringCase("expression");
            }
            record(answers, notRefused, property + " ad hoc", api.post(admin, "/engine-rest/task", query));
            // every filter there is (the probe's own, had it been stored), listed plainly and with the expression as extension
            for (JsonNode existing : api.get(admin, "/engine-rest/filter").getBody()) {
                String id = existing.path("id").asText();
                if (id.equals(stored)) {
                    continue;
                }
                ResponseEntity<JsonNode> plain = api.get(admin, "/engine-rest/filter/" + id + "/list");
                answers.add(property + " list " + existing.path("name").asText() + " -> " + plain.getStatusCode().value());
                record(answers, notRefused, property + " list extended " + existing.path("name").asText(),
                        api.post(admin, "/engine-rest/filter/" + id + "/list", query));
            }
        }
        // Runtime.exec starts touch in the background: give it time to have run, had it been started
        Instant deadline = Instant.now().plus(Duration.ofSeconds(3));
        while (Instant.now().isBefore(deadline) && !Files.exists(marker)) {
            Thread.sleep(100);
        }
        assertThat(marker).as("the expression ran on the server: " + answers).doesNotExist();
        assertThat(notRefused).as("every request with an expression is refused with a 4xx").isEmpty();
    }

    private static void record(List<String> answers, List<String> notRefused, String what, ResponseEntity<JsonNode> answer) {
        String line = what + " -> " + answer.getStatusCode().value() + " " + answer.getBody();
        answers.add(line);
        if (!answer.getStatusCode().is4xxClientError()) {
            notRefused.add(line);
        }
    }
}
