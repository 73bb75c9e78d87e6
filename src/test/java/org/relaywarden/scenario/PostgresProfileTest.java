package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.relaywarden.RelaywardenApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Relaywarden on a real PostgreSQL (the {@code postgres} profile): the Flyway migrations and
 * Camunda's schema are created there, a case runs to review, and concurrent duplicate alerts
 * still make one case (PostgreSQL's unique constraint, not H2's); the letters' recipients come from the
 * provider's customer database (the SQL customer directory, a second database).
 */
class PostgresProfileTest {

    static PostgresServer pg;
    static ConfigurableApplicationContext app;
    static TestRestTemplate rest;
    static JdbcTemplate jdbc;

    /** The application as it is run in production: command-line arguments, the postgres profile. */
    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
        pg.createDatabase("relaywarden");
        // the provider's customer database, apart from Relaywarden's own: the letters' recipients come from it
        pg.createDatabase("crm");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("crm"), PostgresServer.USER,
                PostgresServer.PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customer (sasl_login TEXT NOT NULL, email TEXT NOT NULL, lang TEXT)");
            st.execute("INSERT INTO customer VALUES ('pg@postgres.example', 'inhaber@pg-kunde.example', 'en'),"
                    + " ('pg@postgres.example', 'it@pg-kunde.example', 'en')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        app = new SpringApplicationBuilder(RelaywardenApplication.class).run(
                "--spring.profiles.active=demo,postgres",
                "--server.port=0",
                "--spring.datasource.url=" + pg.jdbcUrl("relaywarden"),
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.datasource.password=" + PostgresServer.PASSWORD,
                "--camunda.bpm.process-engine-name=postgrestest",
                // the case opens from the alerts below (duplicates make one case): the risk would open it from the
                // sandbox's flood first (held for review, SandboxAsksThePolicyCoreTest)
                "--relaywarden.risk.enabled=false",
                // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                "--camunda.bpm.job-execution.wait-time-in-millis=100",
                "--camunda.bpm.job-execution.max-wait=500",
                "--relaywarden.quarantine.dir=" + System.getProperty("java.io.tmpdir") + "/relaywarden-postgres-quarantine",
                "--relaywarden.customers.directory=sql",
                "--relaywarden.customers.sql.url=" + pg.jdbcUrl("crm"),
                "--relaywarden.customers.sql.username=" + PostgresServer.USER,
                "--relaywarden.customers.sql.password=" + PostgresServer.PASSWORD,
                "--relaywarden.customers.sql.query=SELECT email AS address, lang AS language FROM customer WHERE sasl_login = ? ORDER BY email");
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        rest = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port));
        jdbc = app.getBean(JdbcTemplate.class);
    }

    /** The application first, the database after it: a context closing against a stopped database hangs. */
    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aCaseRunsOnPostgresAndDuplicatesStillMakeOneCase() throws Exception {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success", Integer.class))
                .isGreaterThanOrEqualTo(3);
        Api api = new Api(rest);
        api.post("operator", "/api/v1/sandbox/accounts/pg@postgres.example/flood", "{\"count\": 40}");

        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return api.post("monitoring", "/api/v1/alerts", "{\"account\":\"pg@postgres.example\",\"source\":\"queue-monitor\"}");
            }));
        }
        go.countDown();
        Set<String> cases = new HashSet<>();
        int opened = 0;
        for (var f : futures) {
            ResponseEntity<JsonNode> r = f.get();
            opened += r.getStatusCode() == HttpStatus.ACCEPTED ? 1 : 0;
            cases.add(r.getBody().path("caseId").asText());
        }
        pool.shutdown();
        assertThat(opened).isEqualTo(1);
        assertThat(cases).hasSize(1);
        String caseId = cases.iterator().next();

        JsonNode c = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(c.path("evidence").path("messageCount").asInt()).isEqualTo(40);
        assertThat(c.path("alerts").asInt()).isEqualTo(10);
        api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"cracked\",\"prevention\":\"fixed\",\"queueEmptied\":true,\"queueOutput\":\"Mail queue is empty\"}");
        api.awaitStage(caseId, "IN_REVIEW");
        JsonNode letters = api.get("operator", "/api/v1/cases/" + caseId + "/letters").getBody();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("recipients").toString()).as("from the customer database")
                .isEqualTo("[\"inhaber@pg-kunde.example\",\"it@pg-kunde.example\"]");
        assertThat(letters.get(0).path("subject").asText()).as("in the customer database's language").contains("Relaying suspended");
    }
}
