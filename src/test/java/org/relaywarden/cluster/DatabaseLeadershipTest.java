package org.relaywarden.cluster;

import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled-work lease: one holder at a time, handed over when the holder dies or stops. */
class DatabaseLeadershipTest {

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));

    DatabaseLeadershipTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30__cluster.sql")).execute(ds);
    }

    DatabaseLeadership node(String id) {
        return new DatabaseLeadership(jdbc, new ClusterSettings(true, id, Duration.ofSeconds(30), Duration.ofMillis(250),
                Duration.ofMinutes(5), Duration.ofMillis(200)), clock);
    }

    @Test
    void oneNodeLeadsAndAnotherTakesOverOnlyOnceTheDeadOnesLeaseHasRunOut() {
        DatabaseLeadership a = node("a");
        DatabaseLeadership b = node("b");
        a.renew();
        b.renew();
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();

        // a keeps renewing: b never gets it
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            a.renew();
            b.renew();
            assertThat(a.isLeader()).isTrue();
            assertThat(b.isLeader()).isFalse();
        }

        // a dies (no renewal): it stops believing it leads before its lease runs out in the database ...
        clock.advance(Duration.ofSeconds(26));
        assertThat(a.isLeader()).as("a gives up before the database lease ends").isFalse();
        b.renew();
        assertThat(b.isLeader()).as("a's lease has not run out yet").isFalse();
        // ... and b takes over once it has
        clock.advance(Duration.ofSeconds(5));
        b.renew();
        assertThat(b.isLeader()).isTrue();
        a.renew();
        assertThat(a.isLeader()).as("a back: b holds the lease now").isFalse();
    }

    @Test
    void aNodeRestartedUnderItsIdTakesItsLeaseBackAtOnceAndACleanStopHandsItOver() {
        DatabaseLeadership a = node("a");
        a.renew();
        assertThat(a.isLeader()).isTrue();
        DatabaseLeadership restarted = node("a");
        restarted.renew();
        assertThat(restarted.isLeader()).isTrue();

        DatabaseLeadership b = node("b");
        restarted.start();
        restarted.stop();
        assertThat(restarted.isLeader()).isFalse();
        b.renew();
        assertThat(b.isLeader()).as("given back on a clean stop: no waiting for the lease to run out").isTrue();
    }

    @Test
    void aNodeThatCannotReachTheDatabaseStopsLeadingOnItsOwn() {
        DatabaseLeadership a = node("a");
        a.renew();
        assertThat(a.isLeader()).isTrue();
        jdbc.execute("ALTER TABLE cluster_lease RENAME TO cluster_lease_away");
        clock.advance(Duration.ofSeconds(20));
        a.renew();
        assertThat(a.isLeader()).as("still within what it had").isTrue();
        clock.advance(Duration.ofSeconds(6));
        a.renew();
        assertThat(a.isLeader()).isFalse();
        jdbc.execute("ALTER TABLE cluster_lease_away RENAME TO cluster_lease");
        a.renew();
        assertThat(a.isLeader()).as("back once the database is").isTrue();
    }
}
