package org.relaywarden.scenario;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 33: the blast-radius guard is exact under concurrency. Sixteen alerts of one source for sixteen accounts,
 * sent at the same moment on sixteen connections, with a cap of 5: exactly 5 cases go on to suspension and 11 wait
 * for an operator (before, each request counted without a lock and more than the cap could slip through).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=blastradiusrace",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:blast-radius-race;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-blast-radius-race-quarantine",
        "relaywarden.mail-server=sandbox",
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        "relaywarden.alerts.blast-radius.max-cases=5",
        "relaywarden.alerts.blast-radius.max-cases-total=1000",
})
@DirtiesContext
class BlastRadiusConcurrencyTest {

    static final int ALERTS = 16;
    static final int CAP = 5;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void simultaneousAlertsAreCountedOneAfterAnother() throws Exception {
        Api api = new Api(rest);
        ExecutorService pool = Executors.newFixedThreadPool(ALERTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpStatus>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < ALERTS; i++) {
                String body = "{\"account\":\"race%02d@radius.example\",\"source\":\"storm\"}".formatted(i);
                answers.add(pool.submit(() -> {
                    go.await();
                    return HttpStatus.valueOf(api.post("monitoring", "/api/v1/alerts", body).getStatusCode().value());
                }));
            }
            go.countDown();
            for (Future<HttpStatus> answer : answers) {
                assertThat(answer.get()).isEqualTo(HttpStatus.ACCEPTED);
            }
        } finally {
            pool.shutdownNow();
        }
        Integer suspended = jdbc.queryForObject(
                "SELECT COUNT(*) FROM remediation_case WHERE source = 'storm' AND needs_confirmation = FALSE", Integer.class);
        Integer held = jdbc.queryForObject(
                "SELECT COUNT(*) FROM remediation_case WHERE source = 'storm' AND needs_confirmation = TRUE", Integer.class);
        assertThat(suspended).as("cases let through to suspension").isEqualTo(CAP);
        assertThat(held).as("cases held for an operator").isEqualTo(ALERTS - CAP);
        Integer audited = jdbc.queryForObject("""
                SELECT COUNT(*) FROM case_audit a JOIN remediation_case c ON c.id = a.case_id
                WHERE c.source = 'storm' AND a.action = 'HELD_FOR_CONFIRMATION'""", Integer.class);
        assertThat(audited).isEqualTo(ALERTS - CAP);
    }
}
