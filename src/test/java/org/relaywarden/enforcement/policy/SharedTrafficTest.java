package org.relaywarden.enforcement.policy;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes' traffic counts, written by their journals, read as one by every node. */
class SharedTrafficTest {

    static final Account ALICE = Account.parse("alice@example.test");
    static final Account BOB = Account.parse("bob@example.test");

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    final SharedRelayTraffic shared = new SharedRelayTraffic(jdbc);

    SharedTrafficTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V30__cluster.sql")).execute(ds);
    }

    TrafficJournal journal(String node) {
        return new TrafficJournal(jdbc, new DataSourceTransactionManager(ds), new ClusterSettings(true, node, Duration.ofSeconds(30),
                Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofMillis(200)), clock);
    }

    @Test
    void countsOfTwoNodesAddUpAndWindowsStartWhereTheyShould() {
        TrafficJournal a = journal("a");
        TrafficJournal b = journal("b");
        Instant start = clock.instant();
        for (int i = 0; i < 15; i++) {
            a.counted(ALICE, clock.instant(), 1, 2, "192.0.2.1");
            b.counted(ALICE, clock.instant(), 1, 1, "192.0.2.2");
            clock.advance(Duration.ofMillis(150));
        }
        b.counted(BOB, clock.instant(), 1, 1, "192.0.2.2");
        a.flush();
        assertThat(shared.submissionsSince(ALICE, start).count()).as("only node a's counts are written yet").isEqualTo(15);
        b.flush();

        RelayTraffic.Submissions s = shared.submissionsSince(ALICE, start);
        assertThat(s.count()).isEqualTo(30);
        assertThat(s.first()).isEqualTo(start);
        assertThat(Duration.between(s.first(), s.last())).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2300));
        assertThat(shared.submissionsSince(ALICE, start.plusSeconds(1)).count()).as("from the slot one second in").isEqualTo(16);
        assertThat(shared.submissionsSince(ALICE, clock.instant().plusSeconds(1))).isEqualTo(RelayTraffic.Submissions.none());

        assertThat(shared.activitySince(start)).containsEntry(ALICE, new RelayTraffic.Activity(30, 45, 2))
                .containsEntry(BOB, new RelayTraffic.Activity(1, 1, 1)).hasSize(2);

        // more counts in slots already written add up
        a.counted(ALICE, start, 1, 0, "192.0.2.1");
        a.flush();
        assertThat(shared.submissionsSince(ALICE, start).count()).isEqualTo(31);
    }

    @Test
    void countsThatCannotBeWrittenAreKeptForTheNextFlush() {
        TrafficJournal a = journal("a");
        Instant start = clock.instant();
        a.counted(ALICE, clock.instant(), 1, 1, "192.0.2.1");
        jdbc.execute("ALTER TABLE relay_traffic RENAME TO relay_traffic_away");
        a.flush();
        a.counted(ALICE, clock.instant(), 1, 1, "192.0.2.1");
        jdbc.execute("ALTER TABLE relay_traffic_away RENAME TO relay_traffic");
        assertThat(shared.submissionsSince(ALICE, start).count()).isZero();
        a.flush();
        assertThat(shared.submissionsSince(ALICE, start).count()).isEqualTo(2);
    }

    @Test
    void rowsOlderThanTheRetentionArePruned() {
        TrafficJournal a = journal("a");
        Instant old = clock.instant();
        a.counted(ALICE, old, 1, 1, "192.0.2.1");
        a.flush();
        clock.advance(Duration.ofHours(26));
        a.counted(BOB, clock.instant(), 1, 1, "192.0.2.9");
        a.flush();
        assertThat(shared.submissionsSince(ALICE, old).count()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM relay_traffic_client WHERE account = ?", Integer.class, ALICE.login()))
                .isZero();
        assertThat(shared.submissionsSince(BOB, old).count()).isEqualTo(1);
    }
}
