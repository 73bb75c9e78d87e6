package org.relaywarden.cluster;

import org.relaywarden.testsupport.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Three nodes started at once on an empty PostgreSQL database (Debian package, a private cluster),
 * as {@code docker compose up} starts them: held at a {@link StartGate} until all three JVMs are
 * up, then let go together. Every node must come up (no node dies creating Camunda's schema or
 * running Flyway's migrations), and the schema must be created exactly once.
 */
class ParallelFirstStartTest {

    static final int NODES = 3;

    Path work;
    PostgresServer pg;
    final List<RelaywardenNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RelaywardenNode::close);
        if (pg != null) {
            pg.close();
        }
        if (work != null) {
            TestPostfix.deleteTree(work);
        }
    }

    @Test
    void threeNodesStartedTogetherOnAnEmptyDatabaseAllComeUp() throws Exception {
        work = Files.createTempDirectory("rw-first-start-");
        pg = PostgresServer.start();
        pg.createDatabase("fresh");
        Path gate = work.resolve("gate");
        ExecutorService starters = Executors.newFixedThreadPool(NODES);
        List<Future<RelaywardenNode>> started = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            String name = "first" + i;
            List<String> args = List.of(
                    "--spring.profiles.active=demo,postgres",
                    "--spring.datasource.url=" + pg.jdbcUrl("fresh"),
                    "--spring.datasource.username=" + PostgresServer.USER,
                    "--spring.datasource.password=" + PostgresServer.PASSWORD,
                    // three pools of the default 40 would exceed PostgreSQL's default max_connections (100)
                    "--spring.datasource.hikari.maximum-pool-size=15",
                    "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                    "--relaywarden.quarantine.dir=" + work.resolve("quarantine"),
                    "--test.start-gate=" + gate);
            int http = Ports.freePort();
            int policy = Ports.freePort();
            started.add(starters.submit(() -> RelaywardenNode.start(name, work, http, policy, args)));
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (countWaiting(gate) < NODES) {
            if (Instant.now().isAfter(deadline)) {
                fail("not every node reached the start gate within 3 minutes");
            }
            Thread.sleep(50);
        }
        Files.createFile(gate);

        List<String> failures = new ArrayList<>();
        for (Future<RelaywardenNode> f : started) {
            try {
                nodes.add(f.get(5, TimeUnit.MINUTES));
            } catch (ExecutionException e) {
                failures.add(e.getCause().getMessage());
            }
        }
        starters.shutdownNow();
        assertThat(failures).as("nodes that did not come up").isEmpty();
        assertThat(nodes).hasSize(NODES).allMatch(RelaywardenNode::ready);

        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(pg.jdbcUrl("fresh"), PostgresServer.USER,
                PostgresServer.PASSWORD));
        assertThat(db.queryForObject("select count(*) from flyway_schema_history where success and version is not null"
                        + " and version <> '0'", Integer.class))
                .as("every migration applied once")
                .isEqualTo(db.queryForObject("select count(distinct version) from flyway_schema_history where version <> '0'",
                        Integer.class));
        assertThat(db.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class)).isZero();
        assertThat(db.queryForList("select value_ from act_ge_property where name_ = 'schema.version'", String.class))
                .hasSize(1);
        assertThat(db.queryForObject("select count(*) from act_re_procdef where key_ = 'relay-remediation'", Integer.class))
                .as("the process deployed once, not once per node").isEqualTo(1);
        assertThat(db.queryForObject("select count(*) from act_id_user where id_ = 'operator'", Integer.class)).isEqualTo(1);
        assertThat(nodes).allSatisfy(n -> assertThat(Files.readString(n.logFile()))
                .as("node " + n.name() + " set up or found the database under the startup lock")
                .contains("startup: node " + n.name() + " sets up the database"));
    }

    private static long countWaiting(Path gate) throws IOException {
        try (var files = Files.list(gate.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("gate.") && p.toString().endsWith(".waiting")).count();
        }
    }
}
